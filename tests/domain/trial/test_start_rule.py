"""A blinded trial starts tonight or later; an open-label baseline may be back-dated."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from krampe.domain.trial.running import (
    TrialStartError,
    check_trial_start,
    start_trial,
    start_window,
)

TODAY = dt.date(2026, 3, 10)


@given(st.integers(min_value=-30, max_value=70))
def test_a_blinded_trial_starts_tonight_or_later(offset: int) -> None:
    start = TODAY + dt.timedelta(days=offset)
    if 0 <= offset <= 60:
        check_trial_start(start, TODAY, "blinded")
        assert start_trial("blinded", start, TODAY).design.start == start
    else:
        with pytest.raises(TrialStartError) as raised:
            start_trial("blinded", start, TODAY)
        expected = "blinded_in_past" if offset < 0 else "too_late"
        assert raised.value.code == expected
        assert "2026-03-10 to 2026-05-09" in str(raised.value)


@pytest.mark.parametrize("kind", ["open", "stretching"])
def test_an_open_label_trial_may_still_begin_two_weeks_back(kind: str) -> None:
    back = TODAY - dt.timedelta(days=14)
    new = start_trial(kind, back, TODAY)  # type: ignore[arg-type]
    assert new.design.start == back and new.allocation is None
    with pytest.raises(TrialStartError, match="more than 14 days ago"):
        start_trial(kind, back - dt.timedelta(days=1), TODAY)  # type: ignore[arg-type]


def test_the_windows_differ_only_at_their_first_night() -> None:
    assert start_window(TODAY, "blinded") == (TODAY, dt.date(2026, 5, 9))
    assert start_window(TODAY, "open") == (dt.date(2026, 2, 24), dt.date(2026, 5, 9))
