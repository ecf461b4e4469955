"""Nights queued on a phone: stored once, and a conflict instead of writing over a night."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from krampe.web.diary.models import Night

pytestmark = pytest.mark.django_db
URL = "/log/queued/"


def _entry(alice, entry_id="a1", replace=None, **night):
    values = {
        "date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "cramps": "2",
        "worst_pain": "5",
        "awakenings": "1",
        "took_dose": "yes",
        "stretched": "",
        "side_effect": "none",
        "note": "",
    }
    values.update(night)
    return {"id": entry_id, "owner": str(alice.pk), "night": values, "replace": replace}


def _send(client, payload):
    response = client.post(URL, json.dumps(payload), content_type="application/json")
    return response.status_code, json.loads(response.content)


def test_a_queued_night_is_stored_once_however_often_it_is_sent(alice_client, alice):
    assert _send(alice_client, _entry(alice))[0] == 201
    assert _send(alice_client, _entry(alice)) == (
        200,
        {"status": "already", "date": _entry(alice)["night"]["date"]},
    )
    night = Night.objects.get(user=alice)
    assert (night.cramps, night.worst_pain, night.took_dose) == (2, 5, True)


def test_a_night_logged_elsewhere_is_a_conflict_and_stays_as_it_was(alice_client, alice):
    last_night = timezone.localdate() - dt.timedelta(days=1)
    Night.objects.create(user=alice, date=last_night, cramps=4, worst_pain=8)
    status, body = _send(alice_client, _entry(alice, "b2"))
    assert status == 409 and body["status"] == "conflict"
    assert (body["stored"]["cramps"], body["stored"]["worst_pain"]) == (4, 8)
    assert Night.objects.get(user=alice).cramps == 4

    # The person keeps the phone's entry: sent again with the version they saw.
    status, _ = _send(alice_client, _entry(alice, "b2", replace=body["stored"]["version"]))
    assert status == 201
    assert Night.objects.get(user=alice).cramps == 2


def test_a_stale_answer_to_a_conflict_is_a_new_conflict(alice_client, alice):
    last_night = timezone.localdate() - dt.timedelta(days=1)
    Night.objects.create(user=alice, date=last_night, cramps=4, worst_pain=8)
    _, body = _send(alice_client, _entry(alice, "c3"))
    night = Night.objects.get(user=alice)
    night.cramps = 6
    night.save()  # changed once more on the other device
    status, again = _send(alice_client, _entry(alice, "c3", replace=body["stored"]["version"]))
    assert status == 409 and again["stored"]["cramps"] == 6
    assert Night.objects.get(user=alice).cramps == 6


def test_a_bad_night_names_the_field(alice_client, alice):
    status, body = _send(alice_client, _entry(alice, cramps="3", worst_pain=""))
    assert status == 422 and "worst_pain" in body["errors"]
    status, body = _send(alice_client, _entry(alice, cramps="x"))
    assert status == 422 and "cramps" in body["errors"]
    assert Night.objects.count() == 0


def test_a_night_queued_by_someone_else_on_this_phone_is_refused(
    alice_client, alice, django_user_model
):
    other = django_user_model.objects.create_user("other", password="calf-stretch-2026")
    payload = _entry(alice)
    payload["owner"] = str(other.pk)
    assert _send(alice_client, payload)[0] == 403
    assert Night.objects.count() == 0


def test_the_queue_needs_the_csrf_token_and_a_login(alice):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    assert (
        strict.post(URL, json.dumps(_entry(alice)), content_type="application/json").status_code
        == 403
    )
    anonymous = Client()
    assert (
        anonymous.post(URL, json.dumps(_entry(alice)), content_type="application/json").status_code
        == 302
    )
