import datetime as dt

import pytest

from _web import store_trial
from krampe.domain.trial.design import blinded_design, open_label_design
from krampe.domain.trial.simulate import simulate_diary
from krampe.web.diary.models import Night
from krampe.web.diary.services import row_fields, stored_phase
from krampe.web.profiles.models import HealthProfile
from web.reports.conftest import PROFILE

pytestmark = pytest.mark.django_db

START = dt.date(2025, 1, 6)


def pdf_pages(pdf: bytes) -> list[tuple[int, int]]:
    """The size of every page in points, as a PDF reader sees them (pdfium): a regex
    over the deflated streams missed the pages when a binary stream held "endstream"."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [(round(w), round(h)) for w, h in (page.get_size() for page in document)]
    finally:
        document.close()


def store_diary(user, design, ratio=0.4, seed=7, unblinded=False):
    """A trial of ``design`` with a simulated diary, stored as the web app stores them."""
    trial = store_trial(user, design, unblinded=unblinded)
    for n in simulate_diary(design, ratio, seed):
        if n.cramps is not None:
            Night.objects.create(
                user=user, date=n.date, **row_fields(n, stored_phase(trial, n.date))
            )
    return trial


def test_summary_without_any_data_says_what_is_missing(bob_client):
    response = bob_client.get("/summary/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "No profile filled in yet." in page
    assert "No nights logged yet." in page
    assert "There is no trial yet, so nothing has been compared." in page


def test_summary_shows_profile_findings_diary_and_verdict(bob_client, bob):
    HealthProfile.objects.create(user=bob, data=PROFILE)
    store_diary(bob, open_label_design(START))
    page = bob_client.get("/summary/").content.decode()
    assert "67 years, female" in page
    assert "eGFR 72" in page
    assert "Eltroxin" in page and "H03AA01" in page
    assert "Before (baseline)" in page and "Magnesium" in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert "Rate ratio" in page
    assert "open-label before/after comparison" in page  # the open-label caveat
    assert "Cochrane" in page  # its source, listed


def test_summary_is_in_danish_for_a_danish_person(bob_client, bob):
    bob.language = "da"
    bob.save()
    bob_client.cookies["django_language"] = "da"
    HealthProfile.objects.create(user=bob, data=PROFILE)
    store_diary(bob, open_label_design(START))
    page = bob_client.get("/summary/").content.decode()
    assert "67 år, kvinde" in page
    assert "Dette er en åben før/efter-sammenligning" in page


def test_blinded_trial_hides_the_result_and_the_allocation(bob_client, bob):
    store_diary(bob, blinded_design(START, seed=41))
    page = bob_client.get("/summary/").content.decode()
    assert "A blinded trial against placebo runs until its last night" not in page  # it ended
    assert "ended on 11 May 2025; its result stays hidden until it is unblinded." in page
    assert "Placebo" not in page and "rate ratio" not in page.lower()
    assert "data:image/svg+xml" not in page  # the shaded chart would show the periods


def test_unblinded_trial_shows_magnesium_against_placebo(bob_client, bob):
    store_diary(bob, blinded_design(START, seed=41), unblinded=True)
    page = bob_client.get("/summary/").content.decode()
    assert "magnesium compared with placebo" in page
    assert "Placebo" in page


def test_pdf_is_one_a4_page(bob_client, bob):
    HealthProfile.objects.create(user=bob, data=PROFILE)
    store_diary(bob, open_label_design(START))
    response = bob_client.get("/summary.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert pdf_pages(response.content) == [(595, 842)]  # one A4 page, in points


def test_pdf_of_an_empty_account_is_still_a_pdf(bob_client):
    response = bob_client.get("/summary.pdf")
    assert response.content.startswith(b"%PDF")
    assert len(pdf_pages(response.content)) == 1


def test_summary_shows_the_saved_plan_with_times(bob_client, bob):
    from krampe.web.plans.models import SupplementPlan

    HealthProfile.objects.create(user=bob, data={**PROFILE, "medicines": []})
    SupplementPlan.objects.create(user=bob, product="citrate", daily_mg=200)
    page = bob_client.get("/summary/").content.decode()
    assert "200 mg elemental magnesium a day" in page
    assert "21:30 200 mg" in page  # 1.5 hours before the default bedtime 23:00
    assert "Calf stretching every evening at" in page


def test_a_trial_without_nights_is_not_called_no_trial(bob_client, bob):
    store_trial(bob, open_label_design(START))
    page = bob_client.get("/summary/").content.decode()
    assert "The trial has no logged nights yet" in page and "no trial yet" not in page


def test_tablets_are_counted_in_words(bob_client, bob):
    from krampe.web.plans.models import SupplementPlan

    HealthProfile.objects.create(user=bob, data={**PROFILE, "medicines": []})
    SupplementPlan.objects.create(
        user=bob, product="citrate_nonahydrate", elemental_mg_per_tablet=100, daily_mg=200
    )
    page = bob_client.get("/summary/").content.decode()
    assert "21:30 200 mg (2 tablets)" in page and "2.0" not in page
