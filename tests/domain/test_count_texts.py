"""Counts in the domain's texts take their noun in the right number ("1 nat", "2 nætter",
"1 night", "0 nights"): the baseline line, the verdict texts, the missing-nights caveat,
the extension note, the plan's milestones and notes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from krampe.domain.plan.build import schedule_advice
from krampe.domain.plan.calendar import trial_calendar
from krampe.domain.plan.dose import DoseOptions, dose_plan
from krampe.domain.plan.schedule import ScheduleResult
from krampe.domain.trial.analysis import analyze_nights
from krampe.domain.trial.baseline import BaselineStatus, baseline_text
from krampe.domain.trial.design import blinded_design, open_label_design
from krampe.domain.trial.simulate import simulate_diary
from krampe.domain.trial.verdict import Thresholds

START = dt.date(2025, 1, 6)
NIGHTS = {"en": ("nights", "night", "nights"), "da": ("nætter", "nat", "nætter")}


def _status(code: str, logged: int, extend_by: int = 0) -> BaselineStatus:
    return BaselineStatus(code, logged, 0, 5, 14, extend_by, dt.date(2025, 1, 26))


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("count", [0, 1, 2])
def test_the_baseline_line_counts_nights(lang, count):
    noun = NIGHTS[lang][count]
    on_track = baseline_text(_status("on_track", count), lang)
    short = baseline_text(_status("short", 3, extend_by=count), lang)
    if lang == "en":
        assert on_track.startswith(f"Baseline: {count} {noun} logged, 5 still ahead")
        assert short.endswith(f"extend the baseline by {count} {noun}.")
    else:
        assert on_track.startswith(f"Perioden før: {count} {noun} registreret, 5 tilbage")
        assert short.endswith(f"forlæng perioden med {count} {noun}.")


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("count", [1, 2])
def test_keep_logging_counts_the_nights_needed(lang, count):
    design = open_label_design(START)
    before = [n for n in simulate_diary(design, 0.5, 1) if n.phase == "baseline"]
    result = analyze_nights(before, design, Thresholds(min_nights=count))
    assert result.next_step_code == "keep_logging"
    counted = {
        ("en", 1): "at least 1 counted night.",
        ("en", 2): "at least 2 counted nights.",
        ("da", 1): "mindst 1 talt nat.",
        ("da", 2): "mindst 2 talte nætter.",
    }[lang, count]
    assert result.next_step(lang).endswith(counted)


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("count", [1, 2])
def test_the_missing_nights_caveat_counts_them(lang, count):
    design = open_label_design(START)
    result = analyze_nights(simulate_diary(design, 0.5, 1), design)
    few = dataclasses.replace(result, missing_nights=count, nights={"baseline": 4, "magnesium": 4})
    assert "missing_nights" in few.caveat_codes()
    caveat = next(c for c in few.caveats(lang) if c.startswith(("Not logged", "Ikke registreret")))
    noun = NIGHTS[lang][count]
    assert caveat.split(" (")[0].endswith(f"{count} {noun}")


@pytest.mark.parametrize(
    ("lang", "after_three", "after_one"),
    [("en", "after 3 pairs:", "after 1 pair:"), ("da", "efter 3 par:", "efter 1 par:")],
)
def test_verdict_texts_name_the_pairs_with_their_noun(lang, after_three, after_one):
    design = blinded_design(START, seed=41)
    result = analyze_nights(simulate_diary(design, 1.0, 0), design)
    assert result.verdict == "inconclusive"
    assert after_three in result.explanation(lang)
    assert after_three[:-1] in result.next_step(lang)  # "The trial ended after 3 pairs ..."
    assert after_one in dataclasses.replace(result, pairs=1).explanation(lang)


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("count", [1, 2])
def test_the_plan_counts_baseline_nights_and_days_to_the_stomach_check(lang, count):
    calendar = trial_calendar(open_label_design(START, baseline_nights=count), lang=lang)
    baseline = next(m for m in calendar.milestones if m.key == "baseline")
    without = "without magnesium" if lang == "en" else "uden magnesium"
    assert f"({count} {NIGHTS[lang][count]} {without})" in baseline.title
    plan = dose_plan(DoseOptions(tolerance_check_days=count), None, lang)
    check = next(n.text for n in plan.notes if n.id == "tolerance_check")
    days = {"en": ("day", "days"), "da": ("dag", "dage")}[lang][count - 1]
    assert check.startswith(f"After {count} {days}," if lang == "en" else f"Efter {count} {days}:")


@pytest.mark.parametrize(
    ("gap", "lang", "hours"),
    [(60, "en", "1 hour"), (90, "en", "1.5 hours"), (60, "da", "1 time"), (120, "da", "2 timer")],
)
def test_a_short_gap_between_two_doses_counts_its_hours(gap, lang, hours):
    result = ScheduleResult(
        feasible=True, times=(20 * 60, 20 * 60 + gap), notes=("split_gap_short",)
    )
    texts = [n.text for n in schedule_advice(result, lang) if n.id == "split_gap_short"]
    assert texts and f" {hours} " in texts[0]
