"""Spacing rules between a medicine and magnesium (``interactions.toml``).

The medicines themselves are the catalogue (:mod:`krampe.knowledge.catalogue`).
"""

from __future__ import annotations

from typing import Literal

from krampe.knowledge.schema import (
    Code,
    Entry,
    NotNegative,
    SomeAtcCodes,
    SourceIds,
    Text,
)
from krampe.knowledge.tables import DataDir, Table, load, register

MIN_MEDICINE_NAMES = 120


class InteractionRule(Entry):
    """Least hours between a medicine dose and a magnesium dose (see knowledge-format.md)."""

    id: Code
    atc: SomeAtcCodes  # prefixes: the rule applies to every code starting with one
    action: Literal["space", "avoid"]
    med_before_mg_h: NotNegative
    med_after_mg_h: NotNegative
    note: Text
    sources: SourceIds


RULES = register(Table("interaction_rules", InteractionRule, "interactions.toml", key="rule"))


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
