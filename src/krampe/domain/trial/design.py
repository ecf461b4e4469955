"""Trial designs: open-label magnesium, blinded crossover against placebo, stretching.

A design is a list of periods with dates. The first ``run_in_nights`` nights of
every period that follows a switch are a run-in: magnesium is thought to act
over days, so those nights are shown but not compared. In the blinded design
every period starts with a run-in, also when the next jar happens to hold the
same capsules; a run-in only after real switches would tell the person when
the content changed and break the blinding.

The blinded order is drawn from ``numpy.random.Generator(PCG64(seed))`` and the
seed is stored in the design, so the allocation can always be recomputed and
checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np

from krampe.domain.trial.diary import Night
from krampe.domain.trial.verdict import MAX_PAIRS, PLANNED_PAIRS
from krampe.domain.vocab import COMPARISONS as COMPARISON_CODES
from krampe.domain.vocab import (
    CONTENTS,
    TRIAL_KINDS,
    Comparison,
    Content,
    Phase,
    TrialKind,
    VocabularyError,
    one_of,
)

# Run-in (washout) after every switch: configurable within this range, in nights.
RUN_IN_RANGE: tuple[int, int] = (7, 14)
DEFAULT_RUN_IN = 7
# A blinded period counts two weeks after its run-in. With one counted week
# (14-night periods) even five pairs found a true halving in only about a
# quarter of simulated trials; two weeks bring it above 60 %
# (docs/trial-validation.md).
COUNTED_PER_PERIOD = 14

DESIGNS: tuple[TrialKind, ...] = TRIAL_KINDS
# What each comparison compares: (treated, control).
COMPARISONS: dict[Comparison, tuple[Content, Content]] = {
    "magnesium_vs_placebo": ("magnesium", "placebo"),
    "magnesium_vs_baseline": ("magnesium", "baseline"),
    "stretching_vs_baseline": ("stretching", "baseline"),
}


class DesignError(ValueError):
    """A design parameter or design file that cannot be used."""


@dataclass(frozen=True, slots=True)
class Period:
    """One period of a design. Nights ``start`` to ``end`` inclusive."""

    index: int
    phase: Content
    start: dt.date
    end: dt.date
    run_in_nights: int = 0
    pair: int | None = None
    jar: str | None = None

    @property
    def nights(self) -> int:
        """Number of nights in the period, run-in included."""
        return (self.end - self.start).days + 1

    @property
    def counted_start(self) -> dt.date:
        """First night that counts in the comparison."""
        return self.start + dt.timedelta(days=self.run_in_nights)

    def is_run_in(self, date: dt.date) -> bool:
        """True when ``date`` is a run-in night of this period."""
        return self.start <= date < self.counted_start


@dataclass(frozen=True, slots=True)
class Extension:
    """One pair added to a blinded trial after its verdict was ``inconclusive``."""

    pair: int  # the number of the pair added (4 for the first extension)
    added_on: dt.date
    p_any_reduction: float | None  # at the look that allowed it, for the record


@dataclass(frozen=True, slots=True)
class Design:
    """A complete trial plan. ``blinded`` designs hold the allocation too."""

    kind: TrialKind
    start: dt.date
    periods: tuple[Period, ...]
    run_in_nights: int
    seed: int | None = None
    comparison: Comparison = "magnesium_vs_baseline"
    params: Mapping[str, int] = field(default_factory=dict)
    extensions: tuple[Extension, ...] = ()

    @property
    def pairs(self) -> int:
        """Pairs of periods in a blinded design (0 for the others)."""
        return len(self.periods) // 2 if self.kind == "blinded" else 0

    @property
    def end(self) -> dt.date:
        """Last night of the trial."""
        return self.periods[-1].end

    def period_on(self, date: dt.date) -> Period | None:
        """The period a night belongs to, or None outside the trial."""
        for period in self.periods:
            if period.start <= date <= period.end:
                return period
        return None

    def phase_on(self, date: dt.date) -> Phase | None:
        """The diary phase of a night: run_in, a period's phase, or None outside."""
        period = self.period_on(date)
        if period is None:
            return None
        return "run_in" if period.is_run_in(date) else period.phase


def _check_positive(name: str, value: int, low: int = 1) -> None:
    if value < low:
        raise DesignError(f"{name} must be at least {low}, got {value}")


def _check_run_in(value: int) -> None:
    low, high = RUN_IN_RANGE
    if not low <= value <= high:
        raise DesignError(f"run_in_nights must be from {low} to {high}, got {value}")


