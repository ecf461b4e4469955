"""The rules a night must keep, the same for the nightly form, the import and the CSV reader."""

from __future__ import annotations

import datetime as dt

from krampe.domain.trial.diary import CSV_HEADER, DiaryError, DiaryLimits, parse_diary_csv
from krampe.domain.trial.night_rules import last_night, night_problems, night_window

TODAY = dt.date(2026, 3, 10)


def test_cramps_need_their_worst_pain() -> None:
    (problem,) = night_problems(date=TODAY, cramps=2, worst_pain=None, today=TODAY)
    assert (problem.field, problem.code) == ("worst_pain", "pain_required")
    assert night_problems(date=TODAY, cramps=0, worst_pain=None, today=TODAY) == []
    assert night_problems(date=TODAY, cramps=2, worst_pain=0, today=TODAY) == []


def test_a_night_after_today_has_not_begun() -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    (problem,) = night_problems(date=tomorrow, cramps=0, worst_pain=None, today=TODAY)
    assert (problem.field, problem.code) == ("date", "future_night")
    assert night_problems(date=tomorrow, cramps=0, worst_pain=None) == []  # no today: no check


def test_last_night_is_dated_by_the_evening_it_began() -> None:
    assert last_night(TODAY) == dt.date(2026, 3, 9)


def test_the_csv_reader_asks_the_same_rules() -> None:
    header = ",".join(CSV_HEADER)
    text = f"{header}\n2026-03-09,baseline,2,,0,,,,\n2026-03-11,baseline,0,,0,,,,\n"
    try:
        earliest, latest = night_window(TODAY)
        parse_diary_csv(text, limits=DiaryLimits(max_rows=10, earliest=earliest, latest=latest))
    except DiaryError as exc:
        found = {(i.line, i.column) for i in exc.issues}
    else:
        raise AssertionError("the diary was read")
    assert found == {(2, "worst_pain"), (3, "date")}
    # A simulated diary (no limits) may lie in the future.
    assert len(parse_diary_csv(f"{header}\n2030-01-01,baseline,0,,0,,,,\n")) == 1
