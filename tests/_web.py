"""Helpers the web tests share (importable as ``_web``): stored trials and nights, forms."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from krampe.domain.trial.design import Design, design_to_dict, reveal_design, seal_design

PASSWORD = "calf-stretch-2026"
# The web tests run on this day, at noon in Copenhagen (tests/web/conftest.py).
TODAY = dt.date(2026, 3, 10)


def store_trial(user: Any, design: Design, *, unblinded: bool = False) -> Any:
    """Store a trial of ``design`` for ``user``, as the trial start does.

    A blinded design file (``blinded_design(start, seed)``, whose allocation a
    test knows) is stored sealed, with its allocation in the sealed record, as
    a blinded trial started in the app is; ``unblinded`` stores it revealed.
    """
    from krampe.web.diary.models import SealedAllocation, Trial

    allocation = None
    if design.kind == "blinded" and design.seal is None:
        design, allocation = seal_design(design, design.start)
        if unblinded:
            design = reveal_design(design, allocation)
    trial = Trial.objects.create(
        user=user,
        design=design_to_dict(design),
        unblinded_at=dt.datetime(2025, 4, 1, tzinfo=dt.UTC) if unblinded else None,
    )
    if allocation is not None:
        SealedAllocation.objects.create(trial=trial, allocation=allocation.to_dict())
    return trial


def add_nights(user: Any, rows: Sequence[tuple[str, str, int, int | None]]) -> None:
    """``add_nights(user, [(date, phase, cramps, worst_pain), ...])``."""
    from krampe.web.diary.models import Night

    for day, phase, cramps, pain in rows:
        Night.objects.create(
            user=user,
            date=dt.date.fromisoformat(day),
            phase=phase,
            cramps=cramps,
            worst_pain=pain,
            awakenings=1 if cramps else 0,
            took_dose=phase == "magnesium",
            stretched=False,
            side_effect="none",
        )


def night_form(date: dt.date, **changes: str) -> dict[str, str]:
    """The nightly form as a person posts it, with ``changes``."""
    data = {
        "date": date.isoformat(),
        "cramps": "2",
        "worst_pain": "6",
        "awakenings": "1",
        "took_dose": "yes",
        "stretched": "no",
        "side_effect": "none",
        "note": "",
    }
    data.update(changes)
    return data


def slow_pdfs(monkeypatch: Any, settings: Any, budget: float) -> threading.Event:
    """From now on every PDF render waits (at most 10 s) for the event returned: each
    runs over a time budget of ``budget`` seconds and keeps its PDF worker meanwhile."""
    from krampe.web.core import pdf

    settings.PDF_TIME_BUDGET = budget
    release = threading.Event()

    def slow_write(*args: Any, **kwargs: Any) -> bytes:
        release.wait(10)
        return b"%PDF-late"

    monkeypatch.setattr(pdf, "_write", slow_write)
    return release


def quick_pdf_once_free(monkeypatch: Any, get: Callable[[], Any]) -> Any:
    """Renders are quick again: ``get()``'s first answer once the slow renders have
    given their workers back (within 10 s), as ``b"%PDF-1.7 quick"``."""
    from krampe.web.core import pdf

    monkeypatch.setattr(pdf, "_write", lambda *a, **k: b"%PDF-1.7 quick")
    deadline = time.monotonic() + 10
    answer = get()
    while answer.status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.1)
        answer = get()
    return answer
