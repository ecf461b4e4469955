"""Trial designs: open-label magnesium, blinded crossover against placebo, stretching.

A design is a list of periods with dates. The first ``run_in_nights`` nights of
every period that follows a switch are a run-in: magnesium is thought to act
over days, so those nights are shown but not compared. In the blinded design
every period starts with a run-in, also when the next jar happens to hold the
same capsules; a run-in only after real switches would tell the person when
the content changed and break the blinding.

A blinded design comes in two shapes. A design file written by ``krampe trial
design`` draws its order from ``numpy.random.Generator(PCG64(seed))`` and
keeps the seed, so the allocation can be recomputed and checked; it is the
helper's file. It draws the order of every pair the trial may ever have up
front: the planned pairs' periods, and the pairs an extension may add as its
``reserve`` (on the allocation sheet from the start). A trial started in the web app is **sealed**
(:mod:`krampe.domain.trial.sealing`): its periods hold no content and it has no
seed, only the seal, until :func:`reveal_design` fills in the allocation from
the sealed record and checks it against the seal. A sealed design cannot be
analysed: :func:`apply_design` refuses it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np

from krampe.domain.text import count_noun
from krampe.domain.trial.diary import Night
from krampe.domain.trial.sealing import (
    SEALED_PAIRS,
    Allocation,
    Seal,
    SealError,
    allocation_with,
    seal_from_dict,
)
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


class SealedDesignError(DesignError):
    """A blinded design whose allocation is still sealed was asked for its content."""


class BrokenSealError(DesignError):
    """A stored allocation or seal that does not match the commitment made at the
    start; ``pair`` names the pair (None when the seal itself is broken)."""

    def __init__(self, message: str, pair: int | None = None) -> None:
        super().__init__(message)
        self.pair = pair


@dataclass(frozen=True, slots=True)
class Period:
    """One period of a design. Nights ``start`` to ``end`` inclusive.

    ``phase`` is None for a period of a sealed blinded design: its content is
    known only to the sealed record until unblinding.
    """

    index: int
    phase: Content | None
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
    """One pair added to a blinded trial after a look at its pairs so far was
    ``inconclusive`` (the look is made before unblinding; see
    :mod:`krampe.domain.trial.extension`)."""

    pair: int  # the number of the pair added (4 for the first extension)
    added_on: dt.date


@dataclass(frozen=True, slots=True)
class Design:
    """A complete trial plan. A blinded design holds its allocation (a design file
    with its seed) or its seal (a trial in the web app) and then no content
    until the allocation is revealed.

    ``reserve`` (design files only) is the order of the pairs an extension may
    still add, drawn with the others when the file was made; ``extensions``
    records every pair added after the planned ones.
    """

    kind: TrialKind
    start: dt.date
    periods: tuple[Period, ...]
    run_in_nights: int
    seed: int | None = None
    comparison: Comparison = "magnesium_vs_baseline"
    params: Mapping[str, int] = field(default_factory=dict)
    seal: Seal | None = None
    extensions: tuple[Extension, ...] = ()
    reserve: tuple[tuple[Content, Content], ...] = ()

    @property
    def sealed(self) -> bool:
        """True while some period's content is sealed (not revealed yet)."""
        return any(p.phase is None for p in self.periods)

    @property
    def pairs(self) -> int:
        """Pairs of periods in a blinded design (0 for the others)."""
        return len(self.periods) // 2 if self.kind == "blinded" else 0

    @property
    def planned_pairs(self) -> int:
        """Pairs planned before any extension."""
        return int(self.params.get("planned_pairs", self.pairs - len(self.extensions)))

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
        """The diary phase of a night: run_in, a period's phase, or None outside the
        trial (and on a counted night of a sealed period, whose content is unknown)."""
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


def _check_blinded(pairs: int, period_nights: int | None, run_in_nights: int) -> int:
    """Check a blinded design's sizes; the period length (run-in plus two counted
    weeks unless ``period_nights`` says otherwise)."""
    _check_positive("pairs", pairs)
    if pairs > MAX_PAIRS:
        raise DesignError(f"pairs must be at most {MAX_PAIRS}, got {pairs}")
    _check_run_in(run_in_nights)
    if period_nights is None:
        period_nights = run_in_nights + COUNTED_PER_PERIOD
    _check_positive("period_nights", period_nights, run_in_nights + 1)
    return period_nights


