"""Which nights can be logged: none before the account's first day less the trial window,
none in the future, tonight only from the evening; the nightly form, the quick "no
cramps" button and the diary import ask the same rules, with time frozen."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from _web import PASSWORD, TODAY, night_form
from krampe.domain.trial.night_rules import EVENING_HOUR, START_DAYS_BACK
from krampe.web.accounts.models import User
from krampe.web.diary.models import Night

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")
YESTERDAY = TODAY - dt.timedelta(days=1)
# dora signed up a week ago: her diary reaches back to that day less the trial window.
JOINED = TODAY - dt.timedelta(days=7)
EARLIEST = JOINED - dt.timedelta(days=START_DAYS_BACK)
HEADER = "date,phase,cramps,worst_pain,awakenings,took_dose,stretched,side_effect,note\n"


@pytest.fixture
def dora(db: Any) -> User:
    joined = dt.datetime.combine(JOINED, dt.time(10), tzinfo=CPH)
    return User.objects.create_user("dora", password=PASSWORD, language="da", date_joined=joined)


@pytest.fixture
def dora_client(client: Client, dora: User) -> Client:
    client.force_login(dora)
    return client


def _at(hour: int, minute: int = 0) -> Any:
    return time_machine.travel(
        dt.datetime.combine(TODAY, dt.time(hour, minute), tzinfo=CPH), tick=False
    )


def _errors(response: Any) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get("date", [])]


def test_the_first_night_of_the_window_is_accepted_and_the_one_before_refused(dora_client, dora):
    assert dora_client.post("/log/", night_form(EARLIEST)).status_code == 302
    refused = dora_client.post("/log/", night_form(EARLIEST - dt.timedelta(days=1)))
    assert refused.status_code == 200
    assert _errors(refused) == ["Vælg en nat fra 17. februar 2026 eller senere."]
    assert list(Night.objects.filter(user=dora).values_list("date", flat=True)) == [EARLIEST]


def test_a_typing_error_years_back_is_refused(dora_client, dora):
    refused = dora_client.post("/log/", night_form(dt.date(1990, 1, 1)))
    assert refused.status_code == 200 and _errors(refused)
    assert not Night.objects.filter(user=dora).exists()


def test_a_night_in_the_future_is_refused_at_any_hour(dora_client, dora):
    tomorrow = TODAY + dt.timedelta(days=1)
    for hour in (8, 23):
        with _at(hour):
            refused = dora_client.post("/log/", night_form(tomorrow))
        assert _errors(refused) == ["En nat, der ikke er begyndt endnu, kan ikke registreres."]
    assert not Night.objects.filter(user=dora).exists()


def test_tonight_only_from_the_evening_hour(dora_client, dora):
    with _at(EVENING_HOUR - 1, 59):
        refused = dora_client.post("/log/", night_form(TODAY))
    assert _errors(refused) == [
        f"Natten, der begynder i aften, kan registreres fra kl. {EVENING_HOUR}:00. "
        "Vælg sidste nat i stedet."
    ]
    with _at(EVENING_HOUR):
        assert dora_client.post("/log/", night_form(TODAY)).status_code == 302
    assert Night.objects.filter(user=dora, date=TODAY).exists()


def test_the_date_picker_offers_only_the_nights_that_can_be_logged(dora_client):
    with _at(9):
        page = dora_client.get("/log/").content.decode()
    field = re.search(r'<input type="date" name="date"[^>]*>', page)
    assert field is not None
    assert f'min="{EARLIEST.isoformat()}"' in field.group(0)
    assert f'max="{YESTERDAY.isoformat()}"' in field.group(0)
    with _at(EVENING_HOUR + 1):
        page = dora_client.get("/log/").content.decode()
    assert f'max="{TODAY.isoformat()}"' in page


def test_a_night_already_logged_opens_for_editing_with_its_values(dora_client, dora):
    dora_client.post("/log/", night_form(YESTERDAY, cramps="3", worst_pain="7", note="calf"))
    page = dora_client.get(f"/log/?date={YESTERDAY.isoformat()}").content.decode()
    assert re.search(r'name="cramps" value="3"', page)
    assert f'name="shown" value="{YESTERDAY.isoformat()}"' in page


def test_a_stored_night_outside_the_window_can_still_be_changed(dora_client, dora):
    """A night stored before the rules (or by the demo) keeps its date when it is edited."""
    old = Night.objects.create(user=dora, date=dt.date(2025, 6, 1), cramps=1, worst_pain=2)
    answer = dora_client.post(f"/log/{old.pk}/", night_form(old.date, cramps="4", worst_pain="5"))
    assert answer.status_code == 302
    old.refresh_from_db()
    assert old.cramps == 4


def test_the_quick_no_cramps_button_keeps_the_rules(dora_client, dora):
    with _at(9):
        dora_client.post("/log/quiet/", {"date": TODAY.isoformat()})
    assert not Night.objects.filter(user=dora, date=TODAY).exists()
    with _at(9):
        dora_client.post("/log/quiet/", {"date": YESTERDAY.isoformat()})
    assert Night.objects.filter(user=dora, date=YESTERDAY, cramps=0).exists()


def _upload(client: Client, rows: str) -> Any:
    content = (HEADER + rows).encode()
    return client.post("/data/import/", {"diary": SimpleUploadedFile("d.csv", content)})


def test_the_import_asks_the_same_rules(dora_client, dora):
    too_early = (EARLIEST - dt.timedelta(days=1)).isoformat()
    rows = (
        f"{EARLIEST.isoformat()},baseline,1,3,0,,,none,\n"
        f"{too_early},baseline,1,3,0,,,none,\n"
        f"{TODAY.isoformat()},baseline,1,3,0,,,none,\n"
        f"{(TODAY + dt.timedelta(days=1)).isoformat()},baseline,1,3,0,,,none,\n"
    )
    with _at(9):
        answer = _upload(dora_client, rows)
    assert answer.status_code == 400
    assert [(p.line, p.name) for p in answer.context["problems"]] == [
        (3, "date"),
        (4, "date"),
        (5, "date"),
    ]
    allowed = answer.context["problems"][0].allowed
    assert "fra 17. februar 2026 til 9. marts 2026" in allowed
    assert not Night.objects.filter(user=dora).exists()
    # In the evening tonight may come in too; the night before the window never.
    with _at(EVENING_HOUR):
        answer = _upload(dora_client, rows.replace(f"{too_early},baseline,1,3,0,,,none,\n", ""))
    assert [(p.line, p.name) for p in answer.context["problems"]] == [(4, "date")]


def test_the_import_may_change_nights_already_in_the_diary_whatever_their_date(dora_client, dora):
    Night.objects.create(user=dora, date=dt.date(2025, 6, 1), cramps=1, worst_pain=2)
    with _at(9):
        answer = _upload(dora_client, "2025-06-01,baseline,3,4,0,,,none,re-imported\n")
    assert answer.status_code == 302
    assert Night.objects.get(user=dora, date=dt.date(2025, 6, 1)).cramps == 3
