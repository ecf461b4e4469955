"""Realistic simulated diaries, for tests, validation, planning and demos.

Nightly cramps follow a gamma–Poisson model on a log rate that wanders as an
AR(1) process (autocorrelation between nights), with

* a placebo response: every active-looking phase (magnesium, placebo,
  stretching) lowers the rate by ``placebo_drop`` (about 28 % in the placebo
  arms of the Cochrane review, source ``cochrane2020_magnesium_cramps``);
* regression to the mean: people start a trial during a bad spell, so the
  first nights are raised by ``rtm_excess`` and fall back over ``rtm_nights``;
* the true effect of the intervention (``true_ratio``), which, like the
  placebo response, builds up and wears off over ``onset_nights``.

The other settings (autocorrelation, overdispersion, adherence, side-effect
rates) are simulation assumptions chosen to look like real diaries, not
estimates from a study.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from krampe.domain.trial.design import Design, unblind
from krampe.domain.trial.diary import MAX_AWAKENINGS, MAX_CRAMPS, Night
from krampe.domain.vocab import SIDE_EFFECTS, Phase

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# Where the two figures that are facts come from (knowledge-base source ids).
BASELINE_RATE_SOURCE = (
    "roguin_maor2017_magnesium_oxide"  # placebo arm 8.51 cramps/week ≈ 1.2 a night
)
PLACEBO_DROP_SOURCE = "cochrane2020_magnesium_cramps"  # placebo arms fell about 28 %

_ACTIVE_LOOKING = ("magnesium", "placebo", "stretching")


@dataclass(frozen=True, slots=True)
class SimulationSettings:
    """Knobs of the simulator. Defaults give realistic night-cramp diaries."""

    baseline_rate: float = 1.2  # cramps a night before any trial effect
    placebo_drop: float = 0.28  # relative drop in any active-looking phase
    rtm_excess: float = 0.3  # the first nights are 30 % above the usual rate
    rtm_nights: float = 10.0  # e-folding time of that excess, in nights
    ar_rho: float = 0.7  # night-to-night correlation of the log rate
    ar_sd: float = 0.5  # marginal SD of the log rate around its mean
    night_shape: float = 4.0  # gamma shape of the night-level multiplier
    onset_nights: int = 5  # nights for an effect to build up or wear off
    missing_prob: float = 0.03  # a night not logged
    adherence: float = 0.92  # capsule taken on a capsule night
    stretch_adherence: float = 0.85
    loose_stools_magnesium: float = 0.08
    diarrhea_magnesium: float = 0.02
    loose_stools_other: float = 0.02
    nausea: float = 0.01
    # Stress knobs (all off by default): what real diaries may do beyond the above.
    trend_end: float = 1.0  # rate on the last night relative to the first (log-linear)
    carry_over_nights: int = 0  # full effect lingers this long after a magnesium period
    weekly_cv: float = 0.0  # CV of a gamma multiplier per calendar week
    zero_inflation: float = 0.0  # share of structural zero nights (mean rate kept)
    missing_if_cramps: float | None = None  # MNAR: P(not logged | cramps > 0)
    missing_if_none: float | None = None  # MNAR: P(not logged | no cramps)
    no_dose_no_effect: bool = False  # a missed capsule removes that night's effect


@dataclass(frozen=True, slots=True)
class SimulatedTrials:
    """Many simulated diaries on one design timeline, as arrays (trial, night)."""

    dates: tuple[dt.date, ...]
    phases: tuple[Phase, ...]  # diary phase of each night (run_in included)
    cramps: IntArray  # -1 where the night is missing
    worst_pain: IntArray  # -1 where not recorded
    awakenings: IntArray
    took_dose: BoolArray
    stretched: BoolArray
    side_effect: IntArray  # index into ("none", "loose_stools", ...)


def _timeline(design: Design) -> tuple[list[dt.date], list[Phase], list[str]]:
    dates: list[dt.date] = []
    phases: list[Phase] = []
    period_phases: list[str] = []
    contents = unblind(design) if design.kind == "blinded" else {}
    for period in design.periods:
        content = contents.get(period.index) or period.phase
        assert content is not None  # unblind() refuses a sealed design
        for offset in range(period.nights):
            date = period.start + dt.timedelta(days=offset)
            dates.append(date)
            phases.append("run_in" if period.is_run_in(date) else content)
            period_phases.append(content)
    return dates, phases, period_phases


def _ramp(target: npt.NDArray[np.float64], onset: int) -> npt.NDArray[np.float64]:
    """Move towards each night's target by 1/onset a night (build-up, wear-off)."""
    out = np.empty_like(target)
    level = 0.0
    step = 1.0 / max(onset, 1)
    for t, goal in enumerate(target):
        level = min(level + step, goal) if goal > level else max(level - step, goal)
        out[t] = level
    return out


