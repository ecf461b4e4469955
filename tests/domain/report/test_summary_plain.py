"""The doctor summary's first sentence: the verdict's plain sentence, the same text the
results page shows (TrialResult.summary), or why there is no verdict, in both languages."""

from __future__ import annotations

import datetime as dt

import pytest

from krampe.domain.report.summary import build_summary
from krampe.domain.trial.analysis import analyze_nights
from krampe.domain.trial.design import blinded_design, open_label_design
from krampe.domain.trial.running import RunningTrial
from krampe.domain.trial.simulate import simulate_diary
from krampe.domain.trial.texts import STATUS_TEXTS

START = dt.date(2025, 1, 6)
AFTER = dt.date(2025, 6, 1)  # after every trial below has ended

# (design, true ratio, seed, nights kept or None for all) -> the verdict it gives
CASES = {
    "improved_cause_unknown": (open_label_design(START), 0.4, 0, None),
    "no_meaningful_effect": (open_label_design(START), 1.0, 2, None),
    "inconclusive": (blinded_design(START, seed=41), 1.0, 0, None),
    "responder": (blinded_design(START, seed=41), 0.4, 0, None),
    "insufficient_data": (open_label_design(START), 0.4, 1, 20),
}


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("verdict", sorted(CASES))
def test_a_verdict_starts_the_summary_with_the_results_pages_sentence(verdict, lang):
    design, ratio, seed, kept = CASES[verdict]
    nights = simulate_diary(design, ratio, seed)[:kept]
    result = analyze_nights(nights, design)
    assert result.verdict == verdict
    trial = RunningTrial(design, unblinded=design.kind == "blinded")
    s = build_summary(lang=lang, today=AFTER, nights=nights, trial=trial)
    assert s.plain == result.summary(lang) and s.plain == s.analysis.summary
    assert s.so_far == ""  # the trial is over


def test_the_inconclusive_sentence_says_it_could_be_chance_in_both_languages():
    design, ratio, seed, _ = CASES["inconclusive"]
    nights = simulate_diary(design, ratio, seed)
    trial = RunningTrial(design, unblinded=True)
    english = build_summary(lang="en", today=AFTER, nights=nights, trial=trial).plain
    danish = build_summary(lang="da", today=AFTER, nights=nights, trial=trial).plain
    assert english.endswith("but that could be chance.") and "placebo nights" in english
    assert danish.endswith("men det kan være tilfældigt.") and "nætter med placebo" in danish


@pytest.mark.parametrize("lang", ["en", "da"])
def test_a_running_open_trial_says_the_verdict_is_so_far(lang):
    design = open_label_design(START)
    today = design.end - dt.timedelta(days=3)
    nights = [n for n in simulate_diary(design, 0.4, 0) if n.date < today]
    s = build_summary(lang=lang, today=today, nights=nights, trial=RunningTrial(design))
    assert s.plain == analyze_nights(nights, design).summary(lang)
    end = {"en": "9 March 2025", "da": "9. marts 2025"}[lang]
    assert s.so_far == STATUS_TEXTS["so_far"][lang].format(end=end)
    assert end in s.so_far and design.end == dt.date(2025, 3, 9)


@pytest.mark.parametrize("lang", ["en", "da"])
def test_a_blinded_trial_says_its_result_is_hidden_while_it_runs_and_after(lang):
    design = blinded_design(START, seed=41)
    trial = RunningTrial(design)
    during = design.start + dt.timedelta(days=30)
    nights = [n for n in simulate_diary(design, 0.4, 0) if n.date < during]
    running = build_summary(lang=lang, today=during, nights=nights, trial=trial)
    ended = build_summary(lang=lang, today=AFTER, nights=nights, trial=trial)
    end = {"en": "11 May 2025", "da": "11. maj 2025"}[lang]
    assert design.end == dt.date(2025, 5, 11)
    assert running.plain == STATUS_TEXTS["blinded_running"][lang].format(end=end)
    assert ended.plain == STATUS_TEXTS["blinded_ended"][lang].format(end=end)
    assert end in running.plain and end in ended.plain
    for s in (running, ended):  # nothing of the result
        assert "magnesium nights" not in s.plain and "nætter med magnesium" not in s.plain


@pytest.mark.parametrize("lang", ["en", "da"])
def test_without_a_verdict_the_summary_says_why(lang):
    design = open_label_design(START)
    nothing = build_summary(lang=lang, today=AFTER)
    no_nights = build_summary(lang=lang, today=AFTER, trial=RunningTrial(design))
    only_baseline = [n for n in simulate_diary(design, 0.4, 0) if n.phase == "baseline"]
    not_possible = build_summary(lang=lang, today=AFTER, nights=only_baseline)
    assert nothing.plain == STATUS_TEXTS["no_trial"][lang]
    assert no_nights.plain == STATUS_TEXTS["no_nights"][lang]
    assert not_possible.analysis is not None and not_possible.analysis.status == "not_possible"
    assert not_possible.plain == STATUS_TEXTS["not_possible"][lang]
    assert len({nothing.plain, no_nights.plain, not_possible.plain}) == 3


@pytest.mark.parametrize("problem", ["unreadable", "broken_seal"])
@pytest.mark.parametrize("lang", ["en", "da"])
def test_a_trial_that_cannot_be_used_compares_nothing_and_says_why(problem, lang):
    design = blinded_design(START, seed=41)
    nights = simulate_diary(design, 0.4, 0)  # the nights keep the phases they were stored with
    s = build_summary(lang=lang, today=AFTER, nights=nights, trial_problem=problem)
    assert s.plain == STATUS_TEXTS[problem][lang]
    assert s.analysis is not None and s.analysis.status == "not_possible"
    assert s.diary is not None and s.diary.phases == () and s.chart_svg is None
    assert s.plain != STATUS_TEXTS["no_trial"][lang]
