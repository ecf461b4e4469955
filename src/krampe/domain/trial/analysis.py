"""Analyse one diary: which phases are compared, the posterior, the verdict.

Run-in nights are kept (charts, night counts) but never compared. A night that
was not logged is missing and reported as such; it is never a zero.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from krampe.domain.trial.design import COMPARISONS, Design, apply_design
from krampe.domain.trial.diary import Night
from krampe.domain.trial.model import Priors, RatioPosterior, ratio_posterior
from krampe.domain.trial.texts import (
    ADHERENCE_WHAT,
    CAVEAT_TEXTS,
    LANGUAGES,
    OPEN_LABEL_SOURCE,
    SIDE_NAMES,
    VERDICT_TEXTS,
    decimal,
    percent,
    render,
)
from krampe.domain.trial.verdict import Thresholds, decide
from krampe.domain.vocab import SIDE_EFFECTS, Comparison, Content, Phase, Side, Verdict

BLOCK_NIGHTS = 7  # the week of the per-week random effect
LOW_ADHERENCE = 0.8


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
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rate_ratio(self) -> tuple[float, float, float] | None:
        """Posterior median and 95 % interval of the rate ratio."""
        if self.posterior is None:
            return None
        low, high = self.posterior.interval(0.95)
        return self.posterior.median, low, high

    def explanation(self, lang: str) -> str:
        """The verdict in plain words."""
        return render(VERDICT_TEXTS[self.verdict][_lang(lang)]["explanation"], self._values(lang))

    def next_step(self, lang: str) -> str:
        """What to do now."""
        return render(VERDICT_TEXTS[self.verdict][_lang(lang)]["next_step"], self._values(lang))

    def caveat_codes(self) -> list[str]:
        """Codes of the caveats that apply, most important first."""
        codes = []
        if self.open_label:
            codes.append("open_label")
        if self.missing_nights:
            codes.append("missing_nights")
        if any(v is not None and v < LOW_ADHERENCE for v in self.adherence.values()):
            codes.append("low_adherence")
        return codes

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
            "treated_cap": treated[:1].upper() + treated[1:],
            "control": SIDE_NAMES[self.control][lang],
            "treated_n": str(self.counted["treated"]),
            "control_n": str(self.counted["control"]),
            "min_nights": str(self.thresholds.min_nights),
            "threshold": percent(self.thresholds.threshold, lang),
            "meaningful": percent(self.thresholds.meaningful, lang),
            "missing": str(self.missing_nights),
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
                }
            )
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
            "explanation": self.explanation(lang),
            "next_step": self.next_step(lang),
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
                "name": "gamma-poisson with a per-week random effect",
                "blocks": {
                    "control": sum(b.side == "control" for b in self.blocks),
                    "treated": sum(b.side == "treated" for b in self.blocks),
                },
            },
            "lang": _lang(lang),
        }


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


def analyze_nights(
    nights: Sequence[Night],
    design: Design | None = None,
    thresholds: Thresholds | None = None,
    priors: Priors | None = None,
) -> TrialResult:
    """Analyse a diary. With ``design`` the phases come from the design's dates."""
    thresholds = thresholds or Thresholds()
    ordered = sorted(nights, key=lambda n: n.date)
    if design is not None:
        ordered = apply_design(ordered, design)
        comparison: Comparison = design.comparison
    else:
        comparison = infer_comparison(ordered)
    treated, control = COMPARISONS[comparison]
    sides: dict[str, Side] = {treated: "treated", control: "control"}

    logged = [n for n in ordered if n.cramps is not None]
    nights_per_phase = dict(Counter(n.phase for n in logged))
    if ordered:
        span = (ordered[-1].date - ordered[0].date).days + 1
        missing = span - len(logged)
    else:
        missing = 0
    periods = _periods(ordered, design)
    blocks = _blocks(ordered, periods, sides)
    counted = {
        "control": sum(b.nights for b in blocks if b.side == "control"),
        "treated": sum(b.nights for b in blocks if b.side == "treated"),
    }

    posterior = None
    p_any = p_resp = p_mean = None
    if counted["control"] and counted["treated"]:
        ctrl = [b for b in blocks if b.side == "control"]
        trt = [b for b in blocks if b.side == "treated"]
        posterior = ratio_posterior(
            [b.cramps for b in ctrl],
            [b.nights for b in ctrl],
            [b.cramps for b in trt],
            [b.nights for b in trt],
            priors,
        )
        p_any = posterior.prob_ratio_below(1.0)
        p_resp = posterior.prob_ratio_below(1.0 - thresholds.threshold)
        p_mean = posterior.prob_ratio_below(1.0 - thresholds.meaningful)
    verdict = decide(counted["control"], counted["treated"], p_any, p_resp, p_mean, thresholds)

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
        open_label=control == "baseline",
    )