def simulate_trials(
    design: Design,
    true_ratio: float,
    n_trials: int,
    rng: np.random.Generator,
    settings: SimulationSettings | None = None,
) -> SimulatedTrials:
    """Simulate ``n_trials`` diaries of ``design`` at once (vectorised over trials).

    ``true_ratio`` is the real effect of the intervention on the cramp rate
    (1.0 = none, 0.5 = half the cramps), on top of the placebo response.
    """
    if true_ratio <= 0:
        raise ValueError(f"true_ratio must be above 0, got {true_ratio}")
    s = settings or SimulationSettings()
    if s.baseline_rate <= 0:
        raise ValueError(f"baseline_rate must be above 0, got {s.baseline_rate}")
    dates, phases, period_phases = _timeline(design)
    n = len(dates)
    intervention = "stretching" if design.kind == "stretching" else "magnesium"
    on = np.array([p == intervention for p in period_phases], dtype=np.float64)
    if s.carry_over_nights > 0:
        lingering = on.copy()
        for night in range(1, n):
            if on[night] == 0 and on[night - 1] == 1:
                lingering[night : night + s.carry_over_nights] = 1.0
        on = np.maximum(on, lingering)
    active = _ramp(on, s.onset_nights)
    looks_active = _ramp(
        np.array([p in _ACTIVE_LOOKING for p in period_phases], dtype=np.float64),
        s.onset_nights,
    )
    if design.kind == "blinded":
        looks_active[:] = 1.0  # capsules every night from the first
    t = np.arange(n, dtype=np.float64)
    capsule_phase = np.array([p in ("magnesium", "placebo") for p in period_phases])
    took = capsule_phase[None, :] & (rng.random((n_trials, n)) < s.adherence)
    mean_log = (
        np.log(s.baseline_rate)
        + np.log1p(s.rtm_excess * np.exp(-t / s.rtm_nights))
        + looks_active * np.log1p(-s.placebo_drop)
        + np.log(s.trend_end) * t / max(n - 1, 1)
        - 0.5 * s.ar_sd**2  # keep the mean rate at the stated value
    )
    if s.no_dose_no_effect and intervention == "magnesium":
        dosed = np.where(capsule_phase[None, :], took, True).astype(np.float64)
        effect = np.stack([_ramp(on * row, s.onset_nights) for row in dosed])
    else:
        effect = np.broadcast_to(active, (n_trials, n))
    noise = np.empty((n_trials, n))
    noise[:, 0] = rng.standard_normal(n_trials) * s.ar_sd
    innovation = s.ar_sd * np.sqrt(1.0 - s.ar_rho**2)
    for night in range(1, n):
        noise[:, night] = s.ar_rho * noise[:, night - 1] + innovation * rng.standard_normal(
            n_trials
        )
    night_effect = rng.gamma(s.night_shape, 1.0 / s.night_shape, size=(n_trials, n))
    rate = np.exp(mean_log[None, :] + effect * np.log(true_ratio) + noise) * night_effect
    if s.weekly_cv > 0:
        shape = 1.0 / s.weekly_cv**2
        weeks = rng.gamma(shape, 1.0 / shape, size=(n_trials, n // 7 + 1))
        rate = rate * np.repeat(weeks, 7, axis=1)[:, :n]
    if s.zero_inflation > 0:
        keep = rng.random((n_trials, n)) >= s.zero_inflation
        rate = np.where(keep, rate / (1.0 - s.zero_inflation), 0.0)
    cramps = np.minimum(rng.poisson(rate), MAX_CRAMPS).astype(np.int64)

    pain_mean = 3.0 + 1.2 * np.log1p(cramps)
    pain = np.clip(np.rint(rng.normal(pain_mean, 1.3)), 1, 10).astype(np.int64)
    pain = np.where(cramps > 0, pain, 0)
    awakenings = np.minimum(rng.binomial(cramps, 0.6), MAX_AWAKENINGS).astype(np.int64)

    stretch_phase = np.array([p == "stretching" for p in period_phases])
    stretched = stretch_phase[None, :] & (rng.random((n_trials, n)) < s.stretch_adherence)

    on_magnesium = np.array([p == "magnesium" for p in period_phases])[None, :] & took
    u = rng.random((n_trials, n))
    loose = np.where(on_magnesium, s.loose_stools_magnesium, s.loose_stools_other)
    diarrhea = np.where(on_magnesium, s.diarrhea_magnesium, 0.0)
    side = np.zeros((n_trials, n), dtype=np.int64)
    side[u < loose + diarrhea + s.nausea] = 3
    side[u < loose + diarrhea] = 2
    side[u < loose] = 1

    if s.missing_if_cramps is not None or s.missing_if_none is not None:
        p_miss = np.where(
            cramps > 0,
            s.missing_prob if s.missing_if_cramps is None else s.missing_if_cramps,
            s.missing_prob if s.missing_if_none is None else s.missing_if_none,
        )
        missing = rng.random((n_trials, n)) < p_miss
    else:
        missing = rng.random((n_trials, n)) < s.missing_prob
    cramps = np.where(missing, -1, cramps)
    return SimulatedTrials(
        dates=tuple(dates),
        phases=tuple(phases),
        cramps=cramps,
        worst_pain=np.where(missing, -1, pain),
        awakenings=np.where(missing, -1, awakenings),
        took_dose=took,
        stretched=stretched,
        side_effect=side,
    )


def trial_nights(sim: SimulatedTrials, index: int, design_kind: str = "open") -> list[Night]:
    """One simulated trial as diary nights; missing nights are left out."""
    nights = []
    for t, (date, phase) in enumerate(zip(sim.dates, sim.phases, strict=True)):
        count = int(sim.cramps[index, t])
        if count < 0:
            continue
        nights.append(
            Night(
                date=date,
                phase=phase,
                cramps=count,
                worst_pain=int(sim.worst_pain[index, t]),
                awakenings=int(sim.awakenings[index, t]),
                took_dose=bool(sim.took_dose[index, t]),
                stretched=bool(sim.stretched[index, t]),
                side_effect=SIDE_EFFECTS[int(sim.side_effect[index, t])],
            )
        )
    return nights


def simulate_diary(
    design: Design,
    true_ratio: float,
    seed: int,
    settings: SimulationSettings | None = None,
) -> list[Night]:
    """One realistic diary for ``design``, reproducible from ``seed``."""
    rng = np.random.Generator(np.random.PCG64(seed))
    sim = simulate_trials(design, true_ratio, 1, rng, settings)
    return trial_nights(sim, 0, design.kind)
