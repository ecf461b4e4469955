"""The doctor summary of an extended blinded trial names the extension (planned, added,
when, the rule for repeated looks) and fits one A4 page; with the blinding check as
well, only the numbered sources may run on. Danish and English."""

from __future__ import annotations

import datetime as dt

import pypdfium2 as pdfium
import pytest

from _support import WALKTHROUGH_MEDICINES
from krampe.domain.trial.blinding import blinding_check
from krampe.domain.trial.design import (
    add_sealed_pair,
    blinded_design,
    design_to_dict,
    reveal_design,
    seal_design,
)
from krampe.domain.trial.simulate import simulate_diary
from krampe.web.diary.models import Night, SealedAllocation, Trial
from krampe.web.diary.services import row_fields, stored_phase
from krampe.web.profiles.models import HealthProfile
from web.reports.conftest import PROFILE
from web.reports.test_summary import START, pdf_pages
from web.reports.test_summary_plain_verdict import _language, _pdf_text

pytestmark = pytest.mark.django_db
ADDED = dt.date(2025, 5, 12)


def _extended_and_unblinded(user) -> Trial:  # type: ignore[no-untyped-def]
    sealed, allocation = seal_design(blinded_design(START, seed=41), START)
    extended = reveal_design(add_sealed_pair(sealed, added_on=ADDED), allocation)
    trial = Trial.objects.create(
        user=user,
        design=design_to_dict(extended),
        unblinded_at=dt.datetime(2025, 7, 1, tzinfo=dt.UTC),
    )
    SealedAllocation.objects.create(trial=trial, allocation=allocation.to_dict())
    for n in simulate_diary(extended, 0.6, 5):
        if n.cramps is not None:
            Night.objects.create(
                user=user, date=n.date, **row_fields(n, stored_phase(trial, n.date))
            )
    return trial


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Extended: 3 pairs planned, 1 added (pair 4 on 12 May 2025)."),
        ("da", "Forlænget: 3 par planlagt, 1 lagt til (par 4 den 12. maj 2025)."),
    ],
)
def test_an_extended_trial_names_its_extension_on_one_a4_page(bob_client, bob, lang, expected):
    _language(bob_client, bob, lang)
    data = {**PROFILE, "medicines": list(WALKTHROUGH_MEDICINES)}
    HealthProfile.objects.create(user=bob, data=data)
    trial = _extended_and_unblinded(bob)
    assert trial.running().design.pairs == 4 and not trial.running().blind
    page = bob_client.get("/summary/").content.decode()
    note = page.split('id="sum-extension">', 1)[1].split("</p>", 1)[0]
    assert note.startswith(expected)
    response = bob_client.get("/summary.pdf")
    assert pdf_pages(response.content) == [(595, 842)]  # one A4 page, in points
    assert expected in _pdf_text(response.content)


@pytest.mark.parametrize(
    ("lang", "blinding", "sources"),
    [("en", "Blinding check", "Sources"), ("da", "Blindingstjek", "Kilder")],
)
def test_with_everything_only_the_source_list_may_continue_on_a_second_page(
    bob_client, bob, lang, blinding, sources
):
    """Twelve medicines, an extension and the blinding check: every part of the summary
    is on the first page; at most the numbered sources run on."""
    _language(bob_client, bob, lang)
    data = {**PROFILE, "medicines": list(WALKTHROUGH_MEDICINES)}
    HealthProfile.objects.create(user=bob, data=data, summary_name="Kirsten L.")
    trial = _extended_and_unblinded(bob)
    periods = len(trial.running().design.periods)
    guesses = {p: "magnesium" if p % 2 else "placebo" for p in range(1, periods + 1)}
    trial.blinding_check = blinding_check(guesses, "fairly_sure", periods, START).to_dict()
    trial.save()
    content = bob_client.get("/summary.pdf").content
    assert len(pdf_pages(content)) <= 2
    first = _first_page_text(content)
    for part in ("Extended: 3 pairs" if lang == "en" else "Forlænget: 3 par", blinding, sources):
        assert part in first
    assert "Blabbermix" in first  # the medicine that could not be checked


def _first_page_text(content: bytes) -> str:
    document = pdfium.PdfDocument(content)
    try:
        return " ".join(document[0].get_textpage().get_text_range().split())
    finally:
        document.close()
