"""Verdict rules, caveats that fire only when they matter, extensions and the baseline check."""

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from krampe.domain.trial.analysis import AnalysisError, analyze_nights
from krampe.domain.trial.baseline import baseline_status, extend_baseline
from krampe.domain.trial.design import (
    BrokenSealError,
    DesignError,
    Extension,
    blinded_design,
    design_from_dict,
    design_to_dict,
    open_label_design,
    seal_design,
)
from krampe.domain.trial.diary import Night
from krampe.domain.trial.extension import ExtensionError, extend_design, extension_check
from krampe.domain.trial.running import RunningTrial
from krampe.domain.trial.sealing import Allocation
from krampe.domain.trial.simulate import simulate_diary
from krampe.domain.trial.texts import CAVEAT_TEXTS, render
from krampe.domain.trial.verdict import (
    CERTAINTY_BY_PAIRS,
    MAX_PAIRS,
    POSITIVE_VERDICTS,
    Thresholds,
    decide,
)

START = dt.date(2025, 1, 6)
probability = st.floats(0.0, 1.0)


@given(probability, probability, probability)
def test_open_label_never_gives_a_positive_verdict(p_any, p_resp, p_mean):
    verdict = decide(30, 30, p_any, p_resp, p_mean, Thresholds(), placebo_controlled=False)
    assert verdict not in POSITIVE_VERDICTS


@given(st.integers(3, MAX_PAIRS), probability)
def test_each_added_pair_needs_at_least_as_much_certainty(pairs, p_any):
    blinded = decide(30, 30, p_any, 0.9, 0.9, Thresholds(), pairs=pairs)
    if blinded in POSITIVE_VERDICTS:
        assert p_any >= CERTAINTY_BY_PAIRS[pairs]
        for fewer in range(3, pairs):
            assert CERTAINTY_BY_PAIRS[fewer] <= CERTAINTY_BY_PAIRS[pairs]


def _series(phase, counts, start, took=True):
    return [
        Night(start + dt.timedelta(days=i), phase, c, 4 if c else None, 0, took)
        for i, c in enumerate(counts)
    ]


def test_one_forgotten_night_does_not_raise_the_missing_caveat():
    design = blinded_design(START, seed=3)
    nights = simulate_diary(design, 1.0, seed=5)
    one_gap = [n for n in nights if n.date != design.periods[3].counted_start]
    result = analyze_nights(one_gap, design)
    assert result.missing_share < 0.1
    assert "missing_nights" not in result.caveat_codes()
    assert "missing_unequal" not in result.caveat_codes()


def test_missing_nights_on_one_side_raise_the_unequal_caveat():
    design = blinded_design(START, seed=3)
    nights = simulate_diary(design, 1.0, seed=5)
    magnesium = {p.index for p in design.periods if p.phase == "magnesium"}
    gappy = [
        n
        for n in nights
        if not (
            design.period_on(n.date).index in magnesium
            and design.phase_on(n.date) == "magnesium"
            and n.date.day % 3 == 0
        )
    ]
    result = analyze_nights(gappy, design)
    assert "missing_unequal" in result.caveat_codes()
    assert "magnesium" in " ".join(result.caveats("en"))


def test_ninety_two_percent_adherence_is_not_low():
    took = [True] * 19 + [False] * 2  # 90 % of 21 nights
    diary = _series("placebo", [2] * 21, START) + [
        Night(START + dt.timedelta(days=21 + i), "magnesium", 1, 3, 0, t)
        for i, t in enumerate(took)
    ]
    assert "low_adherence" not in analyze_nights(diary).caveat_codes()
    poor = [
        Night(n.date, n.phase, n.cramps, n.worst_pain, 0, i % 3 != 0) for i, n in enumerate(diary)
    ]
    assert "low_adherence" in analyze_nights(poor).caveat_codes()


def test_a_design_that_misses_the_diary_is_an_error():
    design = blinded_design(dt.date(2024, 1, 1), seed=1)
    nights = simulate_diary(blinded_design(START, seed=1), 1.0, seed=1)
    with pytest.raises(AnalysisError, match="no night falls inside the design"):
        analyze_nights(nights, design)


def test_an_open_design_does_not_fit_a_diary_with_placebo_nights():
    blinded = blinded_design(START, seed=1)
    nights = simulate_diary(blinded, 1.0, seed=1)
    with pytest.raises(AnalysisError, match="another trial"):
        analyze_nights(nights, open_label_design(START))


