"""The jars of a blinded trial: their labels, and how many capsules go in each.

Every period has its own jar, labelled by pair and letter (``2A`` is jar A of
pair 2: the first period of the pair). A label says the period, its nights and
the jar, never the content. The person takes the same number of capsules at
each dose from whichever jar belongs to the night's period; the helper fills
one night's magnesium into that many capsules, and the same number of placebo
capsules for a placebo jar, so both jars look and count the same.

A jar holds the period's nights × capsules a night, plus :data:`SPARE_NIGHTS`
nights to spare (a capsule dropped, a night taken twice by mistake).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from krampe.domain.trial.design import Design, DesignError, allocation_sheet
from krampe.domain.vocab import Content

SPARE_NIGHTS = 2
DEFAULT_CAPSULES_PER_DOSE = 2
CAPSULES_PER_DOSE_RANGE = (1, 4)
CAPSULES_PARAM = "capsules_per_dose"  # the design parameter that holds the number


@dataclass(frozen=True, slots=True)
class JarLabel:
    """What a jar's label says: the period, its nights and the jar, no content."""

    period: int
    pair: int
    jar: str  # "A" or "B"
    start: dt.date
    end: dt.date

    @property
    def code(self) -> str:
        """``2A``: jar A of pair 2."""
        return f"{self.pair}{self.jar}"

    @property
    def nights(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True, slots=True)
class JarFill:
    """One jar for the helper: its label, what goes in, how many capsules."""

    label: JarLabel
    content: Content
    capsules: int


@dataclass(frozen=True, slots=True)
class FillPlan:
    """How the helper fills every jar, from the plan's doses."""

    capsules_per_dose: int
    doses_per_night: int
    mg_per_dose: tuple[float, ...]  # elemental magnesium in each evening dose
    tablets_per_dose: tuple[float | None, ...]  # the person's tablets in each dose
    jars: tuple[JarFill, ...]

    @property
    def capsules_per_night(self) -> int:
        return self.capsules_per_dose * self.doses_per_night

    @property
    def tablets_per_night(self) -> float | None:
        """Tablets of the person's product in one night's magnesium; None when the
        plan counts no tablets."""
        if not self.tablets_per_dose or any(t is None for t in self.tablets_per_dose):
            return None
        return sum(t for t in self.tablets_per_dose if t is not None)

    def tablets_for(self, fill: JarFill) -> float | None:
        """Tablets to crush into a magnesium jar (nights and spare)."""
        per_night = self.tablets_per_night
        if fill.content != "magnesium" or per_night is None:
            return None
        return (fill.label.nights + SPARE_NIGHTS) * per_night


def capsules_per_dose(design: Design) -> int:
    """The capsules a dose is, as the trial's design records it (the default before
    anyone set it)."""
    return int(design.params.get(CAPSULES_PARAM, DEFAULT_CAPSULES_PER_DOSE))


def check_capsules_per_dose(value: int) -> int:
    """``value`` when it is a number of capsules a dose may be; DesignError otherwise."""
    low, high = CAPSULES_PER_DOSE_RANGE
    if not low <= value <= high:
        raise DesignError(f"capsules_per_dose must be from {low} to {high}, got {value}")
    return value


def jar_labels(design: Design) -> list[JarLabel]:
    """The label of every jar of a blinded design, sealed or not (labels hold no content)."""
    if design.kind != "blinded":
        raise DesignError("only the blinded design has jars")
    return [JarLabel(p.index, p.pair or 0, p.jar or "", p.start, p.end) for p in design.periods]


def jar_capsules(label: JarLabel, capsules_per_night: int) -> int:
    """Capsules that go into one jar: its nights and the spare nights."""
    return (label.nights + SPARE_NIGHTS) * capsules_per_night


def fill_plan(
    design: Design, mg_per_dose: Sequence[float], tablets_per_dose: Sequence[float | None]
) -> FillPlan:
    """The helper's plan for a revealed blinded design and the person's doses.

    Raises :class:`~krampe.domain.trial.design.SealedDesignError` for a design
    that is still sealed: the helper's page reads the design revealed from the
    sealed record.
    """
    rows = allocation_sheet(design)
    per_dose = capsules_per_dose(design)
    doses = max(1, len(mg_per_dose))
    labels = {label.period: label for label in jar_labels(design)}
    jars = tuple(
        JarFill(labels[row.period], row.content, jar_capsules(labels[row.period], per_dose * doses))
        for row in rows
    )
    return FillPlan(per_dose, doses, tuple(mg_per_dose), tuple(tablets_per_dose), jars)
