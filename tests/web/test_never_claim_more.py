"""Issue 12 through the web: the pages, the feed and the doctor summary say what was checked.

Vignettes: a medicine with a spacing rule and no times, unknown medicines,
every age band, quinine, and an urgent red flag that pauses the trial and
every reminder (banner, plan, feed, doctor summary).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from icalendar import Calendar

from _web import TODAY, store_trial
from krampe.domain.trial.design import build_design
from krampe.web.plans.models import SupplementPlan
from krampe.web.profiles.models import HealthProfile

pytestmark = pytest.mark.django_db


def profile(user: Any, **data: Any) -> None:
    HealthProfile.objects.create(user=user, data={"age": 50, "sex": "female", **data})


def page(client: Any, url: str) -> str:
    return client.get(url).content.decode().split('<main id="main">', 1)[1]


def events(client: Any, url: str = "/plan/calendar.ics") -> list[Any]:
    return list(Calendar.from_ical(client.get(url).content).walk("VEVENT"))


def test_ciproxin_without_times_gets_no_time_and_no_reminder_until_they_are_entered(
    bob_client, bob
):
    profile(bob, medicines=["Ciproxin"])
    store_trial(bob, build_design("open", TODAY - dt.timedelta(days=20)))
    html = page(bob_client, "/plan/")
    assert 'class="clock"' not in html
    assert "Enter when you take Ciproxin before Krampe can choose a time" in html
    assert "keep" not in html.split('id="missing-times"', 1)[1].split("</div>", 1)[0]
    assert not [e for e in events(bob_client) if "Magnesium" in str(e["SUMMARY"])]
    times = [{"name": "Ciproxin", "times": ["08:00", "20:00"]}]
    SupplementPlan.objects.create(user=bob, medicine_times=times)
    html = page(bob_client, "/plan/")
    (shown,) = re.findall(r'<span class="clock">(\d\d:\d\d)</span>', html)
    at = int(shown[:2]) * 60 + int(shown[3:])
    for taken in (8 * 60, 20 * 60):  # cipro_label_us: 2 h before or 6 h after magnesium
        assert not (taken - 6 * 60 < at < taken + 2 * 60)
    assert "for the medicines Krampe knows (Ciproxin)" in html
    doses = [e for e in events(bob_client) if "Magnesium" in str(e["SUMMARY"])]
    assert doses and doses[0]["DTSTART"].dt.strftime("%H:%M") == shown


def test_unknown_medicines_are_named_as_not_checked_everywhere(bob_client, bob):
    profile(bob, medicines=["Vibradox", "Blabbermix", "Panodil"])
    screening = page(bob_client, "/profile/screening/")
    assert "2 of your medicines could not be checked: Vibradox, Blabbermix." in screening
    assert "Unknown medicine: Vibradox" in screening and "Unknown medicine: Blabbermix" in screening
    plan = page(bob_client, "/plan/")
    for name in ("Vibradox", "Blabbermix"):
        assert f"Not checked: Krampe does not know {name}" in plan
    assert "for the medicines Krampe knows" not in plan or "Vibradox)" not in plan
    summary = page(bob_client, "/summary/")
    assert summary.count("not recognised: not checked") == 2
    assert "2 of your medicines could not be checked" in summary


def test_a_known_medicine_whose_spacing_was_not_checked_is_never_called_checked(bob_client, bob):
    # Liothyronine: known (H03AA02), but no read source gives a spacing (spacing_not_checked).
    profile(bob, medicines=["Liothyronin", "Ciproxin"])
    times = [{"name": "Ciproxin", "times": ["08:00"]}, {"name": "Liothyronin", "times": ["08:00"]}]
    SupplementPlan.objects.create(user=bob, medicine_times=times)
    screening = page(bob_client, "/profile/screening/")
    assert "1 of your medicines could not be checked: Liothyronin." in screening
    assert "Liothyronine: not checked against magnesium" in screening
    plan = page(bob_client, "/plan/")
    assert "for the medicines Krampe knows (Ciproxin)" in plan
    assert "Not checked: Krampe knows Liothyronin" in plan
    summary = page(bob_client, "/summary/")
    assert "1 of your medicines could not be checked: Liothyronin." in summary
    assert "Not checked: Krampe knows Liothyronin" in summary


@pytest.mark.parametrize(
    ("age", "code_text"),
    [
        (0, "Child under 4: no supplement plan"),
        (2, "Child under 4: no supplement plan"),
        (3, "Child under 4: no supplement plan"),
        (4, "Child or teenager under 18: see a doctor first"),
        (12, "Child or teenager under 18: see a doctor first"),
        (17, "Child or teenager under 18: see a doctor first"),
        (85, "Aged 85 or over: your kidney function is not known"),
    ],
)
def test_age_bands_give_no_plan_and_the_reason(bob_client, bob, age, code_text):
    profile(bob, age=age)
    plan = page(bob_client, "/plan/")
    assert "No supplement plan for now" in plan and code_text in plan
    assert 'class="clock"' not in plan


@pytest.mark.parametrize(("age", "egfr"), [(18, None), (40, None), (85, 72)])
def test_an_adult_and_an_85_year_old_with_an_egfr_get_a_plan(bob_client, bob, age, egfr):
    profile(bob, age=age, **({} if egfr is None else {"egfr": egfr}))
    plan = page(bob_client, "/plan/")
    assert "No supplement plan for now" not in plan
    assert 'class="clock"' in plan  # the daily schedule with its dose times


def test_quinine_is_advised_against_on_the_screening_page(bob_client, bob):
    profile(bob, medicines=["kinin"])
    html = page(bob_client, "/profile/screening/")
    assert "Quinine is advised against for night leg cramps" in html
    assert "talk to your doctor about stopping" in html


def test_an_urgent_red_flag_pauses_the_trial_and_every_reminder_with_a_visible_reason(
    bob_client, bob
):
    store_trial(bob, build_design("open", TODAY - dt.timedelta(days=3)))
    profile(bob, symptoms=["cold_pale_foot"])
    home = page(bob_client, "/home/")
    banner = home.split('id="safety-pause"', 1)[1].split("</section>", 1)[0]
    assert "Possible acute poor blood supply to the leg – get help now" in banner
    assert "Call 112 in an emergency" in banner and "1813" in banner
    assert "paused" in banner
    assert "Night 4 of" not in home  # the trial status is not shown as if nothing happened
    plan = page(bob_client, "/plan/")
    assert 'id="reminders-paused"' in plan and "1813" in plan
    feed = events(bob_client)
    assert len(feed) == 1 and "paused" in str(feed[0]["SUMMARY"])
    summary = page(bob_client, "/summary/")
    assert "How to get help now" in summary and "112" in summary
    # The answers change: the banner goes and the reminders come back.
    HealthProfile.objects.filter(user=bob).update(data={"age": 50, "sex": "female"})
    assert 'id="safety-pause"' not in page(bob_client, "/home/")
    assert len(events(bob_client)) > 1


@pytest.mark.parametrize("egfr", [80, 45])
@pytest.mark.parametrize("name", ["Magnesia", "Emgesan", "Novaluzid", "magnesium", "OsvaRen"])
def test_magnesium_sources_on_the_screening_page(bob_client, bob, name, egfr):
    profile(bob, egfr=egfr, medicines=[name])
    html = page(bob_client, "/profile/screening/")
    assert f"{name} contains magnesium" in html
    assert ("eGFR below 60" in html) == (egfr < 60)


def test_magnesia_plan_adds_no_supplement_on_the_web(bob_client, bob):
    profile(bob, medicines=["Magnesia"])
    html = page(bob_client, "/plan/")
    assert 'class="clock"' not in html
    box = html.split('id="no-supplement"', 1)[1].split("</p>", 1)[0]
    assert "reaches the upper level of 250 mg a day: the plan adds no supplement" in box


@pytest.mark.parametrize(
    ("name", "text"),
    [("Cozaar Comp", "Water tablets (diuretics)"), ("Atacand Plus", "Water tablets (diuretics)"),
     ("Triatec Comp", "Water tablets (diuretics)"),
     ("Centyl med kaliumklorid", "Water tablets (diuretics)"), ("Fosavance", "30 minutes")],
)  # fmt: skip
def test_combination_products_on_the_screening_page(bob_client, bob, name, text):
    profile(bob, medicines=[name])
    assert text in page(bob_client, "/profile/screening/")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_welcome_page_states_no_unsourced_prevalence_figure(client, lang):
    # The audit: "almost one in three Danish adults" had no source, so it went.
    html = client.get("/", HTTP_ACCEPT_LANGUAGE=lang).content.decode().lower()
    assert "krampe" in html
    for figure in ("one in three", "hver tredje", "tredjedel", "third of"):
        assert figure not in html
