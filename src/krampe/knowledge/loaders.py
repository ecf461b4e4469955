"""Every loader of the knowledge base, for code that reads the data.

Each loader reads its table once per data directory (see
:mod:`krampe.knowledge.tables`) and takes an optional ``data_dir`` (default:
the packaged ``krampe/knowledge/data``) so tests and ``krampe kb check`` can
load a copy. A loader raises :class:`~krampe.knowledge.schema.KnowledgeError`
naming file, entry and field when its table is broken; ``krampe kb check``
lists all problems at once instead. The loaders live with their tables in
the topic modules; this module gathers them.
"""

from __future__ import annotations

from krampe.knowledge.catalogue import medicine, medicines
from krampe.knowledge.foods import food, foods, portions, portions_for, waters
from krampe.knowledge.forms import default_form, form, forms
from krampe.knowledge.intakes import intakes, reference_intake, upper_level
from krampe.knowledge.medicines import interaction_rules, rule_for_atc
from krampe.knowledge.safety import (
    conditions,
    consult_reason,
    consult_reasons,
    deficiency_risks,
    deficiency_signs,
    excess_signs,
    red_flags,
    serum_stages,
    symptoms,
)
from krampe.knowledge.sources import sources, sources_for
from krampe.knowledge.strategies import evidence, strategies
from krampe.knowledge.tables import DATA_DIR, clear_caches

__all__ = [
    "DATA_DIR",
    "clear_caches",
    "conditions",
    "consult_reason",
    "consult_reasons",
    "default_form",
    "deficiency_risks",
    "deficiency_signs",
    "evidence",
    "excess_signs",
    "food",
    "foods",
    "form",
    "forms",
    "intakes",
    "interaction_rules",
    "medicine",
    "medicines",
    "portions",
    "portions_for",
    "red_flags",
    "reference_intake",
    "rule_for_atc",
    "serum_stages",
    "sources",
    "sources_for",
    "strategies",
    "symptoms",
    "upper_level",
    "waters",
]
