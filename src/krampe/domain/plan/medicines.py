"""The one medicine resolver of a plan: what the person takes, when, and as what.

The plan's medicines come from two places: the names with their dose times
(the plan's medicine times, or ``--med``) and the profile's medicines, which
may have no times yet. :func:`resolve_plan_medicines` reads them the same way
for every shell:

- each name is resolved by the screening's rule
  (:func:`~krampe.domain.screening.medicines.resolve_medicine`);
- a profile medicine not listed with times is added without times, so a
  spacing rule is never skipped because its time was not entered (the plan
  then says it needs the time, instead of claiming the rule is kept);
- the same medicine given twice (two spellings, a brand and its substance) is
  one medicine with the times of both; the first spelling is kept;
- a name Krampe does not recognise is kept and named, never dropped: it has
  no known rule, and the plan says it could not be checked; so is a known
  medicine whose spacing no source read gives (``PlanMedicine.checked``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from krampe.domain.plan.schedule import MedicineDoses, format_time, rules_for_atc
from krampe.domain.screening.medicines import (
    MedicineResolution,
    ResolvedMedicine,
    resolve_medicine,
    spacing_checked,
)
from krampe.domain.vocab import Lang


@dataclass(frozen=True)
class MedicineEntry:
    """A medicine as given: the typed name and its daily dose times (minutes)."""

    name: str
    times: tuple[int, ...] = ()
    field: str = ""  # where it was given, for an error message ("--med", "plan.medicine_times")


@dataclass(frozen=True)
class PlanMedicine:
    """One medicine of the plan: as typed, its times, and what it was taken as."""

    name: str
    times: tuple[int, ...]
    resolution: MedicineResolution
    field: str = ""

    @property
    def resolved(self) -> ResolvedMedicine | None:
        return self.resolution.resolved

    @property
    def recognised(self) -> bool:
        return self.resolution.resolved is not None

    @property
    def checked(self) -> bool:
        """Whether its times can be checked against magnesium: recognised, and not a
        medicine whose spacing no source read gives (the catalogue's spacing_not_checked)."""
        return spacing_checked(self.resolution)

    @property
    def needs_times(self) -> bool:
        """Whether its dose times matter: a recognised medicine with a spacing rule.

        A medicine only to "avoid" with magnesium needs no times (no time makes
        it right), and an unrecognised one has no known rule to keep.
        """
        return any(rule.action == "space" for rule in self.doses().rules)

    def doses(self) -> MedicineDoses:
        """The medicine as the schedule search uses it (no rules when not recognised)."""
        found = self.resolution.resolved
        if found is None:
            return MedicineDoses(self.name, "", self.times, ())
        return MedicineDoses(
            self.name,
            found.atc,
            self.times,
            rules_for_atc(found.atc),
            found.medicine_id,
            found.name,
            self.checked,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the name as typed, its times and what Krampe read it as."""
        found = self.resolution.resolved
        return {
            "name": self.name,
            "times": [format_time(t) for t in self.times],
            "recognised": found is not None,
            "substance": None if found is None else found.name,
            "atc": None if found is None else found.atc,
            "medicine_id": None if found is None else found.medicine_id,
        }


def _key(name: str, resolution: MedicineResolution) -> str:
    found = resolution.resolved
    return f"id:{found.medicine_id}" if found is not None else f"name:{name.strip().casefold()}"


def resolve_plan_medicines(
    entries: Sequence[MedicineEntry],
    profile_medicines: Sequence[str] = (),
    lang: Lang = "da",
) -> tuple[PlanMedicine, ...]:
    """The plan's medicines, in the order given (see the module docstring for the rules)."""
    merged: dict[str, PlanMedicine] = {}
    given = [*entries, *(MedicineEntry(n, (), "medicines") for n in profile_medicines)]
    for entry in given:
        name = entry.name.strip()
        if not name:
            continue
        resolution = resolve_medicine(name, lang)
        key = _key(name, resolution)
        previous = merged.get(key)
        if previous is None:
            merged[key] = PlanMedicine(
                name, tuple(sorted(set(entry.times))), resolution, entry.field
            )
        else:
            times = tuple(sorted(set(previous.times) | set(entry.times)))
            merged[key] = PlanMedicine(previous.name, times, previous.resolution, previous.field)
    return tuple(merged.values())


def asks_times(name: str, resolution: MedicineResolution | None = None) -> bool:
    """Whether the plan should ask when ``name`` is taken: it has a spacing rule.

    ``resolution`` is ``resolve_medicine(name)`` when the caller has it already.
    """
    return PlanMedicine(name, (), resolution or resolve_medicine(name)).needs_times