def _blinded_params(pairs: int, period_nights: int, planned_pairs: int | None) -> dict[str, int]:
    planned = pairs if planned_pairs is None else planned_pairs
    return {"pairs": pairs, "period_nights": period_nights, "planned_pairs": planned}


def _pair_periods(
    pair: int,
    first_day: dt.date,
    order: tuple[Content | None, Content | None],
    period_nights: int,
    run_in_nights: int,
) -> tuple[Period, Period]:
    """The two periods of pair ``pair`` (jar A, then jar B) from ``first_day``."""
    a_end = first_day + dt.timedelta(days=period_nights - 1)
    b_start = a_end + dt.timedelta(days=1)
    b_end = b_start + dt.timedelta(days=period_nights - 1)
    index = 2 * pair - 1
    return (
        Period(index, order[0], first_day, a_end, run_in_nights, pair=pair, jar="A"),
        Period(index + 1, order[1], b_start, b_end, run_in_nights, pair=pair, jar="B"),
    )  # fmt: skip


def _blinded_periods(
    start: dt.date,
    orders: list[tuple[Content | None, Content | None]],
    period_nights: int,
    run_in_nights: int,
) -> tuple[Period, ...]:
    periods: list[Period] = []
    day = start
    for pair, order in enumerate(orders, start=1):
        periods += _pair_periods(pair, day, order, period_nights, run_in_nights)
        day = periods[-1].end + dt.timedelta(days=1)
    return tuple(periods)


def blinded_design(
    start: dt.date,
    seed: int,
    pairs: int = PLANNED_PAIRS,
    period_nights: int | None = None,
    run_in_nights: int = DEFAULT_RUN_IN,
) -> Design:
    """Randomized crossover against placebo: ``pairs`` pairs of periods.

    Inside each pair one period is magnesium and one placebo, in random order.
    Each pair has two jars, A (first period) and B (second period), filled by
    another person from the allocation sheet. A period is its run-in (7 to 14
    nights) plus two counted weeks unless ``period_nights`` says otherwise.
    This is the design file of ``krampe trial design``: its order comes from
    ``seed``, which it keeps. The order of every pair up to
    :data:`~krampe.domain.trial.verdict.MAX_PAIRS` is drawn now; the pairs
    beyond ``pairs`` are the ``reserve`` an extension takes its pair from.
    """
    period_nights = _check_blinded(pairs, period_nights, run_in_nights)
    if seed < 0:
        raise DesignError(f"seed must be 0 or more, got {seed}")
    drawn = blinded_order(seed, max(pairs, MAX_PAIRS))
    orders: list[tuple[Content | None, Content | None]] = list(drawn[:pairs])
    return Design(
        kind="blinded",
        start=start,
        periods=_blinded_periods(start, orders, period_nights, run_in_nights),
        run_in_nights=run_in_nights,
        seed=seed,
        comparison="magnesium_vs_placebo",
        params=_blinded_params(pairs, period_nights, None),
        reserve=tuple(drawn[pairs:]),
    )


def sealed_design(
    start: dt.date,
    seal: Seal,
    pairs: int = PLANNED_PAIRS,
    period_nights: int | None = None,
    run_in_nights: int = DEFAULT_RUN_IN,
) -> Design:
    """The blinded crossover of a trial whose allocation is sealed: the same periods
    and jars as :func:`blinded_design`, no content and no seed, only ``seal``."""
    period_nights = _check_blinded(pairs, period_nights, run_in_nights)
    if pairs > seal.pairs:
        raise DesignError(f"pairs must be at most the {seal.pairs} sealed, got {pairs}")
    orders: list[tuple[Content | None, Content | None]] = [(None, None)] * pairs
    return Design(
        kind="blinded",
        start=start,
        periods=_blinded_periods(start, orders, period_nights, run_in_nights),
        run_in_nights=run_in_nights,
        comparison="magnesium_vs_placebo",
        params=_blinded_params(pairs, period_nights, None),
        seal=seal,
    )


