from __future__ import annotations

import datetime as dt

import pytest

from krampe.domain.trial.design import build_design
from krampe.web.diary import services as diary_services
from krampe.web.reminders.models import PushSubscription

from .push_service import PushService, b64url

ZONE = "Europe/Copenhagen"


@pytest.fixture
def push_service():
    with PushService() as service:
        yield service


def start_trial(user, first_night: dt.date) -> None:
    diary_services.create_trial(user, build_design("open", first_night))


def subscribe(user, service: PushService, name: str, zone: str = ZONE) -> PushSubscription:
    device = service.device(name)
    subscription = PushSubscription.objects.create(
        user=user,
        endpoint=service.endpoint(name),
        p256dh=device.p256dh,
        auth=b64url(device.auth),
        time_zone=zone,
    )
    # As if subscribed well before the days the tests look at.
    PushSubscription.objects.filter(pk=subscription.pk).update(
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    subscription.refresh_from_db()
    return subscription
