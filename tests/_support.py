"""Helpers shared by the test suite (importable as ``_support``)."""

from __future__ import annotations

import datetime as dt
import os
from typing import NoReturn
from zoneinfo import ZoneInfo

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
SERVER_ZONE = ZoneInfo("Europe/Copenhagen")  # the app's TIME_ZONE


def server_today() -> dt.date:
    """Today where a real server is: nights are dated in Copenhagen, not in UTC.

    Browser tests cannot freeze the server's clock, so they ask what its day is.
    """
    return dt.datetime.now(SERVER_ZONE).date()


def unavailable(reason: str) -> NoReturn:
    """Skip (locally) or fail (under CI=true) because a service or browser is missing."""
    if IN_CI:
        pytest.fail(f"required under CI=true: {reason}", pytrace=False)
    pytest.skip(reason)