def open_label_design(
    start: dt.date,
    baseline_nights: int = 21,
    treatment_nights: int = 42,
    run_in_nights: int = DEFAULT_RUN_IN,
    phase: Literal["magnesium", "stretching"] = "magnesium",
) -> Design:
    """Baseline, then the intervention (magnesium, or stretching), open-label.

    The 21-night baseline leaves room for a week of forgotten nights before the
    comparison falls short of its 14 counted nights.
    """
    _check_positive("baseline_nights", baseline_nights)
    _check_run_in(run_in_nights)
    _check_positive("treatment_nights", treatment_nights, run_in_nights + 1)
    baseline_end = start + dt.timedelta(days=baseline_nights - 1)
    treat_start = baseline_end + dt.timedelta(days=1)
    periods = (
        Period(1, "baseline", start, baseline_end),
        Period(
            2,
            phase,
            treat_start,
            treat_start + dt.timedelta(days=treatment_nights - 1),
            run_in_nights=run_in_nights,
        ),
    )
    if phase == "stretching":
        kind: TrialKind = "stretching"
        comparison: Comparison = "stretching_vs_baseline"
    else:
        kind, comparison = "open", "magnesium_vs_baseline"
    return Design(
        kind=kind,
        start=start,
        periods=periods,
        run_in_nights=run_in_nights,
        comparison=comparison,
        params={"baseline_nights": baseline_nights, "treatment_nights": treatment_nights},
    )


def stretching_design(
    start: dt.date,
    baseline_nights: int = 21,
    treatment_nights: int = 42,
    run_in_nights: int = DEFAULT_RUN_IN,
) -> Design:
    """Baseline, then nightly calf stretching, open-label."""
    return open_label_design(
        start, baseline_nights, treatment_nights, run_in_nights, phase="stretching"
    )


def blinded_order(seed: int, pairs: int) -> list[tuple[Content, Content]]:
    """The randomized order inside each pair, reproducible from ``seed``."""
    rng = np.random.Generator(np.random.PCG64(seed))
    flips = rng.integers(0, 2, size=pairs)
    return [("magnesium", "placebo") if flip == 0 else ("placebo", "magnesium") for flip in flips]


def blinded_design(
    start: dt.date,
    seed: int,
    pairs: int = PLANNED_PAIRS,
    period_nights: int | None = None,
    run_in_nights: int = DEFAULT_RUN_IN,
    planned_pairs: int | None = None,
) -> Design:
    """Randomized crossover against placebo: ``pairs`` pairs of periods.

    Inside each pair one period is magnesium and one placebo, in random order.
    Each pair has two jars, A (first period) and B (second period), filled by
    another person from the allocation sheet. A period is its run-in (7 to 14
    nights) plus two counted weeks unless ``period_nights`` says otherwise.
    ``planned_pairs`` (default ``pairs``) records how many pairs were planned
    before any extension.
    """
    _check_positive("pairs", pairs)
    if pairs > MAX_PAIRS:
        raise DesignError(f"pairs must be at most {MAX_PAIRS}, got {pairs}")
    _check_run_in(run_in_nights)
    if period_nights is None:
        period_nights = run_in_nights + COUNTED_PER_PERIOD
    _check_positive("period_nights", period_nights, run_in_nights + 1)
    if seed < 0:
        raise DesignError(f"seed must be 0 or more, got {seed}")
    periods: list[Period] = []
    day = start
    for pair_index, order in enumerate(blinded_order(seed, pairs), start=1):
        for jar, phase in zip(("A", "B"), order, strict=True):
            end = day + dt.timedelta(days=period_nights - 1)
            periods.append(
                Period(len(periods) + 1, phase, day, end, run_in_nights, pair=pair_index, jar=jar)
            )
            day = end + dt.timedelta(days=1)
    return Design(
        kind="blinded",
        start=start,
        periods=tuple(periods),
        run_in_nights=run_in_nights,
        seed=seed,
        comparison="magnesium_vs_placebo",
        params={
            "pairs": pairs,
            "period_nights": period_nights,
            "planned_pairs": pairs if planned_pairs is None else planned_pairs,
        },
    )


def build_design(
    kind: TrialKind, start: dt.date, seed: int | None = None, run_in_nights: int = DEFAULT_RUN_IN
) -> Design:
    """Build a design with its default lengths. ``seed`` is needed for blinded."""
    if kind == "open":
        return open_label_design(start, run_in_nights=run_in_nights)
    if kind == "stretching":
        return stretching_design(start, run_in_nights=run_in_nights)
    if kind == "blinded":
        if seed is None:
            raise DesignError("seed is required for the blinded design")
        return blinded_design(start, seed, run_in_nights=run_in_nights)
    raise DesignError(f"design '{kind}' is not one of {', '.join(DESIGNS)}")


@dataclass(frozen=True, slots=True)
class AllocationRow:
    """One line of the allocation sheet: what goes in which jar."""

    pair: int
    jar: str
    period: int
    start: dt.date
    end: dt.date
    content: Content


def allocation_sheet(design: Design) -> list[AllocationRow]:
    """The sheet for the person who prepares the capsules (blinded designs only).

    The person in the trial sees only period numbers, dates and jar labels; the
    ``content`` column is for the preparer and stays hidden until unblinding.
    """
    if design.kind != "blinded":
        raise DesignError("only the blinded design has an allocation sheet")
    return [
        AllocationRow(p.pair or 0, p.jar or "", p.index, p.start, p.end, p.phase)
        for p in design.periods
    ]


