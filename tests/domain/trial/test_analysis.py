import datetime as dt

import pytest

from krampe.domain.trial.analysis import AnalysisError, analyze_nights, infer_comparison
from krampe.domain.trial.design import blinded_design, open_label_design
from krampe.domain.trial.diary import Night
from krampe.domain.trial.simulate import simulate_diary
from krampe.domain.trial.verdict import Thresholds, decide

START = dt.date(2025, 1, 6)


def _nights(phases_counts, start=START):
    nights = []
    day = start
    for phase, counts in phases_counts:
        for c in counts:
            nights.append(Night(day, phase, c, 4 if c else None, min(c, 2), phase == "magnesium"))
            day += dt.timedelta(days=1)
    return nights


def test_run_in_is_reported_but_not_compared():
    diary = _nights([("baseline", [2] * 14), ("run_in", [9] * 7), ("magnesium", [2] * 35)])
    result = analyze_nights(diary)
    assert result.nights == {"baseline": 14, "run_in": 7, "magnesium": 35}
    assert result.counted == {"control": 14, "treated": 35}
    # the run-in's nine cramps a night must not pull the ratio up
    assert 0.7 < result.rate_ratio[0] < 1.3


def test_missing_nights_are_counted_as_missing_not_zero():
    diary = _nights([("baseline", [3] * 14), ("magnesium", [3] * 28)])
    gappy = [n for i, n in enumerate(diary) if i % 5 != 4]  # drop every fifth night
    result = analyze_nights(gappy)
    assert result.missing_nights == len(diary) - len(gappy)
    assert result.rates["magnesium"] == 3.0
    assert "missing_nights" in result.caveat_codes()


def test_open_label_fewer_cramps_is_cause_unknown_and_offers_the_blinded_trial():
    diary = _nights([("baseline", [4] * 14), ("magnesium", [0] * 28)])
    result = analyze_nights(diary)
    assert result.verdict == "improved_cause_unknown"
    assert result.comparison == "magnesium_vs_baseline"
    assert result.next_step_code == "start_blinded_trial"
    for lang in ("da", "en"):
        text = " ".join(result.caveats(lang))
        # Danish "28 %" with a no-break space, English "28%" (the languages' conventions)
        assert {"da": "28\u00a0%", "en": "28%"}[lang] in text
        everything = " ".join(
            [result.summary(lang), result.explanation(lang), result.next_step(lang), text]
        ).lower()
        assert "krampe " not in everything  # no command line in what the web shows
        for claim in ("seems to work", "ser ud til at virke", "real reduction", "reel nedgang"):
            assert claim not in everything


def test_too_few_nights_on_one_side_is_insufficient_data():
    diary = _nights([("baseline", [2] * 13), ("magnesium", [1] * 30)])
    result = analyze_nights(diary)
    assert result.verdict == "insufficient_data"
    assert "13" in result.explanation("en") and "13" in result.explanation("da")


def test_comparison_is_inferred_from_phases():
    assert infer_comparison(_nights([("placebo", [1]), ("magnesium", [1])])) == (
        "magnesium_vs_placebo"
    )
    assert infer_comparison(_nights([("baseline", [1]), ("stretching", [1])])) == (
        "stretching_vs_baseline"
    )
    with pytest.raises(AnalysisError, match="phases present: magnesium"):
        infer_comparison(_nights([("magnesium", [1])]))


def test_design_labels_a_blinded_diary_and_compares_against_placebo():
    design = blinded_design(START, seed=9)
    diary = simulate_diary(design, 0.5, seed=2)
    unlabelled = [
        Night(n.date, "run_in", n.cramps, n.worst_pain, n.awakenings, n.took_dose) for n in diary
    ]
    result = analyze_nights(unlabelled, design)
    assert result.comparison == "magnesium_vs_placebo"
    assert result.nights["run_in"] + result.counted["control"] + result.counted["treated"] == len(
        diary
    )
    assert not result.open_label


def test_json_has_the_contract_fields():
    design = open_label_design(START)
    data = analyze_nights(simulate_diary(design, 1.0, seed=1), design).to_dict("en")
    for key in ("comparison", "nights", "rate_ratio", "p_any_reduction", "p_responder"):
        assert key in data
    assert set(data["rate_ratio"]) == {"median", "ci95"}
    assert data["threshold"] == 0.5 and isinstance(data["caveats"], list)


@pytest.mark.parametrize(
    ("p_any", "p_resp", "p_meaningful", "expected"),
    [
        (0.99, 0.7, 0.95, "responder"),
        (0.97, 0.2, 0.6, "benefit_below_threshold"),
        (0.40, 0.01, 0.05, "no_meaningful_effect"),
        (0.80, 0.3, 0.5, "inconclusive"),
    ],
)
def test_verdict_rules(p_any, p_resp, p_meaningful, expected):
    assert decide(20, 20, p_any, p_resp, p_meaningful, Thresholds()) == expected
    assert decide(13, 20, p_any, p_resp, p_meaningful, Thresholds()) == "insufficient_data"


def test_threshold_is_configurable_and_changes_the_verdict():
    diary = _nights(
        [("placebo", [4, 3, 5, 4, 4, 3, 4] * 4), ("magnesium", [3, 2, 3, 3, 2, 3, 2] * 4)]
    )
    strict = analyze_nights(diary, thresholds=Thresholds(threshold=0.5))
    lenient = analyze_nights(diary, thresholds=Thresholds(threshold=0.2))
    assert strict.verdict == "benefit_below_threshold"
    assert lenient.verdict == "responder"
