"""Magnesium a person already takes: medicines and supplements that contain it.

A catalogue entry (or a combination's component) with ``contains = ["magnesium"]``
is a magnesium source: Magnesia, Emgesan, Al/Mg antacids such as Novaluzid,
magnesium supplements by name. Where the brand's label gives its magnesium per
unit (``strengths``), the amount is known. It counts towards the upper level of
250 mg a day from supplements, water and fortified foods (scf2001_magnesium,
efsa2006_ul); the plan counts at least one unit a day of each source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from krampe.domain.screening.medicines import MedicineResolution
from krampe.knowledge import catalogue

MAGNESIUM = "magnesium"
# Antacids (A02) and laxatives (A06): with reduced kidney function a doctor first
# (magnesia_medic_dk: contraindicated with reduced kidney function).
ANTACID_LAXATIVE_ATC = ("A02", "A06")


@dataclass(frozen=True)
class MagnesiumSource:
    """One medicine as typed that delivers magnesium, and how much a unit gives if known."""

    typed: str
    name: str  # the catalogue's display name
    atc: str
    mg_per_unit: float | None  # elemental magnesium in one unit, from the label; None: unknown
    unit: str | None  # "tablet", "sachet", ...
    antacid_or_laxative: bool


def magnesium_source(resolution: MedicineResolution) -> MagnesiumSource | None:
    """The magnesium source a resolved name is, or None when it delivers no magnesium."""
    found, medicine = resolution.resolved, resolution.medicine
    if found is None or medicine is None or MAGNESIUM not in catalogue.contains(medicine):
        return None
    brand = next((b for b in medicine.brand_info if b.name == found.matched_name), None)
    strengths = brand.strengths if brand is not None else ()
    # Several strengths: the smallest, so the amount counted is never more than a unit gives.
    smallest = min(strengths, key=lambda s: s.magnesium_mg) if strengths else None
    codes = {found.atc, medicine.atc}
    return MagnesiumSource(
        typed=resolution.query,
        name=found.name,
        atc=found.atc,
        mg_per_unit=None if smallest is None else round(smallest.magnesium_mg, 1),
        unit=None if smallest is None else smallest.unit,
        antacid_or_laxative=any(c.startswith(ANTACID_LAXATIVE_ATC) for c in codes),
    )


def magnesium_sources(resolutions: Iterable[MedicineResolution]) -> tuple[MagnesiumSource, ...]:
    """Every magnesium source among the resolved names, in the order given."""
    found = (magnesium_source(r) for r in resolutions)
    return tuple(s for s in found if s is not None)


def known_daily_mg(sources: Iterable[MagnesiumSource]) -> float | None:
    """At least this much elemental magnesium a day (one unit of each source with a known
    amount); None when no source gives its amount."""
    amounts = [s.mg_per_unit for s in sources if s.mg_per_unit is not None]
    return round(sum(amounts), 1) if amounts else None