def unblind(design: Design) -> dict[int, Content]:
    """Reveal the content of each period: period number to magnesium/placebo.

    The allocation is recomputed from the stored seed and compared with the
    stored periods, so a design file that was edited by hand is caught.
    """
    if design.kind != "blinded":
        raise DesignError("only the blinded design has an allocation to reveal")
    expected = [
        phase
        for pair in blinded_order(design.seed or 0, len(design.periods) // 2)
        for phase in pair
    ]
    actual = [p.phase for p in design.periods]
    if expected != actual:
        raise DesignError("the stored allocation does not match the stored seed")
    return {p.index: p.phase for p in design.periods}


def apply_design(nights: Iterable[Night], design: Design) -> list[Night]:
    """Label nights with the phase the design gives their date.

    Nights outside the design's dates are dropped; the design is the truth about
    which nights were magnesium, placebo or run-in (for a blinded trial the
    person could not know while logging).
    """
    labelled = []
    for night in nights:
        phase = design.phase_on(night.date)
        if phase is not None:
            labelled.append(replace(night, phase=phase))
    return labelled


def design_to_dict(design: Design) -> dict[str, Any]:
    """The design as JSON-ready data (read back by :func:`design_from_dict`)."""
    return {
        "design": design.kind,
        "start": design.start.isoformat(),
        "end": design.end.isoformat(),
        "seed": design.seed,
        "run_in_nights": design.run_in_nights,
        "comparison": design.comparison,
        "params": dict(design.params),
        "extensions": [
            {
                "pair": e.pair,
                "added_on": e.added_on.isoformat(),
                "p_any_reduction": e.p_any_reduction,
            }
            for e in design.extensions
        ],
        "periods": [
            {
                "index": p.index,
                "phase": p.phase,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "nights": p.nights,
                "run_in_nights": p.run_in_nights,
                "counted_start": p.counted_start.isoformat(),
                "pair": p.pair,
                "jar": p.jar,
            }
            for p in design.periods
        ],
    }


def design_from_dict(data: Mapping[str, Any]) -> Design:
    """Read a design written by :func:`design_to_dict` (``krampe trial design``)."""
    try:
        kind = one_of(DESIGNS, str(data["design"]), "design")
        comparison = one_of(COMPARISON_CODES, str(data["comparison"]), "comparison")
        periods = tuple(
            Period(
                index=int(p["index"]),
                phase=one_of(CONTENTS, str(p["phase"]), f"period {p.get('index')}: phase"),
                start=dt.date.fromisoformat(p["start"]),
                end=dt.date.fromisoformat(p["end"]),
                run_in_nights=int(p.get("run_in_nights", 0)),
                pair=None if p.get("pair") is None else int(p["pair"]),
                jar=p.get("jar"),
            )
            for p in data["periods"]
        )
        seed = data.get("seed")
        extensions = tuple(
            Extension(
                pair=int(e["pair"]),
                added_on=dt.date.fromisoformat(e["added_on"]),
                p_any_reduction=None
                if e.get("p_any_reduction") is None
                else float(e["p_any_reduction"]),
            )
            for e in data.get("extensions", [])
        )
        design = Design(
            kind=kind,
            start=dt.date.fromisoformat(data["start"]),
            periods=periods,
            run_in_nights=int(data.get("run_in_nights", 0)),
            seed=None if seed is None else int(seed),
            comparison=comparison,
            params={str(k): int(v) for k, v in dict(data.get("params", {})).items()},
            extensions=extensions,
        )
    except VocabularyError as exc:
        raise DesignError(
            f"{exc.field} '{exc.value}' is not one of {', '.join(exc.allowed)}"
        ) from None
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, DesignError):
            raise
        raise DesignError(f"the design file is not a krampe trial design ({exc})") from exc
    if not design.periods:
        raise DesignError("the design file has no periods")
    if kind == "blinded":
        unblind(design)  # checks the allocation against the seed
        _check_extensions(design)
    return design


def _check_extensions(design: Design) -> None:
    """A blinded design's pairs agree with its plan and its recorded extensions."""
    pairs = design.pairs
    planned = int(design.params.get("planned_pairs", pairs - len(design.extensions)))
    if pairs > MAX_PAIRS:
        raise DesignError(f"the design has {pairs} pairs; at most {MAX_PAIRS} are allowed")
    if planned + len(design.extensions) != pairs:
        raise DesignError(
            f"the design has {pairs} pairs but plans {planned} and records "
            f"{len(design.extensions)} extensions"
        )
    expected = list(range(planned + 1, pairs + 1))
    if [e.pair for e in design.extensions] != expected:
        raise DesignError("the recorded extensions do not match the added pairs")