def add_sealed_pair(
    design: Design, first_night: dt.date | None = None, added_on: dt.date | None = None
) -> Design:
    """The sealed design with one more pair from ``first_night`` (default: the night
    after its last period), with the same lengths, and the extension recorded
    (``added_on``, default the pair's first night).

    The new pair's allocation was drawn and sealed at the start with the others,
    so the added pair is as fixed in advance as the first ones were, and stays
    sealed until it is revealed. This is the mechanics only; when a pair may be
    added (before unblinding, after an inconclusive look) is the rule of
    :mod:`krampe.domain.trial.extension`.
    """
    if design.seal is None:
        raise DesignError("only a sealed blinded design can get another sealed pair")
    pair = design.pairs + 1
    if pair > design.seal.pairs:
        raise DesignError(f"the trial already has the {design.seal.pairs} pairs sealed for it")
    return _with_pair(design, (None, None), first_night, added_on)


def add_reserve_pair(
    design: Design, first_night: dt.date | None = None, added_on: dt.date | None = None
) -> Design:
    """A design file with the first pair of its reserve added from ``first_night``
    (default: the night after its last period), the extension recorded.

    The reserve was drawn from the seed with the planned pairs when the file was
    made (and printed on its allocation sheet), so nothing is drawn now.
    """
    if design.kind != "blinded" or design.seal is not None or design.seed is None:
        raise DesignError("only a blinded design file has a reserve of pairs")
    if not design.reserve:
        raise DesignError(
            "this design file has no reserve pairs drawn at its start; it cannot be extended"
        )
    longer = _with_pair(design, design.reserve[0], first_night, added_on)
    return replace(longer, reserve=design.reserve[1:])


def _with_pair(
    design: Design,
    order: tuple[Content | None, Content | None],
    first_night: dt.date | None,
    added_on: dt.date | None,
) -> Design:
    """``design`` with pair ``pairs + 1`` of ``order`` from ``first_night``, and an
    :class:`Extension` record of it (every added pair is recorded in the design).

    The nights between the last period and ``first_night`` (when the pair
    starts later) belong to no period: they are not part of the comparison.
    """
    pair = design.pairs + 1
    if pair > MAX_PAIRS:
        raise DesignError(f"the trial already has {MAX_PAIRS} pairs, the most allowed")
    last = design.periods[-1]
    day_after = last.end + dt.timedelta(days=1)
    if first_night is None:
        first_night = day_after
    if first_night < day_after:
        raise DesignError(
            f"start: the added pair begins after the last period ({last.end.isoformat()}), "
            f"not on {first_night.isoformat()}"
        )
    added = _pair_periods(pair, first_night, order, last.nights, design.run_in_nights)
    record = Extension(pair, first_night if added_on is None else added_on)
    return replace(
        design,
        periods=(*design.periods, *added),
        extensions=(*design.extensions, record),
        params={**design.params, "pairs": pair, "planned_pairs": design.planned_pairs},
    )


def seal_design(design: Design, sealed_on: dt.date) -> tuple[Design, Allocation]:
    """A blinded design file (with its seed and allocation) as a sealed trial: the
    sealed design and the allocation for the sealed record, with fresh salts.

    The order of the design's pairs is kept; the pairs it may still be extended
    by are drawn now. For a trial that began before sealing existed, the seal
    dates from ``sealed_on``, not from the trial's start.
    """
    if design.kind != "blinded" or design.seal is not None:
        raise DesignError("only a blinded design file with its allocation can be sealed")
    contents = _contents(design)
    orders = [(contents[i], contents[i + 1]) for i in range(0, len(contents), 2)]
    try:
        allocation = allocation_with(orders, max(SEALED_PAIRS, len(orders)))
    except SealError as exc:
        raise BrokenSealError(str(exc), exc.pair) from None
    first = design.periods[0]
    sealed = sealed_design(
        design.start,
        allocation.seal(sealed_on),
        pairs=design.pairs,
        period_nights=first.nights,
        run_in_nights=design.run_in_nights,
    )
    return replace(sealed, params={**design.params, **sealed.params}), allocation


