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


@pytest.fixture
def person(client, django_user_model):
    user = django_user_model.objects.create_user("nightowl", password="calf-stretch-2026")
    client.force_login(user)
    return user


def _entry(person, entry_id="a1", replace=None, **night):
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
    return {"id": entry_id, "owner": str(person.pk), "night": values, "replace": replace}


def _send(client, payload):
    response = client.post(URL, json.dumps(payload), content_type="application/json")
    return response.status_code, json.loads(response.content)


def test_a_queued_night_is_stored_once_however_often_it_is_sent(client, person):
    assert _send(client, _entry(person))[0] == 201
    assert _send(client, _entry(person)) == (
        200,
        {"status": "already", "date": _entry(person)["night"]["date"]},
    )
    night = Night.objects.get(user=person)
    assert (night.cramps, night.worst_pain, night.took_dose) == (2, 5, True)


def test_a_night_logged_elsewhere_is_a_conflict_and_stays_as_it_was(client, person):
    last_night = timezone.localdate() - dt.timedelta(days=1)
    Night.objects.create(user=person, date=last_night, cramps=4, worst_pain=8)
    status, body = _send(client, _entry(person, "b2"))
    assert status == 409 and body["status"] == "conflict"
    assert (body["stored"]["cramps"], body["stored"]["worst_pain"]) == (4, 8)
    assert Night.objects.get(user=person).cramps == 4

    # The person keeps the phone's entry: sent again with the version they saw.
    status, _ = _send(client, _entry(person, "b2", replace=body["stored"]["version"]))
    assert status == 201
    assert Night.objects.get(user=person).cramps == 2


def test_a_stale_answer_to_a_conflict_is_a_new_conflict(client, person):
    last_night = timezone.localdate() - dt.timedelta(days=1)
    Night.objects.create(user=person, date=last_night, cramps=4, worst_pain=8)
    _, body = _send(client, _entry(person, "c3"))
    night = Night.objects.get(user=person)
    night.cramps = 6
    night.save()  # changed once more on the other device
    status, again = _send(client, _entry(person, "c3", replace=body["stored"]["version"]))
    assert status == 409 and again["stored"]["cramps"] == 6
    assert Night.objects.get(user=person).cramps == 6


def test_a_bad_night_names_the_field(client, person):
    status, body = _send(client, _entry(person, cramps="3", worst_pain=""))
    assert status == 422 and "worst_pain" in body["errors"]
    status, body = _send(client, _entry(person, cramps="x"))
    assert status == 422 and "cramps" in body["errors"]
    assert Night.objects.count() == 0


def test_a_night_queued_by_someone_else_on_this_phone_is_refused(client, person, django_user_model):
    other = django_user_model.objects.create_user("other", password="calf-stretch-2026")
    payload = _entry(person)
    payload["owner"] = str(other.pk)
    assert _send(client, payload)[0] == 403
    assert Night.objects.count() == 0


def test_the_queue_needs_the_csrf_token_and_a_login(person):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(person)
    assert (
        strict.post(URL, json.dumps(_entry(person)), content_type="application/json").status_code
        == 403
    )
    anonymous = Client()
    assert (
        anonymous.post(URL, json.dumps(_entry(person)), content_type="application/json").status_code
        == 302
    )
