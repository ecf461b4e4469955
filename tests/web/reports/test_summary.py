import contextlib
import datetime as dt
import re
import zlib

import pytest

from krampe.domain.trial.design import blinded_design, design_to_dict, open_label_design
from krampe.domain.trial.simulate import simulate_diary
from krampe.web.diary.models import Night, Trial
from krampe.web.profiles.models import HealthProfile

pytestmark = pytest.mark.django_db

PROFILE = {
    "age": 67,
    "sex": "female",
    "medicines": ["Eltroxin", "Furix"],
    "conditions": [],
    "symptoms": [],
    "cramps_per_week": 4,
    "takes_magnesium": False,
    "egfr": 72,
}
START = dt.date(2025, 1, 6)


def pdf_pages(pdf: bytes) -> list[tuple[int, int]]:
    """The size of every page object, also inside compressed object streams."""
    chunks = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        # an image or font stream may not be deflated: skip it
        with contextlib.suppress(zlib.error):
            chunks.append(zlib.decompress(match.group(1)))
    text = b"\n".join(chunks)
    pages = re.findall(rb"/Type\s*/Page(?![a-zA-Z])", text)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", text)
    assert len(boxes) == len(pages)
    return [(round(float(w)), round(float(h))) for w, h in boxes]


def store_trial(user, design, kind, ratio=0.4, seed=7, unblinded=False):
    trial = Trial.objects.create(
        user=user,
        kind=kind,
        start=design.start,
        seed=design.seed,
        design=design_to_dict(design),
        unblinded_at=dt.datetime(2025, 4, 1, tzinfo=dt.UTC) if unblinded else None,
    )
    for n in simulate_diary(design, ratio, seed):
        Night.objects.create(
            user=user,
            date=n.date,
            # the diary stores no phase for blinded nights until unblinding
            phase="" if kind == "blinded" and not unblinded and n.phase != "run_in" else n.phase,
            cramps=n.cramps,
            worst_pain=n.worst_pain,
            awakenings=n.awakenings or 0,
            took_dose=n.took_dose,
            stretched=n.stretched,
            side_effect=n.side_effect or "none",
        )
    return trial


def test_summary_without_any_data_says_what_is_missing(logged_in):
    response = logged_in.get("/summary/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "No profile filled in yet." in page
    assert "No nights logged yet." in page
    assert "No trial yet." in page


def test_summary_shows_profile_findings_diary_and_verdict(logged_in, karen):
    HealthProfile.objects.create(user=karen, data=PROFILE)
    store_trial(karen, open_label_design(START), "open")
    page = logged_in.get("/summary/").content.decode()
    assert "67 years, female" in page
    assert "eGFR 72" in page
    assert "Eltroxin" in page and "H03AA01" in page
    assert "Before (baseline)" in page and "Magnesium" in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert "rate ratio" in page
    assert "open-label before/after comparison" in page  # the open-label caveat
    assert "Cochrane" in page  # its source, listed


def test_summary_is_in_danish_for_a_danish_person(logged_in, karen):
    karen.language = "da"
    karen.save()
    logged_in.cookies["django_language"] = "da"
    HealthProfile.objects.create(user=karen, data=PROFILE)
    store_trial(karen, open_label_design(START), "open")
    page = logged_in.get("/summary/").content.decode()
    assert "67 år, kvinde" in page
    assert "Dette er en åben før/efter-sammenligning" in page


def test_blinded_trial_hides_the_result_and_the_allocation(logged_in, karen):
    store_trial(karen, blinded_design(START, seed=41), "blinded")
    page = logged_in.get("/summary/").content.decode()
    assert "The result stays hidden until the last period ends" in page
    assert "Placebo" not in page and "rate ratio" not in page
    assert "data:image/svg+xml" not in page  # the shaded chart would show the periods


def test_unblinded_trial_shows_magnesium_against_placebo(logged_in, karen):
    store_trial(karen, blinded_design(START, seed=41), "blinded", unblinded=True)
    page = logged_in.get("/summary/").content.decode()
    assert "magnesium compared with placebo" in page
    assert "Placebo" in page


def test_pdf_is_one_a4_page(logged_in, karen):
    HealthProfile.objects.create(user=karen, data=PROFILE)
    store_trial(karen, open_label_design(START), "open")
    response = logged_in.get("/summary.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert pdf_pages(response.content) == [(595, 842)]  # one A4 page, in points


def test_pdf_of_an_empty_account_is_still_a_pdf(logged_in):
    response = logged_in.get("/summary.pdf")
    assert response.content.startswith(b"%PDF")
    assert len(pdf_pages(response.content)) == 1


def test_summary_shows_the_saved_plan_with_times(logged_in, karen):
    from krampe.web.plans.models import SupplementPlan

    HealthProfile.objects.create(user=karen, data={**PROFILE, "medicines": []})
    SupplementPlan.objects.create(user=karen, product="citrate", daily_mg=200)
    page = logged_in.get("/summary/").content.decode()
    assert "200 mg elemental magnesium a day" in page
    assert "21:30 200 mg" in page  # 1.5 hours before the default bedtime 23:00
    assert "Calf stretching every evening at" in page
