"""The diary tests run on a fixed day: 10 March 2026 at noon in Copenhagen."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

TODAY = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def fixed_today(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(dt.datetime(2026, 3, 10, 12, tzinfo=ZoneInfo("Europe/Copenhagen")))