def _inconclusive_trial():
    """A design file whose three pairs are inconclusive, its simulated diary, and the
    same trial sealed (same order, fresh salts) as the web app holds it."""
    for seed in range(40):
        design = blinded_design(START, seed=seed)
        nights = simulate_diary(design, 0.8, seed=seed)
        if analyze_nights(nights, design).verdict == "inconclusive":
            sealed, allocation = seal_design(design, START)
            return design, nights, sealed, allocation
    raise AssertionError("no inconclusive trial among 40 seeds")


def test_an_inconclusive_sealed_trial_takes_its_next_pre_sealed_pair_and_records_it():
    _file, nights, sealed, allocation = _inconclusive_trial()
    after = sealed.end + dt.timedelta(days=1)
    running = RunningTrial(sealed)
    assert extension_check(running, nights, sealed.end, allocation).reason == "not_finished"
    with pytest.raises(DesignError, match="sealed allocation is needed"):
        extension_check(running, nights, after)
    check = extension_check(running, nights, after, allocation)
    assert check.allowed and check.reason == "allowed" and check.first_night == after
    longer = extend_design(running, nights, after, allocation)
    # Nothing drawn now: the same seal (one commitment), the added pair still sealed.
    assert longer.seal == sealed.seal and longer.seal.code == sealed.seal.code
    assert longer.sealed and [p.phase for p in longer.periods[6:]] == [None, None]
    assert longer.pairs == 4 and longer.periods[:6] == sealed.periods
    assert longer.periods[6].start == after and longer.periods[6].nights == 21
    assert longer.extensions == (Extension(4, after),) and longer.planned_pairs == 3
    assert design_from_dict(design_to_dict(longer)) == longer
    # At unblinding all four pairs are checked against the hashes made at the start.
    done = RunningTrial(longer).reveal(longer.end + dt.timedelta(days=1), allocation)
    assert [p.phase for p in done.periods[6:]] == list(allocation.pairs[3].order)
    assert [a.pair for a in done.seal.revealed] == [1, 2, 3, 4]
    swapped = allocation.pairs[3]
    tampered = Allocation(
        (*allocation.pairs[:3], replace(swapped, first=swapped.second, second=swapped.first),
         *allocation.pairs[4:])
    )  # fmt: skip
    with pytest.raises(BrokenSealError) as caught:
        RunningTrial(longer).reveal(longer.end + dt.timedelta(days=1), tampered)
    assert caught.value.pair == 4
    first = allocation.pairs[0]
    changed = Allocation(
        (replace(first, first=first.second, second=first.first), *allocation.pairs[1:])
    )
    with pytest.raises(BrokenSealError):  # the look, too, reads only a sealed record that checks
        extension_check(running, nights, after, changed)


def test_the_look_before_unblinding_gives_only_the_answer_and_refuses_after_it():
    _file, nights, sealed, allocation = _inconclusive_trial()
    after = sealed.end + dt.timedelta(days=1)
    check = extension_check(RunningTrial(sealed), nights, after, allocation)
    assert not hasattr(check, "verdict") and not hasattr(check, "posterior")
    revealed = RunningTrial(sealed).reveal(after, allocation)
    late = extension_check(RunningTrial(revealed, unblinded=True), nights, after, allocation)
    assert late.reason == "unblinded" and not late.allowed
    with pytest.raises(ExtensionError) as caught:
        extend_design(RunningTrial(revealed, unblinded=True), nights, after, allocation)
    assert caught.value.reason == "unblinded"
    result = analyze_nights(nights, revealed)
    assert result.verdict == "inconclusive" and result.next_step_code == "ended_inconclusive"


def test_the_added_pair_starts_tonight_at_the_earliest_and_within_two_weeks():
    _file, nights, sealed, allocation = _inconclusive_trial()
    later = sealed.end + dt.timedelta(days=5)
    running = RunningTrial(sealed)
    assert extend_design(running, nights, later, allocation).periods[6].start == later
    with pytest.raises(DesignError, match="start"):
        extend_design(running, nights, later, allocation, first_night=later - dt.timedelta(1))
    with pytest.raises(DesignError, match="start"):
        extend_design(running, nights, later, allocation, first_night=later + dt.timedelta(15))


