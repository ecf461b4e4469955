"""The rules of a running trial: start window, seed, blinding, stored phases, unblinding, status."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from krampe.domain.trial.design import DesignError, blinded_design, open_label_design, unblind
from krampe.domain.trial.running import (
    SEED_LIMIT,
    RunningTrial,
    TrialStartError,
    UnblindingError,
    check_trial_start,
    design_for,
    new_seed,
    start_window,
)

TODAY = dt.date(2026, 3, 10)
START = dt.date(2026, 1, 5)


@given(st.integers(min_value=-400, max_value=400))
def test_a_start_is_allowed_exactly_from_two_weeks_back_to_two_months_ahead(offset: int) -> None:
    start = TODAY + dt.timedelta(days=offset)
    if -14 <= offset <= 60:
        check_trial_start(start, TODAY)
    else:
        with pytest.raises(TrialStartError) as raised:
            check_trial_start(start, TODAY)
        assert raised.value.code == ("too_early" if offset < 0 else "too_late")
        assert raised.value.field == "start"
        assert "2026-02-24 to 2026-05-09" in str(raised.value)


def test_the_window_is_named_by_its_first_and_last_day() -> None:
    assert start_window(TODAY) == (dt.date(2026, 2, 24), dt.date(2026, 5, 9))


def test_a_new_seed_is_in_range_and_a_blinded_design_gets_one() -> None:
    assert all(0 <= new_seed() < SEED_LIMIT for _ in range(50))
    blinded = design_for("blinded", TODAY)
    assert blinded.seed is not None and blinded.kind == "blinded"
    assert design_for("blinded", TODAY, 7) == blinded_design(TODAY, 7)
    assert design_for("open", TODAY, 7).seed is None


def test_only_an_unblinded_blinded_trial_is_blind() -> None:
    assert RunningTrial(blinded_design(START, 3)).blind
    assert not RunningTrial(blinded_design(START, 3), unblinded=True).blind
    assert not RunningTrial(open_label_design(START)).blind


def test_unblinding_waits_for_the_night_after_the_last_one() -> None:
    design = blinded_design(START, 3)
    trial = RunningTrial(design)
    assert not trial.can_unblind(design.end)
    with pytest.raises(UnblindingError, match=design.end.isoformat()):
        trial.reveal(design.end)
    day_after = design.end + dt.timedelta(days=1)
    assert trial.can_unblind(day_after)
    revealed = trial.reveal(day_after)  # a design file: checked against its seed
    assert revealed == design
    assert sorted(unblind(revealed).values()) == ["magnesium"] * 3 + ["placebo"] * 3
    with pytest.raises(DesignError):
        RunningTrial(open_label_design(START)).reveal(day_after)


def test_a_blind_trial_stores_only_run_in_nights_and_nothing_outside() -> None:
    design = blinded_design(START, 3)
    blind = RunningTrial(design)
    for period in design.periods:
        assert blind.stored_phase(period.start) == "run_in"
        assert blind.stored_phase(period.counted_start) is None
    assert blind.stored_phase(START - dt.timedelta(days=1)) is None
    unblinded = RunningTrial(design, unblinded=True)
    assert {unblinded.stored_phase(p.counted_start) for p in design.periods} == {
        "magnesium",
        "placebo",
    }


def test_the_status_on_a_date_hides_the_content_while_blind() -> None:
    design = blinded_design(START, 3)
    status = RunningTrial(design).status_on(START + dt.timedelta(days=28))
    assert (status.day, status.nights, status.period) == (29, 126, 2)
    assert status.content is None and status.jar == "1B" and not status.run_in
    opened = RunningTrial(open_label_design(START)).status_on(START + dt.timedelta(days=22))
    assert (opened.content, opened.run_in, opened.jar) == ("magnesium", True, "")
    before = RunningTrial(open_label_design(START)).status_on(START - dt.timedelta(days=2))
    assert before.not_started and before.period is None
    after = RunningTrial(open_label_design(START)).status_on(START + dt.timedelta(days=63))
    assert after.finished
