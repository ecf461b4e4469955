"""``check(data_dir)``: every problem in the knowledge base, with file, entry and field.

Every table registered in any module of ``krampe.knowledge``
(:func:`~krampe.knowledge.tables.all_tables`) is checked
the same way: every entry against its pydantic model (required fields, types,
allowed values, both languages, snake_case ids, ATC codes, positive numbers,
no unknown fields), unique ids, every reference (source ids, food ids, codes)
resolving, and the table's own checks across entries and files (computed
fractions, one default hydrate per family, minimum counts, portions that
exist).
"""

from __future__ import annotations

from krampe.knowledge.catalogue import medicine_name_count
from krampe.knowledge.checking import check as check_tables
from krampe.knowledge.schema import Problem
from krampe.knowledge.tables import DataDir, all_tables

__all__ = ["check", "medicine_name_count"]


def check(data_dir: DataDir = None) -> list[Problem]:
    """All problems in the data directory, sorted by file; empty when it is sound."""
    return check_tables(all_tables(), data_dir)
