"""A full diary takes no new night by any way a night arrives; a logged night can still change."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from _web import TODAY, night_form
from krampe.web.diary.models import Night

pytestmark = pytest.mark.django_db
YESTERDAY = TODAY - dt.timedelta(days=1)
CAP = 3  # the cap, made small for the test (MAX_NIGHTS is 3,660)


@pytest.fixture
def full_diary(alice, monkeypatch):
    """alice's diary holds CAP nights, the two nights before last night among them."""
    monkeypatch.setattr("krampe.web.diary.services.MAX_NIGHTS", CAP)
    for days in range(2, 2 + CAP):
        Night.objects.create(user=alice, date=TODAY - dt.timedelta(days=days), cramps=1)
    return alice


def _count(user) -> int:
    return Night.objects.filter(user=user).count()


def test_the_log_form_refuses_a_new_night_and_names_the_cap(alice_client, full_diary):
    response = alice_client.post("/log/", night_form(YESTERDAY, cramps="2"))
    assert response.status_code == 200
    assert "Din dagbog har 3 nætter, det højeste antal Krampe gemmer" in response.content.decode()
    assert _count(full_diary) == CAP


def test_the_log_form_still_changes_a_logged_night(alice_client, full_diary):
    earlier = TODAY - dt.timedelta(days=2)
    form = night_form(earlier, cramps="4", shown=earlier.isoformat())
    assert alice_client.post("/log/", form).status_code == 302
    assert Night.objects.get(user=full_diary, date=earlier).cramps == 4
    assert _count(full_diary) == CAP


def test_no_cramps_in_one_tap_is_refused_with_the_reason(alice_client, full_diary):
    response = alice_client.post("/log/quiet/", {"date": YESTERDAY.isoformat()}, follow=True)
    assert "Din dagbog har 3 nætter, det højeste antal Krampe gemmer" in response.content.decode()
    assert not Night.objects.filter(user=full_diary, date=YESTERDAY).exists()


def test_a_queued_night_is_invalid_with_the_reason_and_not_stored(alice_client, full_diary):
    payload = {
        "id": "q1",
        "owner": str(full_diary.pk),
        "night": night_form(YESTERDAY, cramps="2"),
        "replace": None,
    }
    response = alice_client.post(
        "/log/queued/", json.dumps(payload), content_type="application/json"
    )
    body = json.loads(response.content)
    assert response.status_code == 422 and body["status"] == "invalid"
    assert "Din dagbog har 3 nætter, det højeste antal Krampe gemmer" in body["errors"]["date"][0]
    assert _count(full_diary) == CAP
