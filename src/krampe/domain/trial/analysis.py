"""Analyse one diary: which phases are compared, the posterior, the verdict.

Run-in nights are kept (charts, night counts) but never compared. A night that
was not logged is missing and reported as such; it is never a zero.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from krampe.domain.text import count_noun
from krampe.domain.trial.design import COMPARISONS, RUN_IN_RANGE, Design, apply_design
from krampe.domain.trial.diary import Night
from krampe.domain.trial.latent import LatentPriors, Series, latent_posterior, series
from krampe.domain.trial.model import RatioPosterior
from krampe.domain.trial.texts import (
    ADHERENCE_WHAT,
    CAVEAT_TEXTS,
    LANGUAGES,
    NEXT_STEP_TEXTS,
    OPEN_LABEL_SOURCE,
    SIDE_NAMES,
    change_words,
    decimal,
    percent,
    render,
    verdict_text,
)
from krampe.domain.trial.verdict import (
    MAX_PAIRS,
    POSITIVE_VERDICTS,
    Thresholds,
    certainty_for,
    decide,
)
from krampe.domain.vocab import SIDE_EFFECTS, Comparison, Content, Phase, Side, Verdict

BLOCK_NIGHTS = 7  # a counted week (blocks shown to the doctor; the carry-over check)
# Below this share of capsule (or stretching) nights, the result says so. At 92 %
# real adherence a 21-night side falls below 75 % by chance in about 0.6 % of
# trials (1.2 % for either side of a default blinded trial; 80 % gave 5 %).
LOW_ADHERENCE = 0.75
# The missing-nights caveats: more than this share of the trial's nights not
# logged, or the two sides' shares of missing nights this far apart. At 3 %
# nights missing at random they fire by chance in under 0.1 % and about 0.3 %
# of default blinded trials; one forgotten night never triggers them.
MISSING_SHARE = 0.10
MISSING_GAP = 0.15
MODEL_NAME = "negative binomial nights with a latent AR(1) log rate"


class AnalysisError(ValueError):
    """A diary that cannot be analysed as asked (e.g. no phases to compare)."""


@dataclass(frozen=True, slots=True)
class Block:
    """Up to a week of counted nights of one period and one side."""

    side: Side
    period: int
    start: dt.date
    nights: int
    cramps: int


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """The result again without the first counted week after each magnesium-to-placebo switch.

    Magnesium may act longer than the run-in; if its effect lingers into the
    next placebo period, those placebo nights look better than placebo and
    the main estimate leans towards "no effect".
    """

    dropped_nights: int
    posterior: RatioPosterior | None  # None when a side has no counted night left

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        if self.posterior is None:
            return {"dropped_nights": self.dropped_nights, "rate_ratio": None}
        low, high = self.posterior.interval(0.95)
        return {
            "dropped_nights": self.dropped_nights,
            "rate_ratio": {
                "median": round(self.posterior.median, 4),
                "ci95": [round(low, 4), round(high, 4)],
            },
            "p_any_reduction": round(self.posterior.prob_ratio_below(1.0), 4),
        }


@dataclass(slots=True)
class TrialResult:
    """Everything the shells show about one analysed diary."""

    comparison: Comparison
    treated: Content
    control: Content
    nights: dict[Phase, int]
    missing_nights: int
    counted: dict[str, int]
    blocks: list[Block]
    posterior: RatioPosterior | None
    thresholds: Thresholds
    verdict: Verdict
    p_any_reduction: float | None
    p_responder: float | None
    p_meaningful: float | None
    rates: dict[Phase, float]
    pain: dict[str, float | None]
    awakenings: dict[str, float | None]
    adherence: dict[str, float | None]
    side_effects: dict[str, dict[str, float]]
    open_label: bool
    series: Series | None = None
    pairs: int | None = None  # blinded pairs analysed (sets the certainty needed)
    missing_by_side: dict[str, float] = field(default_factory=dict)  # share not logged
    sensitivity: Sensitivity | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rate_ratio(self) -> tuple[float, float, float] | None:
        """Posterior median and 95 % interval of the rate ratio."""
        if self.posterior is None:
            return None
        low, high = self.posterior.interval(0.95)
        return self.posterior.median, low, high

    def summary(self, lang: str) -> str:
        """The verdict in one sentence a lay person understands."""
        return self._verdict_text("summary", lang)

    def explanation(self, lang: str) -> str:
        """The numbers behind the verdict, for the doctor."""
        return self._verdict_text("explanation", lang)

    def _verdict_text(self, part: str, lang: str) -> str:
        template = verdict_text(self.verdict, not self.open_label, part, _lang(lang))
        return render(template, self._values(lang))

    @property
    def next_step_code(self) -> str:
        """What to do now, as a code the shells render (some as a button or link)."""
        if self.verdict == "insufficient_data":
            short_before = self.counted["control"] < self.thresholds.min_nights
            if self.open_label and short_before and self.counted["treated"] > 0:
                return "start_new_trial"
            return "keep_logging"
        if self.open_label and self.verdict in ("improved_cause_unknown", "inconclusive"):
            return "keep_stretching" if self.treated == "stretching" else "start_blinded_trial"
        if self.verdict == "inconclusive":
            # Shown after unblinding, when no pair can be added any more: the look
            # that offers one is made before (krampe.domain.trial.extension).
            return "ended_inconclusive" if (self.pairs or 0) < MAX_PAIRS else "no_more_pairs"
        return {
            "responder": "keep_lowest_dose",
            "benefit_below_threshold": "weigh_benefit",
            "no_meaningful_effect": "stop_and_talk_to_doctor",
        }[self.verdict]

    def next_step(self, lang: str) -> str:
        """What to do now, in plain words."""
        return render(NEXT_STEP_TEXTS[self.next_step_code][_lang(lang)], self._values(lang))

    def caveat_codes(self) -> list[str]:
        """Codes of the caveats that apply, most important first."""
        codes = []
        if self.open_label:
            codes.append("open_label")
        if self.missing_share > MISSING_SHARE:
            codes.append("missing_nights")
        sides = self.missing_by_side
        if sides and abs(sides["treated"] - sides["control"]) > MISSING_GAP:
            codes.append("missing_unequal")
        if any(v is not None and v < LOW_ADHERENCE for v in self.adherence.values()):
            codes.append("low_adherence")
        if self._carry_over_matters():
            codes.append("carry_over")
        return codes

    @property
    def certainty_needed(self) -> float:
        """P(any reduction) this analysis needs for "fewer cramps" (grows with extra pairs)."""
        return certainty_for(None if self.open_label else self.pairs, self.thresholds)

    @property
    def missing_share(self) -> float:
        """Share of the nights from the first to the last in the diary that were not logged."""
        span = self.missing_nights + sum(self.nights.values())
        return self.missing_nights / span if span else 0.0

    def _carry_over_matters(self) -> bool:
        """True when the analysis without the nights after a switch would clear the bar."""
        if self.sensitivity is None or self.sensitivity.posterior is None:
            return False
        if self.verdict in POSITIVE_VERDICTS or self.verdict == "insufficient_data":
            return False
        return self.sensitivity.posterior.prob_ratio_below(1.0) >= self.certainty_needed

    def caveats(self, lang: str) -> list[str]:
        """The caveats in plain words."""
        lang = _lang(lang)
        values = self._values(lang)
        out = []
        for code in self.caveat_codes():
            if code == "low_adherence":
                kind = "stretch" if self.treated == "stretching" else "dose"
                share = self.adherence.get("treated")
                share = share if share is not None else self.adherence.get("control")
                out.append(
                    render(
                        CAVEAT_TEXTS[code][lang],
                        {
                            **values,
                            "what": ADHERENCE_WHAT[kind][lang],
                            "adherence": percent(share or 0.0, lang),
                        },
                    )
                )
            else:
                out.append(render(CAVEAT_TEXTS[code][lang], values))
        return out

    def _values(self, lang: str) -> dict[str, str]:
        lang = _lang(lang)
        treated = SIDE_NAMES[self.treated][lang]
        values = {
            "treated": treated,
            "treated_cap": _capital(treated),
            "control": SIDE_NAMES[self.control][lang],
            "treated_n": str(self.counted["treated"]),
            "control_n": str(self.counted["control"]),
            "min_nights": str(self.thresholds.min_nights),
            "threshold": percent(self.thresholds.threshold, lang),
            "meaningful": percent(self.thresholds.meaningful, lang),
            "missing": str(self.missing_nights),
            "missing_share": percent(self.missing_share, lang),
            "missing_treated": percent(self.missing_by_side.get("treated", 0.0), lang),
            "missing_control": percent(self.missing_by_side.get("control", 0.0), lang),
            "max_pairs": str(MAX_PAIRS),
            "max_pairs_count": count_noun(MAX_PAIRS, "pair", lang),
            "pairs": str(self.pairs or 0),
            "pairs_count": count_noun(self.pairs or 0, "pair", lang),
            "min_nights_counted": count_noun(self.thresholds.min_nights, "counted_night", lang),
            "missing_count": count_noun(self.missing_nights, "night", lang),
            "certainty": percent(self.certainty_needed, lang),
            "longest_run_in": count_noun(RUN_IN_RANGE[1], "night", lang),
        }
        if self.posterior is not None and self.rate_ratio is not None:
            median, low, high = self.rate_ratio
            values.update(
                {
                    "median": decimal(median, lang),
                    "ratio_low": decimal(low, lang),
                    "ratio_high": decimal(high, lang),
                    "reduction": percent(1 - median, lang),
                    "low": percent(1 - high, lang),
                    "high": percent(1 - low, lang),
                    "p_any": percent(self.p_any_reduction or 0.0, lang),
                    "p_responder": percent(self.p_responder or 0.0, lang),
                    "p_meaningful": percent(self.p_meaningful or 0.0, lang),
                    "change": change_words(median, lang),
                    "change_cap": _capital(change_words(median, lang)),
                }
            )
        again = self.sensitivity.posterior if self.sensitivity is not None else None
        if again is not None:
            values["p_any_sens"] = percent(again.prob_ratio_below(1.0), lang)
        return values

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """JSON-ready result (the ``krampe analyze --format json`` object)."""
        ratio = None
        if self.rate_ratio is not None:
            median, low, high = self.rate_ratio
            ratio = {"median": round(median, 4), "ci95": [round(low, 4), round(high, 4)]}
        return {
            "comparison": self.comparison,
            "nights": dict(self.nights),
            "counted_nights": dict(self.counted),
            "missing_nights": self.missing_nights,
            "rate_ratio": ratio,
            "p_any_reduction": _round(self.p_any_reduction),
            "p_responder": _round(self.p_responder),
            "p_meaningful_reduction": _round(self.p_meaningful),
            "threshold": self.thresholds.threshold,
            "verdict": self.verdict,
            "summary": self.summary(lang),
            "explanation": self.explanation(lang),
            "next_step": self.next_step(lang),
            "next_step_code": self.next_step_code,
            "pairs": self.pairs,
            "certainty_needed": self.certainty_needed,
            "missing_share": round(self.missing_share, 4),
            "sensitivity": None if self.sensitivity is None else self.sensitivity.to_dict(),
            "caveats": self.caveats(lang),
            "caveat_codes": self.caveat_codes(),
            "sources": [OPEN_LABEL_SOURCE] if self.open_label else [],
            "rates": {k: round(v, 4) for k, v in self.rates.items()},
            "pain": {k: _round(v) for k, v in self.pain.items()},
            "awakenings": {k: _round(v) for k, v in self.awakenings.items()},
            "adherence": {k: _round(v) for k, v in self.adherence.items()},
            "side_effects": {
                side: {code: round(rate, 4) for code, rate in rates.items()}
                for side, rates in self.side_effects.items()
            },
            "model": {
                "name": MODEL_NAME,
                "blocks": {
                    "control": sum(b.side == "control" for b in self.blocks),
                    "treated": sum(b.side == "treated" for b in self.blocks),
                },
                "nights": 0 if self.series is None else int(self.series.counts.size),
                "trend": bool(self.series is not None and self.series.trend),
            },
            "lang": _lang(lang),
        }


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"lang '{lang}' is not one of {', '.join(LANGUAGES)}")
    return lang


def infer_comparison(nights: Sequence[Night]) -> Comparison:
    """The comparison a diary supports, from the phases present."""
    phases = {n.phase for n in nights}
    if "placebo" in phases:
        return "magnesium_vs_placebo"
    if "baseline" in phases and "magnesium" in phases:
        return "magnesium_vs_baseline"
    if "baseline" in phases and "stretching" in phases:
        return "stretching_vs_baseline"
    present = ", ".join(sorted(phases)) or "none"
    raise AnalysisError(
        "the diary needs placebo and magnesium nights, or baseline and magnesium, or "
        f"baseline and stretching nights; phases present: {present}"
    )


_TREATMENTS = ("magnesium", "placebo", "stretching")


def check_design_fits(nights: Sequence[Night], design: Design) -> None:
    """Refuse a design that does not belong to the diary (AnalysisError).

    Its dates must overlap the diary's logged nights, and a night the diary
    labels magnesium, placebo or stretching must have that phase in the
    design (an open design cannot explain placebo nights, a stretching design
    cannot explain magnesium nights, another trial's allocation cannot explain
    this one's).
    """
    logged = [n for n in nights if n.cramps is not None]
    inside = [n for n in logged if design.period_on(n.date) is not None]
    if logged and not inside:
        raise AnalysisError(
            f"the design runs from {design.start.isoformat()} to {design.end.isoformat()}, "
            f"but the diary's nights are from {logged[0].date.isoformat()} to "
            f"{logged[-1].date.isoformat()}: no night falls inside the design"
        )
    for night in inside:
        expected = design.phase_on(night.date)
        if night.phase in _TREATMENTS and expected not in (night.phase, "run_in"):
            raise AnalysisError(
                f"the diary says {night.phase} on {night.date.isoformat()}, but the "
                f"{design.kind} design has {expected} that night: is this the design of "
                "another trial?"
            )


def _periods(nights: Sequence[Night], design: Design | None) -> list[int]:
    """A period number for every night.

    With a design the periods are the design's. Without, a new period starts
    whenever the compared phase changes or a run-in begins.
    """
    if design is not None:
        out = []
        for night in nights:
            period = design.period_on(night.date)
            out.append(period.index if period else 0)
        return out
    numbers: list[int] = []
    current, last_phase, in_run_in = 0, None, False
    for night in nights:
        if night.phase == "run_in":
            if not in_run_in:
                current += 1
                in_run_in = True
            last_phase = None
        else:
            if night.phase != last_phase and not in_run_in:
                current += 1
            in_run_in = False
            last_phase = night.phase
        numbers.append(current)
    return numbers


def _blocks(
    nights: Sequence[Night], periods: Sequence[int], sides: Mapping[str, Side]
) -> list[Block]:
    """Weeks of counted nights, each inside one period."""
    anchors: dict[int, dt.date] = {}
    sums: dict[tuple[int, int], list[int]] = {}
    side_of: dict[tuple[int, int], Side] = {}
    for night, period in zip(nights, periods, strict=True):
        side = sides.get(night.phase)
        if side is None or night.cramps is None:
            continue
        anchor = anchors.setdefault(period, night.date)
        key = (period, (night.date - anchor).days // BLOCK_NIGHTS)
        entry = sums.setdefault(key, [0, 0])
        entry[0] += 1
        entry[1] += night.cramps
        side_of[key] = side
    return [
        Block(
            side_of[key],
            key[0],
            anchors[key[0]] + dt.timedelta(days=BLOCK_NIGHTS * key[1]),
            value[0],
            value[1],
        )
        for key, value in sorted(sums.items())
    ]


def _mean(values: list[int]) -> float | None:
    return float(np.mean(values)) if values else None


def _timeline(
    ordered: Sequence[Night],
    periods: Sequence[int],
    sides: Mapping[str, str],
    dropped: frozenset[dt.date] = frozenset(),
) -> tuple[list[float], list[float], list[bool]]:
    """Counts (NaN = no observation), treated flags and period starts for every night.

    A night that was not logged belongs to the period of the night before it.
    """
    first, last = ordered[0].date, ordered[-1].date
    by_date = {n.date: (n, p) for n, p in zip(ordered, periods, strict=True)}
    counts: list[float] = []
    treated: list[float] = []
    starts: list[bool] = []
    current: int | None = None
    for offset in range((last - first).days + 1):
        date = first + dt.timedelta(days=offset)
        found = by_date.get(date)
        night = found[0] if found is not None else None
        period = found[1] if found is not None else current
        starts.append(period != current)
        current = period
        side = sides.get(night.phase) if night is not None else None
        value = float("nan")
        cramps = night.cramps if night is not None and side is not None else None
        if cramps is not None and date not in dropped:
            value = float(cramps)
        counts.append(value)
        treated.append(1.0 if side == "treated" else 0.0)
    return counts, treated, starts


def _posterior(
    ordered: Sequence[Night],
    periods: Sequence[int],
    sides: Mapping[str, str],
    trend: bool,
    priors: LatentPriors | None,
    dropped: frozenset[dt.date] = frozenset(),
) -> tuple[Series | None, RatioPosterior | None]:
    counts, treated, starts = _timeline(ordered, periods, sides, dropped)
    y = np.asarray(counts)
    x = np.asarray(treated)
    seen = ~np.isnan(y)
    if not (seen & (x == 1)).any() or not (seen & (x == 0)).any():
        return None, None
    data = series(y, x, trend=trend, starts=starts)
    return data, latent_posterior(data, priors)


def _carry_over_nights(
    blocks: Sequence[Block], period_phase: Mapping[int, str], treated: str
) -> frozenset[dt.date]:
    """Dates of the first counted week of every control period that follows the intervention."""
    out: set[dt.date] = set()
    numbers = sorted(period_phase)
    for before, after in itertools.pairwise(numbers):
        if period_phase[before] != treated or period_phase[after] == treated:
            continue
        first = min((b for b in blocks if b.period == after), key=lambda b: b.start, default=None)
        if first is None:
            continue
        out.update(first.start + dt.timedelta(days=i) for i in range(BLOCK_NIGHTS))
    return frozenset(out)


def _missing_nights(ordered: Sequence[Night], design: Design | None, logged: int) -> int:
    """Nights from the first to the last in the diary that were not logged. With a
    design only nights inside its periods count (a break before an added pair
    is not a forgotten night)."""
    if not ordered:
        return 0
    first, last = ordered[0].date, ordered[-1].date
    span = (last - first).days + 1
    if design is not None:
        span = sum(
            max((min(p.end, last) - max(p.start, first)).days + 1, 0) for p in design.periods
        )
    return max(span - logged, 0)


def _missing_by_side(
    ordered: Sequence[Night],
    design: Design | None,
    counted: dict[str, int],
    sides: Mapping[str, str],
) -> dict[str, float]:
    """Share of each side's countable nights (up to the last logged night) not logged."""
    if design is None or not ordered:
        return {}
    last = ordered[-1].date
    expected = {"control": 0, "treated": 0}
    for period in design.periods:
        side = None if period.phase is None else sides.get(period.phase)
        if side is None:
            continue
        end = min(period.end, last)
        expected[side] += max((end - period.counted_start).days + 1, 0)
    return {
        side: (1.0 - counted[side] / expected[side]) if expected[side] else 0.0 for side in expected
    }


def analyze_nights(
    nights: Sequence[Night],
    design: Design | None = None,
    thresholds: Thresholds | None = None,
    priors: LatentPriors | None = None,
    *,
    with_sensitivity: bool = True,
) -> TrialResult:
    """Analyse a diary. With ``design`` the phases come from the design's dates.

    ``with_sensitivity`` False skips the carry-over check (a second posterior), for
    simulations that do not report it.
    """
    thresholds = thresholds or Thresholds()
    ordered = sorted(nights, key=lambda n: n.date)
    if design is not None:
        check_design_fits(ordered, design)
        ordered = apply_design(ordered, design)
        comparison: Comparison = design.comparison
    else:
        comparison = infer_comparison(ordered)
    treated, control = COMPARISONS[comparison]
    sides: dict[str, Side] = {treated: "treated", control: "control"}
    open_label = control == "baseline"

    logged = [n for n in ordered if n.cramps is not None]
    nights_per_phase = dict(Counter(n.phase for n in logged))
    missing = _missing_nights(ordered, design, len(logged))
    periods = _periods(ordered, design)
    blocks = _blocks(ordered, periods, sides)
    counted = {
        "control": sum(b.nights for b in blocks if b.side == "control"),
        "treated": sum(b.nights for b in blocks if b.side == "treated"),
    }
    period_phase = {
        period: night.phase
        for night, period in zip(ordered, periods, strict=True)
        if night.phase in sides
    }
    pairs = None
    if not open_label:
        pairs = sum(1 for phase in period_phase.values() if phase == treated)
        if design is not None:
            pairs = len(design.periods) // 2

    data: Series | None = None
    posterior = None
    p_any = p_resp = p_mean = None
    sensitivity = None
    # A time trend is separable from the effect only when each side has at least
    # two periods (a crossover); in a before/after comparison they are the same contrast.
    per_side = Counter(period_phase.values())
    trend = not open_label and min(per_side[treated], per_side[control]) >= 2
    if ordered and counted["control"] and counted["treated"]:
        data, posterior = _posterior(ordered, periods, sides, trend, priors)
    if posterior is not None:
        p_any = posterior.prob_ratio_below(1.0)
        p_resp = posterior.prob_ratio_below(1.0 - thresholds.threshold)
        p_mean = posterior.prob_ratio_below(1.0 - thresholds.meaningful)
        if with_sensitivity and not open_label:
            dropped = _carry_over_nights(blocks, period_phase, treated)
            if dropped:
                _data, again = _posterior(ordered, periods, sides, trend, priors, dropped)
                sensitivity = Sensitivity(
                    dropped_nights=sum(
                        1 for n in logged if n.date in dropped and sides.get(n.phase) is not None
                    ),
                    posterior=again,
                )
    verdict = decide(
        counted["control"],
        counted["treated"],
        p_any,
        p_resp,
        p_mean,
        thresholds,
        placebo_controlled=not open_label,
        pairs=pairs,
    )

    rates = {}
    for phase in nights_per_phase:
        counts = [n.cramps for n in logged if n.phase == phase and n.cramps is not None]
        rates[phase] = float(np.mean(counts))
    compared = {side: [n for n in logged if sides.get(n.phase) == side] for side in sides.values()}
    pain: dict[str, float | None] = {}
    wake: dict[str, float | None] = {}
    for side, group in compared.items():
        # worst pain is 0 on a night without cramps: the pain a person lived with
        pain[side] = _mean([n.worst_pain or 0 for n in group])
        wake[side] = _mean([n.awakenings for n in group if n.awakenings is not None])
    for values in (pain, wake):
        t, c = values.get("treated"), values.get("control")
        values["difference"] = None if t is None or c is None else t - c

    adherence: dict[str, float | None] = {}
    for side, group in compared.items():
        phase = treated if side == "treated" else control
        if phase in ("magnesium", "placebo"):
            known = [n.took_dose for n in group if n.took_dose is not None]
        elif phase == "stretching":
            known = [n.stretched for n in group if n.stretched is not None]
        else:
            continue
        adherence[side] = float(np.mean(known)) if known else None

    side_effects: dict[str, dict[str, float]] = {}
    for side, group in compared.items():
        known_codes = [n.side_effect for n in group if n.side_effect is not None]
        counts_by_code = Counter(known_codes)
        side_effects[side] = {
            code: (counts_by_code[code] / len(known_codes) if known_codes else 0.0)
            for code in SIDE_EFFECTS
            if code != "none"
        }
    return TrialResult(
        comparison=comparison,
        treated=treated,
        control=control,
        nights=nights_per_phase,
        missing_nights=missing,
        counted=counted,
        blocks=blocks,
        posterior=posterior,
        thresholds=thresholds,
        verdict=verdict,
        p_any_reduction=p_any,
        p_responder=p_resp,
        p_meaningful=p_mean,
        rates=rates,
        pain=pain,
        awakenings=wake,
        adherence=adherence,
        side_effects=side_effects,
        open_label=open_label,
        series=data,
        pairs=pairs,
        missing_by_side=_missing_by_side(ordered, design, counted, sides),
        sensitivity=sensitivity,
    )
