"""Every entry model of the knowledge base, for code that reads the data.

Texts a person reads are :class:`Text` values holding Danish and English;
the shells pick one with ``text.text(lang)``. Numbers carry their unit in
the field name, as in the data files. Each model lives with its table in a
topic module (:mod:`~krampe.knowledge.forms`, :mod:`~krampe.knowledge.safety`,
...); this module gathers them.
"""

from __future__ import annotations

from typing import Any

from krampe.knowledge.catalogue import Brand, Medicine, Strength
from krampe.knowledge.foods import Food, Portion, Water
from krampe.knowledge.forms import Form, hydrate_dot
from krampe.knowledge.intakes import Intake, UpperLevel
from krampe.knowledge.medicines import InteractionRule
from krampe.knowledge.safety import (
    Condition,
    ConsultReason,
    DeficiencyRisk,
    DeficiencySign,
    ExcessSign,
    RedFlag,
    SerumStage,
    Symptom,
)
from krampe.knowledge.schema import Entry, Lang, Text
from krampe.knowledge.sources import Source
from krampe.knowledge.strategies import EvidenceStatement, Strategy

__all__ = [
    "Brand",
    "Condition",
    "ConsultReason",
    "DeficiencyRisk",
    "DeficiencySign",
    "Entry",
    "EvidenceStatement",
    "ExcessSign",
    "Food",
    "Form",
    "Intake",
    "InteractionRule",
    "Lang",
    "Medicine",
    "Portion",
    "RedFlag",
    "SerumStage",
    "Source",
    "Strategy",
    "Strength",
    "Symptom",
    "Text",
    "UpperLevel",
    "Water",
    "hydrate_dot",
    "to_dict",
]


def to_dict(entry: Entry | Medicine) -> dict[str, Any]:
    """A flat, JSON-ready dict of an entry, with the data file's field names.

    ``Text`` fields become ``<name>_da`` and ``<name>_en``; tuples become lists.
    Forms also get ``molar_mass``, ``elemental_fraction`` and ``hill_formula``.
    """
    return entry.to_dict()
