"""Subscribing a phone from the plan page, and turning it off."""

from __future__ import annotations

import json

import pytest

from krampe.web.reminders.models import PushSubscription

pytestmark = pytest.mark.django_db


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_subscribe_stores_the_phone_and_its_time_zone(client, alice):
    client.force_login(alice)
    data = {
        "endpoint": "https://push.example/abc",
        "keys": {"p256dh": "BKey", "auth": "sec"},
        "time_zone": "Europe/Lisbon",
    }
    assert _post(client, "/reminders/subscribe/", data).status_code == 201
    assert _post(client, "/reminders/subscribe/", data).status_code == 201  # same phone again
    stored = PushSubscription.objects.get()
    assert (stored.user, stored.time_zone) == (alice, "Europe/Lisbon")
    assert (
        _post(client, "/reminders/unsubscribe/", {"endpoint": data["endpoint"]}).status_code == 200
    )
    assert not PushSubscription.objects.exists()


def test_a_bad_subscription_names_the_field(client, alice):
    client.force_login(alice)
    response = _post(client, "/reminders/subscribe/", {"endpoint": "ftp://x", "keys": {}})
    assert response.status_code == 422 and "endpoint" in json.loads(response.content)["errors"]
    response = _post(client, "/reminders/subscribe/", {"endpoint": "https://p/x", "keys": {}})
    assert response.status_code == 422 and "keys" in json.loads(response.content)["errors"]


def test_an_unknown_time_zone_falls_back_to_the_servers(client, alice):
    client.force_login(alice)
    data = {
        "endpoint": "https://push.example/z",
        "keys": {"p256dh": "k", "auth": "a"},
        "time_zone": "Mars/Olympus",
    }
    _post(client, "/reminders/subscribe/", data)
    assert PushSubscription.objects.get().time_zone == "Europe/Copenhagen"


def test_the_plan_page_explains_reminders_once_there_is_a_trial(client, alice):
    import datetime as dt

    from django.utils import timezone

    from .conftest import start_trial

    client.force_login(alice)
    page = client.get("/plan/").content.decode()
    assert "Påmindelser hører til et forsøg, der kører" in page
    start_trial(alice, timezone.localdate() - dt.timedelta(days=3))
    page = client.get("/plan/").content.decode()
    assert "Slå påmindelser til på denne telefon" in page
    assert "kl. 07:15 om morgenen" in page and "push-tjeneste" in page
