"""Medicines and their spacing rules with magnesium (``medicines.toml``, ``interactions.toml``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Literal

from pydantic import Field

from krampe.knowledge.checking import Knowledge
from krampe.knowledge.schema import (
    AtcCode,
    Code,
    Entry,
    Flag,
    Labels,
    NotNegative,
    Problem,
    Ref,
    SomeAtcCodes,
    SomeLabels,
    SourceIds,
    Text,
)
from krampe.knowledge.tables import DataDir, Table, by_id, load, register

MIN_MEDICINE_NAMES = 120


class Medicine(Entry):
    id: Code
    atc: AtcCode  # WHO ATC, 7 characters, or a shorter group code for a class
    drug_class: Code = Field(validation_alias="class")
    name: Text
    names: SomeLabels  # substance spellings, Danish and international
    brands: Labels = ()  # Danish brand names
    provokes_cramps: Flag
    deficiency_risk: Flag
    consult: Annotated[
        Code, Ref("consult_reasons", "{!r} is not a consult_reason code in safety.toml")
    ] = ""  # a reason to talk to a doctor first, or ""
    sources: SourceIds

    @property
    def all_names(self) -> tuple[str, ...]:
        """Every name a person might type: display names, substance names, brands."""
        seen: dict[str, None] = {}
        for name in (self.name.da, self.name.en, *self.names, *self.brands):
            seen.setdefault(name, None)
        return tuple(seen)


class InteractionRule(Entry):
    """Least hours between a medicine dose and a magnesium dose (see knowledge-format.md)."""

    id: Code
    atc: SomeAtcCodes  # prefixes: the rule applies to every code starting with one
    action: Literal["space", "avoid"]
    med_before_mg_h: NotNegative
    med_after_mg_h: NotNegative
    note: Text
    sources: SourceIds


def medicine_name_count(entries: Iterable[Medicine]) -> int:
    """Distinct names a person can type: substance names and brands, case-insensitive."""
    from krampe.knowledge.search import normalize

    return len({normalize(n) for m in entries for n in (*m.names, *m.brands)})


def _enough_names(kb: Knowledge) -> Iterator[Problem]:
    count = medicine_name_count(row.value for row in kb.rows(MEDICINES))
    if count < MIN_MEDICINE_NAMES:
        yield Problem(
            MEDICINES.files, "-", "-", f"{count} medicine names, need at least {MIN_MEDICINE_NAMES}"
        )


MEDICINES = register(
    Table("medicines", Medicine, "medicines.toml", key="medicine", checks=(_enough_names,))
)
RULES = register(Table("interaction_rules", InteractionRule, "interactions.toml", key="rule"))


def medicines(data_dir: DataDir = None) -> tuple[Medicine, ...]:
    """Medicines (substances and fixed combinations) with names and brands."""
    return load(MEDICINES, data_dir)


def medicine(medicine_id: str, data_dir: DataDir = None) -> Medicine:
    """One medicine by id (KeyError if unknown)."""
    return by_id(MEDICINES, data_dir)[medicine_id]


def interaction_rules(data_dir: DataDir = None) -> tuple[InteractionRule, ...]:
    """Spacing and avoid rules between medicines and magnesium."""
    return load(RULES, data_dir)


def rule_for_atc(atc: str, data_dir: DataDir = None) -> tuple[InteractionRule, ...]:
    """The rules for a medicine's ATC code: those whose prefix matches longest.

    A specific rule (``J05AR21``) thus wins over a group rule (``J05AR``).
    Several rules are returned only when they tie on prefix length.
    """
    code = atc.strip().upper()
    best = 0
    found: list[InteractionRule] = []
    for rule in interaction_rules(data_dir):
        length = max((len(p) for p in rule.atc if code.startswith(p)), default=0)
        if length == 0:
            continue
        if length > best:
            best, found = length, [rule]
        elif length == best:
            found.append(rule)
    return tuple(found)
