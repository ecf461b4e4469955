"""Calibration of the analysis on simulated trials, over many data-generating processes.

Each scenario changes one thing from the simulator's defaults (heavy
overdispersion, low and high rates, a trend, strong autocorrelation, weekly
swings, carry-over, missing nights at random and not at random, zero
inflation, missed capsules) or combines several. The simulator
(:mod:`krampe.domain.trial.simulate`) is a generative description of diaries
written separately from the model: it adds regression to the mean, a placebo
response, effects that build up over days, weekly multipliers and structural
zeros, none of which the model contains.

A blinded trial is simulated over the largest design (:data:`MAX_PAIRS`
pairs, its own random order) and analysed at every look, after 3, 4 and 5
pairs; :func:`summarize` then applies the verdict rule to the looks, either at
the planned pairs only or with extensions while the verdict is
``inconclusive``. Used by the slow validation test and by
``bench/trial_validation.py``, which writes docs/trial-validation.md.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from krampe.domain.trial.analysis import analyze_nights
from krampe.domain.trial.design import blinded_design, open_label_design
from krampe.domain.trial.simulate import SimulationSettings, simulate_trials, trial_nights
from krampe.domain.trial.verdict import (
    MAX_PAIRS,
    PLANNED_PAIRS,
    POSITIVE_VERDICTS,
    Thresholds,
    decide,
)

START = dt.date(2025, 1, 6)
_BASE = SimulationSettings()

SCENARIOS: dict[str, tuple[str, SimulationSettings]] = {
    "default": ("simulator defaults (AR(1) ρ 0.7 SD 0.5, night shape 4, 3 % missing)", _BASE),
    "poisson": (
        "independent Poisson nights, no placebo response or regression to the mean",
        replace(_BASE, ar_sd=0.0, night_shape=1e6, placebo_drop=0.0, rtm_excess=0.0),
    ),
    "overdispersed": ("night gamma shape 0.5", replace(_BASE, night_shape=0.5)),
    "low_rate": ("0.2 cramps a night", replace(_BASE, baseline_rate=0.2)),
    "high_rate": ("4 cramps a night", replace(_BASE, baseline_rate=4.0)),
    "trend": ("rate falls to 70 % by the last night", replace(_BASE, trend_end=0.7)),
    "ar_strong": ("AR(1) ρ 0.95, SD 0.6 (spells of weeks)", replace(_BASE, ar_rho=0.95, ar_sd=0.6)),
    "weekly": (
        "weekly gamma multiplier CV 1.0 on Poisson nights",
        replace(_BASE, ar_sd=0.0, night_shape=1e6, weekly_cv=1.0),
    ),
    "carry_over": (
        "effect lingers 14 nights after magnesium ends",
        replace(_BASE, carry_over_nights=14),
    ),
    "mcar": ("20 % of nights missing at random", replace(_BASE, missing_prob=0.2)),
    "mnar_quiet": (
        "quiet nights go unlogged: 40 % of nights without cramps, 8 % of the others",
        replace(_BASE, missing_if_none=0.40, missing_if_cramps=0.08),
    ),
    "zero_inflated": ("50 % structural zero nights", replace(_BASE, zero_inflation=0.5)),
    "non_adherence": (
        "70 % of capsules taken; a missed capsule has no effect",
        replace(_BASE, adherence=0.7, no_dose_no_effect=True),
    ),
    "combined": (
        "shape 0.5 + AR ρ 0.95 + 7-night carry-over + quiet nights unlogged",
        replace(
            _BASE,
            night_shape=0.5,
            ar_rho=0.95,
            ar_sd=0.6,
            carry_over_nights=7,
            missing_if_none=0.30,
            missing_if_cramps=0.05,
        ),
    ),
}
DESIGNS: tuple[str, ...] = ("blinded", "open", "blinded_short")
# The earlier default, periods of a run-in and one counted week (14 nights):
# simulated for every scenario, to show what the longer periods buy.
SHORT_PERIOD_NIGHTS = 14


@dataclass(frozen=True, slots=True)
class Look:
    """One analysis of one simulated trial (after ``pairs`` pairs; 0 for open-label)."""

    pairs: int
    counted_min: int
    p_any: float | None
    p_responder: float | None
    p_meaningful: float | None
    median: float | None
    low: float | None
    high: float | None


def _seed(*parts: object) -> int:
    return zlib.crc32("/".join(str(p) for p in parts).encode())


def trial_looks(
    settings: SimulationSettings,
    design: str,
    true_ratio: float,
    rng: np.random.Generator,
    lazy: Thresholds | None = None,
) -> list[Look]:
    """Simulate one trial and analyse it at each look.

    A blinded trial (``blinded``, or ``blinded_short`` with 14-night periods)
    gets its own random order and is analysed after 3, 4 and 5 pairs; with
    ``lazy`` thresholds it stops at the first look whose verdict is not
    ``inconclusive`` (what a person extending the trial sees).
    """
    if design in ("open", "stretching"):
        plan = open_label_design(
            START, phase="stretching" if design == "stretching" else "magnesium"
        )
        sim = simulate_trials(plan, true_ratio, 1, rng, settings)
        return [_look(0, analyze_nights(trial_nights(sim, 0), plan, with_sensitivity=False))]
    seed = int(rng.integers(0, 2**31))
    period = SHORT_PERIOD_NIGHTS if design == "blinded_short" else None
    full = blinded_design(START, seed, pairs=MAX_PAIRS, period_nights=period)
    sim = simulate_trials(full, true_ratio, 1, rng, settings)
    nights = trial_nights(sim, 0)
    looks = []
    for pairs in range(PLANNED_PAIRS, MAX_PAIRS + 1):
        plan = blinded_design(START, seed, pairs=pairs, period_nights=period)
        shown = [n for n in nights if n.date <= plan.end]
        looks.append(_look(pairs, analyze_nights(shown, plan, with_sensitivity=False)))
        if lazy is not None and verdict_of(looks[-1], lazy) != "inconclusive":
            break
    return looks


def simulate_looks(
    scenario: str, design: str, true_ratio: float, first: int, count: int
) -> list[list[Look]]:
    """Trials ``first`` .. ``first + count - 1`` of one cell, each as its list of looks.

    Every trial has its own random stream (and, if blinded, its own order), so
    a cell can be computed in pieces and resumed.
    """
    settings = SCENARIOS[scenario][1]
    out = []
    for index in range(first, first + count):
        rng = np.random.Generator(np.random.PCG64(_seed(scenario, design, true_ratio, index)))
        out.append(trial_looks(settings, design, true_ratio, rng))
    return out


def _look(pairs: int, result: object) -> Look:
    from krampe.domain.trial.analysis import TrialResult

    assert isinstance(result, TrialResult)
    ratio = result.rate_ratio
    return Look(
        pairs=pairs,
        counted_min=min(result.counted.values()),
        p_any=result.p_any_reduction,
        p_responder=result.p_responder,
        p_meaningful=result.p_meaningful,
        median=None if ratio is None else ratio[0],
        low=None if ratio is None else ratio[1],
        high=None if ratio is None else ratio[2],
    )


def verdict_of(look: Look, thresholds: Thresholds) -> str:
    """The verdict the product gives for one look."""
    return decide(
        look.counted_min,
        look.counted_min,
        look.p_any,
        look.p_responder,
        look.p_meaningful,
        thresholds,
        placebo_controlled=look.pairs > 0,
        pairs=look.pairs or None,
    )


def final_look(looks: Sequence[Look], extend: bool, thresholds: Thresholds) -> tuple[Look, str]:
    """The look at which the trial ends, and its verdict.

    Without ``extend`` the first look (the planned pairs) is final. With it, a
    trial goes on to the next look while its verdict is ``inconclusive``.
    """
    for look in looks:
        verdict = verdict_of(look, thresholds)
        if not extend or verdict != "inconclusive" or look is looks[-1]:
            return look, verdict
    raise ValueError("a trial needs at least one look")


@dataclass(frozen=True, slots=True)
class CellSummary:
    """Calibration figures of one scenario, design and true ratio."""

    trials: int
    coverage: float  # share of 95 % intervals holding the true ratio
    positive: float  # responder or benefit_below_threshold
    median_bias: float  # exp(median log(posterior median / truth)) - 1
    verdicts: dict[str, float]
    mean_pairs: float


def summarize(
    trials: Iterable[Sequence[Look]],
    true_ratio: float,
    extend: bool,
    thresholds: Thresholds | None = None,
) -> CellSummary:
    """Coverage, positive verdicts, bias and verdict shares over simulated trials."""
    thresholds = thresholds or Thresholds()
    tally: Counter[str] = Counter()
    covered = counted = 0
    logs = []
    pairs = []
    for looks in trials:
        look, verdict = final_look(looks, extend, thresholds)
        tally[verdict] += 1
        pairs.append(look.pairs)
        if look.median is not None and look.low is not None and look.high is not None:
            counted += 1
            covered += look.low <= true_ratio <= look.high
            logs.append(np.log(look.median / true_ratio))
    total = sum(tally.values())
    if total == 0:
        raise ValueError("no trials to summarize")
    return CellSummary(
        trials=total,
        coverage=covered / counted if counted else float("nan"),
        positive=sum(tally[v] for v in POSITIVE_VERDICTS) / total,
        median_bias=float(np.expm1(np.median(logs))) if logs else float("nan"),
        verdicts={code: n / total for code, n in sorted(tally.items())},
        mean_pairs=float(np.mean(pairs)),
    )
