"""Checks across entries and tables, and ``check(tables)`` that runs every check.

Per table: every entry against its model, repeated ids (both from
:func:`~krampe.knowledge.tables.parse`), every value of a field marked with
:class:`~krampe.knowledge.schema.Ref` resolving in the table it names, and the
table's own ``checks``, which read the knowledge base through :class:`Knowledge`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from krampe.knowledge.schema import Entry, Problem, Ref, file_name
from krampe.knowledge.tables import DataDir, M, Row, Table, cached, data_root, named, parse


class Knowledge:
    """What a table's ``checks`` read: every table's valid rows and the values in its files.

    Tables are read leniently here: a table's own problems are reported when
    that table is checked, not by the tables that refer to it.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def rows(self, table: Table[M]) -> tuple[Row[M], ...]:
        """The valid entries of ``table`` with their file and entry label."""
        return parse(table, self.root).rows

    def values(self, table: Table[Any] | str, field: str = "") -> frozenset[str]:
        """Every value written in ``field`` (default: the id field) of ``table``'s
        entries, valid or not, so one broken entry is not also reported as unknown."""
        target = named(table) if isinstance(table, str) else table
        return _values(target, self.root, field or target.id_field)


@cached
def _values(table: Table[Any], root: Path, field: str) -> frozenset[str]:
    return frozenset(v for _f, _i, raw in parse(table, root).raw for v in _strings(raw.get(field)))


def _refs(model: type[Entry]) -> tuple[tuple[str, Ref], ...]:
    """(file field, Ref) for every field of ``model`` marked with a Ref."""
    return tuple(
        (file_name(model, name), meta)
        for name, info in model.model_fields.items()
        for meta in info.metadata
        if isinstance(meta, Ref)
    )


def _references(kb: Knowledge, table: Table[Any]) -> list[Problem]:
    """Unknown values in the fields marked with a Ref, read from every entry as written
    (also from an entry that fails its model, so a typo in an id is named as such)."""
    problems = []
    for field, ref in _refs(table.model):
        known = kb.values(ref.table, ref.field)
        for file, index, raw in parse(table, kb.root).raw:
            for item in _strings(raw.get(field)):
                if item not in known:
                    label = table.entry_label(raw, index)
                    problems.append(Problem(file, label, field, ref.message.format(item)))
    return problems


def _strings(value: Any) -> list[str]:
    """The non-blank strings of a raw field: one string, a list, or a ``;``-separated cell."""
    items = value if isinstance(value, list) else value.split(";") if isinstance(value, str) else []
    return [v.strip() for v in items if isinstance(v, str) and v.strip()]


def check(tables: Iterable[Table[Any]], data_dir: DataDir = None) -> list[Problem]:
    """Every problem in ``tables``: entries, repeated ids, references and the tables'
    own checks, sorted; empty when they are sound."""
    kb = Knowledge(data_root(data_dir))
    problems: list[Problem] = []
    for table in tables:
        parsed = parse(table, kb.root)
        problems += parsed.problems
        problems += _references(kb, table)
        if parsed.readable:  # a missing file is one problem, not also "too few entries"
            for table_check in table.checks:
                problems += table_check(kb)
    return sorted(set(problems))
