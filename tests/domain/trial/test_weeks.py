"""The weekly aggregation: every logged night in exactly one week, missing nights in none."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from krampe.domain.trial.diary import Night
from krampe.domain.trial.weeks import weekly

START = dt.date(2026, 1, 5)

nights = st.lists(
    st.tuples(st.integers(0, 60), st.one_of(st.none(), st.integers(0, 20))),
    unique_by=lambda x: x[0],
    max_size=40,
)


@given(nights)
def test_every_logged_night_is_in_one_week_and_the_means_add_up(rows) -> None:  # type: ignore[no-untyped-def]
    diary = [Night(START + dt.timedelta(days=d), "baseline", c) for d, c in rows]
    weeks = weekly(diary)
    logged = [n for n in diary if n.cramps is not None]
    assert sum(w.nights for w in weeks) == len(logged)
    assert sum(w.cramps for w in weeks) == sum(n.cramps or 0 for n in logged)
    for week in weeks:
        assert week.nights > 0 and week.mean == week.cramps / week.nights
    starts = [w.start for w in weeks]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


def test_a_week_names_its_phases_in_order_unless_they_are_hidden() -> None:
    diary = [
        Night(START + dt.timedelta(days=d), phase, 1)
        for d, phase in ((0, "baseline"), (1, "baseline"), (5, "run_in"), (8, "magnesium"))
    ]
    first, second = weekly(diary)
    assert first.phases == ("baseline", "run_in") and first.phase is None
    assert second.phases == ("magnesium",) and second.phase == "magnesium"
    assert {w.phases for w in weekly(diary, hide_phases=True)} == {()}