def reveal_design(design: Design, allocation: Allocation) -> Design:
    """The sealed design with every pair's content filled in from ``allocation``.

    Each pair is checked against the hash it was sealed with; a stored
    allocation that was changed after the start raises
    :class:`BrokenSealError` naming the pair, and nothing is revealed.
    """
    seal = design.seal
    if design.kind != "blinded" or seal is None:
        raise DesignError("only a sealed blinded design has an allocation to reveal")
    try:
        revealed = allocation.first(design.pairs)
        seal.check(revealed)
    except SealError as exc:
        raise BrokenSealError(str(exc), exc.pair) from None
    by_pair = {a.pair: a.order for a in revealed}
    periods = tuple(
        replace(p, phase=by_pair[p.pair or 0][0 if p.jar == "A" else 1]) for p in design.periods
    )
    return replace(design, periods=periods, seal=replace(seal, revealed=revealed))


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


def _contents(design: Design) -> list[Content]:
    """Every period's content; SealedDesignError while any is sealed."""
    out = [p.phase for p in design.periods if p.phase is not None]
    if len(out) != len(design.periods):
        raise SealedDesignError(
            "the allocation of this blinded trial is sealed until unblinding; "
            "nothing can be analysed or shown by content before then"
        )
    return out


def allocation_sheet(design: Design) -> list[AllocationRow]:
    """The sheet for the person who prepares the capsules (blinded designs only).

    The person in the trial sees only period numbers, dates and jar labels; the
    ``content`` column is for the preparer. A sealed design has no content: the
    helper's sheet reads the design revealed from the sealed record.
    """
    if design.kind != "blinded":
        raise DesignError("only the blinded design has an allocation sheet")
    contents = _contents(design)
    return [
        AllocationRow(p.pair or 0, p.jar or "", p.index, p.start, p.end, content)
        for p, content in zip(design.periods, contents, strict=True)
    ]


def unblind(design: Design) -> dict[int, Content]:
    """Reveal the content of each period: period number to magnesium/placebo.

    A design file's allocation is recomputed from its seed and compared with
    its periods, so a file that was edited by hand is caught. A sealed design
    was checked against its seal when it was revealed (:func:`reveal_design`)
    and when it was read; while it is sealed this raises SealedDesignError.
    """
    if design.kind != "blinded":
        raise DesignError("only the blinded design has an allocation to reveal")
    contents = _contents(design)
    if design.seal is None:
        if design.seed is None:
            raise DesignError("the blinded design has neither a seed nor a seal")
        drawn = blinded_order(design.seed, design.pairs + len(design.reserve))
        if drawn[: design.pairs] != list(zip(contents[::2], contents[1::2], strict=True)):
            raise DesignError("the stored allocation does not match the stored seed")
        if drawn[design.pairs :] != list(design.reserve):
            raise DesignError("the stored reserve pairs do not match the stored seed")
    return {p.index: c for p, c in zip(design.periods, contents, strict=True)}


def apply_design(nights: Iterable[Night], design: Design) -> list[Night]:
    """Label nights with the phase the design gives their date.

    Nights outside the design's dates are dropped; the design is the truth about
    which nights were magnesium, placebo or run-in (for a blinded trial the
    person could not know while logging). A sealed design raises
    :class:`SealedDesignError`: before unblinding no night can be labelled.
    """
    if design.sealed:
        _contents(design)
    labelled = []
    for night in nights:
        phase = design.phase_on(night.date)
        if phase is not None:
            labelled.append(replace(night, phase=phase))
    return labelled


