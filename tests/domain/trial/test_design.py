import datetime as dt

import pytest

from krampe.domain.trial.design import (
    DesignError,
    allocation_sheet,
    blinded_design,
    design_from_dict,
    design_to_dict,
    open_label_design,
    stretching_design,
    unblind,
)

START = dt.date(2025, 3, 1)


def test_open_label_defaults_baseline_then_magnesium_with_run_in():
    design = open_label_design(START)
    baseline, magnesium = design.periods
    assert (baseline.phase, baseline.nights, baseline.run_in_nights) == ("baseline", 21, 0)
    assert (magnesium.phase, magnesium.nights, magnesium.run_in_nights) == ("magnesium", 42, 7)
    assert design.phase_on(START + dt.timedelta(days=21)) == "run_in"
    assert design.phase_on(START + dt.timedelta(days=28)) == "magnesium"
    assert design.phase_on(START + dt.timedelta(days=63)) is None
    assert design.comparison == "magnesium_vs_baseline"


def test_stretching_design_compares_stretching_with_baseline():
    design = stretching_design(START)
    assert design.comparison == "stretching_vs_baseline"
    assert design.periods[1].phase == "stretching"


def test_blinded_pairs_hold_one_magnesium_and_one_placebo_period():
    design = blinded_design(START, seed=11)
    assert len(design.periods) == 6
    for pair in range(1, 4):
        phases = sorted(p.phase for p in design.periods if p.pair == pair)
        assert phases == ["magnesium", "placebo"]
    assert all(p.run_in_nights == 7 and p.nights == 21 for p in design.periods)
    assert design.end == START + dt.timedelta(days=125)


def test_blinded_order_is_reproducible_from_the_seed_and_varies_between_seeds():
    orders = {tuple(p.phase for p in blinded_design(START, seed=s).periods) for s in range(40)}
    assert len(orders) == 8  # all 2**3 orders occur
    again = blinded_design(START, seed=7)
    assert again == blinded_design(START, seed=7)


def test_allocation_sheet_and_unblinding_agree():
    design = blinded_design(START, seed=3)
    sheet = allocation_sheet(design)
    assert [(r.pair, r.jar) for r in sheet[:2]] == [(1, "A"), (1, "B")]
    assert {r.period: r.content for r in sheet} == unblind(design)


def test_design_json_round_trip_and_tampering_is_caught():
    design = blinded_design(START, seed=5)
    data = design_to_dict(design)
    assert design_from_dict(data) == design
    first, second = data["periods"][0], data["periods"][1]
    first["phase"], second["phase"] = second["phase"], first["phase"]
    with pytest.raises(DesignError, match="seed"):
        design_from_dict(data)


def test_bad_parameters_name_the_field():
    with pytest.raises(DesignError, match="period_nights"):
        blinded_design(START, seed=1, period_nights=7, run_in_nights=7)
    with pytest.raises(DesignError, match="not a krampe trial design"):
        design_from_dict({"design": "open"})
