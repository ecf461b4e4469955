"""The rules a night must keep, the same for the nightly form, the import and the CSV reader."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from krampe.domain.trial.diary import CSV_HEADER, DiaryError, DiaryLimits, parse_diary_csv
from krampe.domain.trial.night_rules import (
    EARLIEST_NIGHT,
    EVENING_HOUR,
    START_DAYS_BACK,
    date_problem,
    last_night,
    night_problems,
    night_window,
)

TODAY = dt.date(2026, 3, 10)
MORNING = dt.datetime(2026, 3, 10, 8, 0)
EVENING = dt.datetime(2026, 3, 10, EVENING_HOUR, 0)
FIRST_DAY = dt.date(2026, 2, 1)


def _codes(date: dt.date, now: dt.datetime, first_day: dt.date | None = FIRST_DAY) -> list[str]:
    window = night_window(now, first_day)
    return [p.code for p in night_problems(date=date, cramps=0, worst_pain=None, window=window)]


def test_cramps_need_their_worst_pain() -> None:
    window = night_window(EVENING, FIRST_DAY)
    (problem,) = night_problems(date=TODAY, cramps=2, worst_pain=None, window=window)
    assert (problem.field, problem.code) == ("worst_pain", "pain_required")
    assert night_problems(date=TODAY, cramps=0, worst_pain=None, window=window) == []
    assert night_problems(date=TODAY, cramps=2, worst_pain=0, window=window) == []


def test_a_night_after_today_has_not_begun() -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    assert _codes(tomorrow, EVENING) == ["future_night"]
    assert _codes(tomorrow, MORNING) == ["future_night"]
    # No window (a simulated diary): no date check.
    assert night_problems(date=tomorrow, cramps=0, worst_pain=None) == []


def test_tonight_only_from_the_evening() -> None:
    assert _codes(TODAY, MORNING) == ["tonight_not_begun"]
    assert _codes(TODAY, EVENING - dt.timedelta(minutes=1)) == ["tonight_not_begun"]
    assert _codes(TODAY, EVENING) == []
    assert _codes(last_night(TODAY), MORNING) == []


def test_no_night_before_the_first_day_less_the_trial_window() -> None:
    earliest = FIRST_DAY - dt.timedelta(days=START_DAYS_BACK)
    assert _codes(earliest, MORNING) == []
    assert _codes(earliest - dt.timedelta(days=1), MORNING) == ["too_early"]
    # Without an account only the global floor holds.
    assert _codes(EARLIEST_NIGHT, MORNING, first_day=None) == []
    assert _codes(EARLIEST_NIGHT - dt.timedelta(days=1), MORNING, first_day=None) == ["too_early"]


@given(
    now=st.datetimes(min_value=dt.datetime(2001, 1, 1), max_value=dt.datetime(2090, 1, 1)),
    joined_days_ago=st.integers(min_value=0, max_value=3000),
    offset=st.integers(min_value=-4000, max_value=3),
)
def test_a_date_is_accepted_exactly_inside_its_window(
    now: dt.datetime, joined_days_ago: int, offset: int
) -> None:
    first_day = now.date() - dt.timedelta(days=joined_days_ago)
    window = night_window(now, first_day)
    date = now.date() + dt.timedelta(days=offset)
    accepted = date_problem(date, window) is None
    assert accepted == (window.earliest <= date <= window.latest)
    assert window.latest <= now.date()
    assert window.latest >= last_night(now.date())
    assert window.earliest <= last_night(now.date())


def test_last_night_is_dated_by_the_evening_it_began() -> None:
    assert last_night(TODAY) == dt.date(2026, 3, 9)


def test_the_csv_reader_asks_the_same_rules() -> None:
    header = ",".join(CSV_HEADER)
    too_early = (FIRST_DAY - dt.timedelta(days=START_DAYS_BACK + 1)).isoformat()
    text = (
        f"{header}\n2026-03-09,baseline,2,,0,,,,\n2026-03-11,baseline,0,,0,,,,\n"
        f"2026-03-10,baseline,0,,0,,,,\n{too_early},baseline,0,,0,,,,\n"
    )
    window = night_window(MORNING, FIRST_DAY)
    try:
        parse_diary_csv(text, limits=DiaryLimits(max_rows=10, window=window))
    except DiaryError as exc:
        found = {(i.line, i.column) for i in exc.issues}
    else:
        raise AssertionError("the diary was read")
    assert found == {(2, "worst_pain"), (3, "date"), (4, "date"), (5, "date")}
    # In the evening tonight is allowed in an upload too.
    evening = DiaryLimits(max_rows=10, window=night_window(EVENING, FIRST_DAY))
    assert len(parse_diary_csv(f"{header}\n2026-03-10,baseline,0,,0,,,,\n", limits=evening)) == 1
    # A simulated diary (no limits) may lie in the future.
    assert len(parse_diary_csv(f"{header}\n2030-01-01,baseline,0,,0,,,,\n")) == 1
