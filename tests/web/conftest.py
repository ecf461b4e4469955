"""The web tests' day and people: 10 March 2026 at noon in Copenhagen (``_web.TODAY``),
and alice (Danish), bob (English) and charlie, with their clients; all three joined two
years before (``JOINED``).

``alice_client`` and ``bob_client`` are Django test clients logged in as them
(pytest-django's ``client``, so a test holds one client at a time);
``other_client`` is a second, separate client for a second person in the
same test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from _web import PASSWORD, TODAY, add_nights, store_trial
from krampe.web.accounts.models import User


@pytest.fixture(autouse=True)
def fixed_today(time_machine: Any) -> None:
    """Every web test runs on TODAY, so what "today" and "last night" mean is fixed."""
    noon = dt.datetime.combine(TODAY, dt.time(12), tzinfo=ZoneInfo("Europe/Copenhagen"))
    time_machine.move_to(noon)


# The test people have used Krampe for two years, so a diary of any test may reach back
# that far (a night may not lie before the account's first day less the trial window).
JOINED = dt.datetime(2024, 3, 10, 12, tzinfo=ZoneInfo("Europe/Copenhagen"))


def _person(username: str, language: str) -> User:
    return User.objects.create_user(
        username, password=PASSWORD, language=language, date_joined=JOINED
    )


@pytest.fixture
def alice(db: Any) -> User:
    """A person who uses Krampe in Danish, its first language."""
    return _person("alice", "da")


@pytest.fixture
def bob(db: Any) -> User:
    """A person who uses Krampe in English."""
    return _person("bob", "en")


@pytest.fixture
def charlie(db: Any) -> User:
    """A third person, for what one person must never see of another's."""
    return _person("charlie", "da")


@pytest.fixture
def alice_client(client: Client, alice: User) -> Client:
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(client: Client, bob: User) -> Client:
    client.force_login(bob)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def other_client() -> Client:
    """A second browser, logged in as no one yet."""
    return Client()


@pytest.fixture(name="store_trial")
def store_trial_fixture() -> Callable[..., Any]:
    return store_trial


@pytest.fixture(name="add_nights")
def add_nights_fixture() -> Callable[..., None]:
    return add_nights
