"""The doctor summary starts with the plain verdict (the results page's own sentence, or
why there is none) and still fits one A4 page with it, for a finished blinded trial and
an open-label trial, in Danish and English."""

from __future__ import annotations

import datetime as dt

import pypdfium2 as pdfium
import pytest

from _support import WALKTHROUGH_MEDICINES
from _web import TODAY, store_trial
from krampe.domain.trial.blinding import blinding_check
from krampe.domain.trial.design import blinded_design, open_label_design
from krampe.domain.trial.simulate import simulate_diary
from krampe.web.core.reportcache import bump
from krampe.web.diary.models import Night
from krampe.web.diary.services import row_fields, stored_phase
from krampe.web.profiles.models import HealthProfile
from web.reports.conftest import PROFILE
from web.reports.test_summary import START, pdf_pages, store_diary

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> str:
    document = pdfium.PdfDocument(content)
    try:
        return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)
    finally:
        document.close()


def _language(client, user, lang: str) -> None:  # type: ignore[no-untyped-def]
    user.language = lang
    user.save()
    client.cookies["django_language"] = lang


def _finished_blinded(user) -> None:  # type: ignore[no-untyped-def]
    trial = store_diary(user, blinded_design(START, seed=41), unblinded=True)
    periods = len(trial.running().design.periods)
    guesses = {p: "magnesium" if p % 2 else "placebo" for p in range(1, periods + 1)}
    trial.blinding_check = blinding_check(guesses, "fairly_sure", periods, START).to_dict()
    trial.save()


def _open_label(user) -> None:  # type: ignore[no-untyped-def]
    store_diary(user, open_label_design(START))


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("store", [_finished_blinded, _open_label], ids=["blinded", "open"])
@pytest.mark.parametrize(
    "medicines", [PROFILE["medicines"], WALKTHROUGH_MEDICINES], ids=["two", "twelve"]
)
def test_the_pdf_starts_with_the_plain_verdict_on_one_a4_page(
    bob_client, bob, lang, store, medicines
):
    _language(bob_client, bob, lang)
    data = {**PROFILE, "medicines": list(medicines)}
    HealthProfile.objects.create(user=bob, data=data, summary_name="K. L.")
    store(bob)
    page = bob_client.get("/summary/").content.decode()
    plain = page.split('id="sum-plain"><strong>', 1)[1].split("</strong>", 1)[0]
    assert len(plain) > 20
    response = bob_client.get("/summary.pdf")
    assert pdf_pages(response.content) == [(595, 842)]  # one A4 page, in points
    text = _pdf_text(response.content)
    person = "The person" if lang == "en" else "Personen"
    first = " ".join(plain.replace("&#x27;", "'").split()[:5])
    assert first in text and text.index(first) < text.index(person)


def _swap_first_pair(trial) -> None:  # type: ignore[no-untyped-def]
    periods = [dict(p) for p in trial.design["periods"]]
    periods[0]["phase"], periods[1]["phase"] = periods[1]["phase"], periods[0]["phase"]
    type(trial).objects.filter(pk=trial.pk).update(design={**trial.design, "periods": periods})


def _unreadable(trial) -> None:  # type: ignore[no-untyped-def]
    type(trial).objects.filter(pk=trial.pk).update(design={"kind": "blinded"})
    bump(trial.user_id)  # as a change through the app would (a broken seal is read anyway)


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (_swap_first_pair, "The seal of the blinded trial no longer matches its stored allocation"),
        (_unreadable, "The trial's stored design could not be read, so nothing is compared"),
    ],
    ids=["broken_seal", "unreadable"],
)
def test_a_trial_that_cannot_be_used_is_never_called_no_trial_nor_compared(
    bob_client, bob, spoil, expected
):
    trial = store_diary(bob, blinded_design(START, seed=41), unblinded=True)
    assert "Rate ratio" in bob_client.get("/summary/").content.decode()
    spoil(trial)
    page = bob_client.get("/summary/").content.decode()
    plain = page.split('id="sum-plain"><strong>', 1)[1].split("</strong>", 1)[0]
    assert plain.startswith(expected.replace("'", "&#x27;"))
    assert "Rate ratio" not in page and 'id="sum-result"' not in page
    assert "data:image/svg+xml" not in page  # nor the phases, which are not known
    assert "no trial yet" not in page


def test_a_running_trial_says_its_verdict_is_so_far_on_the_summary_and_the_results(bob_client, bob):
    design = open_label_design(TODAY - dt.timedelta(days=40))  # its last night is ahead
    trial = store_trial(bob, design)
    for n in simulate_diary(design, 0.4, 7):
        if n.cramps is not None and n.date < TODAY:  # up to last night
            Night.objects.create(
                user=bob, date=n.date, **row_fields(n, stored_phase(trial, n.date))
            )
    end = f"{design.end.day} {design.end:%B %Y}"
    so_far = f"The trial runs until its last night, {end}: this is what the nights logged so"
    summary = bob_client.get("/summary/").content.decode()
    results = bob_client.get("/results/").content.decode()
    for page in (summary, results):
        assert so_far in " ".join(page.split())
