import datetime as dt

import pytest

from krampe.domain.labels import label
from krampe.domain.plan.journey import PlanInputs, PlanPreferences, plan_for
from krampe.domain.report.summary import build_summary
from krampe.domain.trial.design import blinded_design, open_label_design
from krampe.domain.trial.diary import Night
from krampe.domain.trial.running import RunningTrial
from krampe.domain.trial.simulate import simulate_diary

TODAY = dt.date(2025, 4, 1)
START = dt.date(2025, 1, 6)
PROFILE = {"age": 71, "sex": "male", "medicines": ["Eltroxin"], "egfr": 45.0}


def test_nothing_yet_gives_an_empty_summary_not_an_error():
    s = build_summary(lang="en", today=TODAY)
    assert s.highlights is None and s.screening is None and s.plan is None
    assert s.diary is None and s.analysis is None and s.chart_svg is None
    assert s.sources == ()


def test_profile_highlights_and_screening_with_cited_sources():
    s = build_summary(lang="en", today=TODAY, profile=PROFILE)
    assert s.highlights is not None and s.highlights.egfr == 45.0
    assert s.screening is not None
    # eGFR below 60: talk to a doctor before supplements
    assert s.screening.self_trial == "see_doctor_first"
    assert label("self_trial", s.screening.self_trial, "en").startswith("Talk to your doctor")
    assert [(m.typed, m.atc) for m in s.screening.medicines] == [("Eltroxin", "H03AA01")]
    cited = {i for f in s.screening.findings for i in f.sources}
    assert cited and cited <= {src.id for src in s.sources}


def test_an_unreadable_profile_is_reported_not_screened():
    s = build_summary(lang="en", today=TODAY, profile={"age": "old"})
    assert s.profile_invalid and s.screening is None


def test_open_trial_gives_phase_numbers_chart_and_verdict():
    design = open_label_design(START)
    nights = simulate_diary(design, 0.4, 3)
    s = build_summary(
        lang="da",
        today=TODAY,
        nights=nights,
        trial=RunningTrial(design),
    )
    assert s.diary is not None
    assert {p.phase for p in s.diary.phases} == {"baseline", "run_in", "magnesium"}
    assert sum(p.nights for p in s.diary.phases) == s.diary.logged == len(nights)
    assert s.chart_svg is not None and "<svg" in s.chart_svg
    assert s.analysis is not None and s.analysis.status == "done"
    assert s.analysis.comparison == "magnesium_vs_baseline"
    assert "cochrane2020_magnesium_cramps" in {src.id for src in s.sources}
    assert s.analysis.caveats[0].startswith("Dette er en åben")
    assert s.analysis.verdict in ("improved_cause_unknown", "inconclusive")
    shown = " ".join([s.analysis.summary, s.analysis.explanation, s.analysis.next_step])
    shown += " ".join(s.analysis.caveats)
    assert s.analysis.summary and "krampe " not in shown  # no command line for the doctor
    assert "virke" not in shown and "reel nedgang" not in shown


def test_blinded_trial_before_unblinding_shows_no_phase_or_result():
    design = blinded_design(START, seed=41)
    nights = [
        Night(n.date, "run_in" if n.phase == "run_in" else "baseline", n.cramps)
        for n in simulate_diary(design, 0.5, 5)
    ]
    s = build_summary(lang="en", today=TODAY, nights=nights, trial=RunningTrial(design))
    assert s.analysis is not None and s.analysis.status == "hidden"
    assert s.analysis.end == design.end
    assert s.diary is not None and s.diary.phases == ()
    assert {w.phase for w in s.diary.weeks} == {None}
    assert s.chart_svg is None


def test_diary_without_a_trial_or_comparison_is_not_analysed():
    nights = [Night(START + dt.timedelta(days=i), "baseline", i % 3) for i in range(10)]
    s = build_summary(lang="en", today=TODAY, nights=nights, chart=False)
    assert s.diary is not None and s.diary.logged == 10
    assert s.analysis is not None and s.analysis.status == "not_possible"


def test_the_plan_is_summarised_with_times_and_sources():
    plan = plan_for(
        PlanInputs(
            profile=None,
            preferences=PlanPreferences(product="citrate", elemental_mg=100.0),
            lang="en",
        )
    )
    s = build_summary(lang="en", today=TODAY, plan=plan)
    assert s.plan is not None and s.plan.has_plan
    assert [(d.time, d.mg, d.tablets) for d in s.plan.doses] == [("21:30", 200.0, 2)]
    assert s.plan.stretching_time == "22:30"
    assert s.plan.form == "Magnesium citrate (trimagnesium dicitrate nonahydrate)"
    assert "efsa2006_ul" in {src.id for src in s.sources}


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang"):
        build_summary(lang="sv", today=TODAY)