def design_to_dict(design: Design) -> dict[str, Any]:
    """The design as JSON-ready data (read back by :func:`design_from_dict`).

    A sealed design's periods have ``"phase": null`` and its ``seal`` holds the
    hashes and the commitment only; its allocation is in no part of it.
    """
    out: dict[str, Any] = {
        "design": design.kind,
        "start": design.start.isoformat(),
        "end": design.end.isoformat(),
        "seed": design.seed,
        "run_in_nights": design.run_in_nights,
        "comparison": design.comparison,
        "params": dict(design.params),
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
    if design.kind == "blinded":
        out["extensions"] = [
            {"pair": e.pair, "added_on": e.added_on.isoformat()} for e in design.extensions
        ]
    if design.reserve:
        out["reserve"] = [
            {"pair": design.pairs + i, "first": first, "second": second}
            for i, (first, second) in enumerate(design.reserve, start=1)
        ]
    if design.seal is not None:
        out["seal"] = design.seal.to_dict()
    return out


def _phase(p: Mapping[str, Any]) -> Content | None:
    value = p.get("phase")
    return (
        None if value is None else one_of(CONTENTS, str(value), f"period {p.get('index')}: phase")
    )


def design_from_dict(data: Mapping[str, Any]) -> Design:
    """Read a design written by :func:`design_to_dict` (``krampe trial design``)."""
    try:
        kind = one_of(DESIGNS, str(data["design"]), "design")
        comparison = one_of(COMPARISON_CODES, str(data["comparison"]), "comparison")
        periods = tuple(
            Period(
                index=int(p["index"]),
                phase=_phase(p),
                start=dt.date.fromisoformat(p["start"]),
                end=dt.date.fromisoformat(p["end"]),
                run_in_nights=int(p.get("run_in_nights", 0)),
                pair=None if p.get("pair") is None else int(p["pair"]),
                jar=p.get("jar"),
            )
            for p in data["periods"]
        )
        seed = data.get("seed")
        seal = None if data.get("seal") is None else seal_from_dict(data["seal"])
        extensions = tuple(
            Extension(pair=int(e["pair"]), added_on=dt.date.fromisoformat(e["added_on"]))
            for e in data.get("extensions", [])
        )
        reserve = tuple(
            (
                one_of(CONTENTS, str(r["first"]), f"reserve pair {r.get('pair')}: first"),
                one_of(CONTENTS, str(r["second"]), f"reserve pair {r.get('pair')}: second"),
            )
            for r in data.get("reserve", [])
        )
        design = Design(
            kind=kind,
            start=dt.date.fromisoformat(data["start"]),
            periods=periods,
            run_in_nights=int(data.get("run_in_nights", 0)),
            seed=None if seed is None else int(seed),
            comparison=comparison,
            params={str(k): int(v) for k, v in dict(data.get("params", {})).items()},
            seal=seal,
            extensions=extensions,
            reserve=reserve,
        )
    except SealError as exc:
        raise BrokenSealError(str(exc), exc.pair) from None
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
        _check_blinded_file(design)
        _check_extensions(design)
    elif design.sealed or design.reserve or design.extensions:
        raise DesignError("only a blinded design may be sealed, extended or have reserve pairs")
    return design


def _check_extensions(design: Design) -> None:
    """A blinded design's pairs agree with its plan and its recorded extensions."""
    pairs = design.pairs
    planned = design.planned_pairs
    if pairs > MAX_PAIRS:
        raise DesignError(f"the design has {pairs} pairs; at most {MAX_PAIRS} are allowed")
    if planned + len(design.extensions) != pairs:
        raise DesignError(
            f"the design has {count_noun(pairs, 'pair', 'en')} but plans {planned} and "
            f"records {count_noun(len(design.extensions), 'extension', 'en')}"
        )
    if [e.pair for e in design.extensions] != list(range(planned + 1, pairs + 1)):
        raise DesignError("the recorded extensions do not match the added pairs")


def _check_blinded_file(design: Design) -> None:
    """A design file's allocation matches its seed; a sealed design's revealed
    periods match its revealed pairs, and the rest are sealed."""
    if design.seal is None:
        unblind(design)  # checks the allocation against the seed
        return
    if design.seed is not None or design.reserve:
        raise DesignError("a sealed design has no seed and no reserve")
    revealed = {a.pair: a.order for a in design.seal.revealed}
    for period in design.periods:
        order = revealed.get(period.pair or 0)
        expected = None if order is None else order[0 if period.jar == "A" else 1]
        if period.phase != expected:
            raise BrokenSealError(
                f"period {period.index}: its stored content does not match the seal",
                period.pair,
            )