def test_extensions_stop_at_the_maximum_and_only_when_inconclusive():
    design, nights, _sealed, _allocation = _inconclusive_trial()
    for _ in range(MAX_PAIRS - design.pairs):
        design = extend_design(RunningTrial(design), nights, design.end + dt.timedelta(1))
    assert design.pairs == MAX_PAIRS and not design.reserve
    assert [e.pair for e in design.extensions] == [4, 5]
    with pytest.raises(ExtensionError, match="most allowed") as caught:
        extend_design(RunningTrial(design), nights, design.end + dt.timedelta(days=1))
    assert caught.value.reason == "at_maximum"
    clear = blinded_design(START, seed=2)
    clear_nights = simulate_diary(clear, 0.2, seed=2)
    assert analyze_nights(clear_nights, clear).verdict not in ("inconclusive", "insufficient_data")
    with pytest.raises(ExtensionError) as caught:
        extend_design(RunningTrial(clear), clear_nights, clear.end + dt.timedelta(days=1))
    assert caught.value.reason == "not_inconclusive"


def test_too_few_nights_is_never_called_a_clear_answer():
    design = blinded_design(START, seed=2)
    few = [n for n in simulate_diary(design, 0.5, seed=2) if n.date < START + dt.timedelta(9)]
    assert analyze_nights(few, design).verdict == "insufficient_data"
    with pytest.raises(ExtensionError, match="too few nights") as caught:
        extend_design(RunningTrial(design), few, design.end + dt.timedelta(days=1))
    assert caught.value.reason == "too_few_nights"


def test_a_hand_edited_extension_record_is_refused():
    design, nights, sealed, allocation = _inconclusive_trial()
    for trial, key in ((design, None), (sealed, allocation)):
        longer = extend_design(RunningTrial(trial), nights, trial.end + dt.timedelta(1), key)
        data = design_to_dict(longer)
        data["extensions"] = []
        with pytest.raises(DesignError, match="extensions"):
            design_from_dict(data)


@pytest.mark.parametrize("run_in", [6, 15])
def test_run_in_outside_seven_to_fourteen_is_refused(run_in):
    with pytest.raises(DesignError, match="run_in_nights must be from 7 to 14"):
        blinded_design(START, seed=1, run_in_nights=run_in)


def test_a_longer_run_in_keeps_two_counted_weeks_per_period():
    design = blinded_design(START, seed=1, run_in_nights=14)
    assert all(p.nights == 28 and p.run_in_nights == 14 for p in design.periods)
    assert all(p.nights == 21 for p in blinded_design(START, seed=1).periods)


def test_the_carry_over_check_drops_the_first_week_after_magnesium():
    design = blinded_design(START, seed=4)
    result = analyze_nights(simulate_diary(design, 0.5, seed=4), design)
    follows = [
        b
        for a, b in zip(design.periods, design.periods[1:], strict=False)
        if a.phase == "magnesium" and b.phase == "placebo"
    ]
    assert result.sensitivity is not None
    # this diary logged every night of those weeks: all of them are dropped
    assert follows and result.sensitivity.dropped_nights == 7 * len(follows)
    assert ("sensitivity" in result.to_dict("en")) and result.to_dict("en")["sensitivity"]
    # Its caveat suggests the longest run-in the design allows, in words for a next trial.
    for lang, words in (("en", "(up to 14 nights) in a next trial"), ("da", "(op til 14 nætter)")):
        assert words in render(CAVEAT_TEXTS["carry_over"][lang], result._values(lang))


def test_the_baseline_shortfall_is_told_while_nights_can_still_be_added():
    design = open_label_design(START)
    logged = _series("baseline", [1] * 5, START)  # 5 of the first 14 nights
    status = baseline_status(design, logged, START + dt.timedelta(days=14))
    assert status.code == "short"
    assert (status.logged, status.missed, status.remaining) == (5, 9, 7)
    assert status.extend_by == 2
    longer = extend_baseline(design, status.extend_by, START + dt.timedelta(days=14))
    assert longer.periods[0].nights == 23 and longer.periods[1].start == START + dt.timedelta(23)
    fine = baseline_status(longer, logged, START + dt.timedelta(days=14))
    assert fine.code == "on_track"
    with pytest.raises(DesignError, match="ended"):
        extend_baseline(design, 2, START + dt.timedelta(days=30))


def test_a_blinded_design_has_no_baseline_to_check():
    assert baseline_status(blinded_design(START, seed=1), [], START) is None
