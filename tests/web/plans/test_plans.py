"""The plan page, its spacing around medicines, the private feed and the .ics download."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from icalendar import Calendar

from krampe.domain.trial.design import build_design
from krampe.web.diary import services as diary_services
from krampe.web.plans.models import CalendarFeed, SupplementPlan
from krampe.web.profiles.models import HealthProfile

pytestmark = pytest.mark.django_db


def _form(**changes: str) -> dict[str, str]:
    data = {
        "product": "citrate_nonahydrate",
        "elemental_mg_per_tablet": "100",
        "compound_mg_per_tablet": "",
        "daily_mg": "200",
        "wake": "07:00",
        "bed": "23:00",
        "med-TOTAL_FORMS": "3",
        "med-INITIAL_FORMS": "0",
        "med-0-name": "Ciproxin",
        "med-0-times": "08:00, 20:00",
        "med-1-name": "Eltroxin",
        "med-1-times": "07:00",
        "med-2-name": "",
        "med-2-times": "",
    }
    data.update(changes)
    return data


def test_the_plan_spaces_magnesium_from_ciproxin_and_eltroxin(alice_client, alice):
    assert alice_client.post("/plan/", _form()).status_code == 302
    response = alice_client.get("/plan/")
    html = response.content.decode()
    [shown] = re.findall(r'<span class="clock">(\d\d:\d\d)</span>', html)
    hour, minute = (int(x) for x in shown.split(":"))
    at = hour * 60 + minute
    # Ciproxin at 08:00 and 20:00: magnesium at least 2 h after or 6 h before each dose.
    for taken in (8 * 60, 20 * 60):
        assert not (taken - 6 * 60 < at < taken + 2 * 60)
    # Eltroxin at 07:00: at least 4 h either side.
    assert not (7 * 60 - 4 * 60 < at < 7 * 60 + 4 * 60)
    assert "Ciproxin" in html and "ciprofloxacin" in html and "levothyroxin" in html


def test_medicine_times_around_the_clock_give_a_conflict_not_a_time(alice_client, alice):
    times = ", ".join(f"{h:02d}:00" for h in range(7, 24, 2))
    alice_client.post("/plan/", _form(**{"med-0-times": times}))
    html = alice_client.get("/plan/").content.decode()
    assert 'class="clock"' not in html  # no time is offered
    assert "Intet tidspunkt på dagen overholder alle afstandsregler" in html
    assert "ingen magnesium mellem" in html  # the conflicting rule windows are named


def test_medicine_names_are_prefilled_from_the_health_profile(alice_client, alice):
    HealthProfile.objects.create(
        user=alice,
        data={"age": 70, "sex": "female", "medicines": ["Eltroxin", "Furix"], "symptoms": []},
    )
    formset = alice_client.get("/plan/").context["medicines"]
    names = [f.initial.get("name") for f in formset]
    assert names[:2] == ["Eltroxin", "Furix"]


def test_a_bad_time_keeps_what_was_typed_and_changes_nothing(alice_client, alice):
    alice_client.post("/plan/", _form())
    response = alice_client.post("/plan/", _form(**{"med-0-times": "25:99", "daily_mg": "150"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "25:99" in html and 'value="150"' in html
    stored = SupplementPlan.objects.get(user=alice)
    assert stored.daily_mg == 200
    assert stored.medicine_times[0] == {"name": "Ciproxin", "times": ["08:00", "20:00"]}


def test_an_urgent_screening_gives_no_plan(alice_client, alice):
    HealthProfile.objects.create(
        user=alice,
        data={"age": 60, "sex": "male", "symptoms": ["leg_swelling_redness_warmth"]},
    )
    html = alice_client.get("/plan/").content.decode()
    assert "Ingen plan for kosttilskud lige nu" in html
    assert 'class="clock"' not in html and "webcal://" not in html


def _start_trial(user, kind="open") -> None:
    diary_services.create_trial(user, build_design(kind, timezone.localdate(), 42))


def test_the_ics_download_parses_and_holds_reminders_and_milestones(alice_client, alice):
    alice_client.post("/plan/", _form())
    _start_trial(alice)
    response = alice_client.get("/plan/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    summaries = " ".join(str(e["SUMMARY"]) for e in events)
    assert len(events) >= 5
    assert any(e.get("RRULE") for e in events)
    assert any(
        isinstance(e.decoded("DTSTART"), dt.date)
        and not isinstance(e.decoded("DTSTART"), dt.datetime)
        for e in events
    )
    # The dose, the stretching, the morning diary and the 6-week stop rule, in Danish.
    for expected in ("Magnesium 200 mg", "Stræk", "Morgendagbog", "6 uger"):
        assert expected in summaries


def test_before_a_trial_the_page_says_the_reminders_wait_for_it(alice_client, alice):
    alice_client.post("/language/", {"language": "en", "next": "/plan/"})
    alice_client.post("/plan/", _form())
    assert "stays empty until you choose a trial" in alice_client.get("/plan/").content.decode()
    calendar = Calendar.from_ical(alice_client.get("/plan/calendar.ics").content)
    assert list(calendar.walk("VEVENT")) == []
    _start_trial(alice)
    assert "stays empty until you choose a trial" not in alice_client.get("/plan/").content.decode()


def test_the_ics_download_needs_a_login(client):
    response = client.get("/plan/calendar.ics")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_private_feed_works_without_login_and_a_revoked_token_is_404(alice_client, alice):
    alice_client.post("/plan/", _form())
    _start_trial(alice, "blinded")
    page = alice_client.get("/plan/").content.decode()
    feed = CalendarFeed.objects.get(user=alice, revoked_at__isnull=True)
    assert f"webcal://testserver/calendar/{feed.token}.ics" in page
    alice_client.logout()
    response = alice_client.get(f"/calendar/{feed.token}.ics")
    assert response.status_code == 200
    summaries = " ".join(
        str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")
    )
    assert "placebo" not in summaries.lower()  # the feed never tells a blinded alice the content
    alice_client.force_login(alice)
    alice_client.post("/plan/calendar/revoke/")
    assert alice_client.get(f"/calendar/{feed.token}.ics").status_code == 404
    new = CalendarFeed.objects.get(user=alice, revoked_at__isnull=True)
    assert new.token != feed.token
    alice_client.logout()
    assert alice_client.get(f"/calendar/{new.token}.ics").status_code == 200


def test_an_unknown_token_is_404(client):
    assert client.get("/calendar/not-a-token.ics").status_code == 404
