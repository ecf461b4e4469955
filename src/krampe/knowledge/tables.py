"""The table registry: where each kind of entry lives, and one cached loader for all.

A :class:`Table` names a pydantic model (one entry) and the file or files it
is read from. :func:`register` adds it to :data:`TABLES`; from then on
:func:`load` reads and validates it (cached per data directory),
``krampe kb check`` checks it (:mod:`krampe.knowledge.checking`), and
:func:`clear_caches` forgets it. Nothing else has to be written for a new
table; see ``docs/knowledge-format.md``.

Problems name file, entry and field as the data files write them.
"""

from __future__ import annotations

import csv
import functools
import importlib
import pkgutil
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar, cast

from pydantic import ValidationError

from krampe.knowledge.schema import (
    Entry,
    FieldError,
    KnowledgeError,
    Problem,
    bilingual_fields,
    file_fields,
)

if TYPE_CHECKING:
    from krampe.knowledge.checking import Knowledge

# Found next to this module, so it works from a checkout and when installed.
DATA_DIR = Path(__file__).resolve().parent / "data"

DataDir = Path | str | None
M = TypeVar("M", bound=Entry)
P = ParamSpec("P")
R = TypeVar("R")
RawEntry = tuple[str, int, dict[str, Any]]  # (file relative to the data dir, index, fields)


def data_root(data_dir: DataDir = None) -> Path:
    """The data directory to read: the packaged one unless ``data_dir`` is given."""
    return DATA_DIR if data_dir is None else Path(data_dir).resolve()


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: cache keys stay cheap
class Table(Generic[M]):
    """One kind of entry: its model and where its entries are written.

    ``files`` is a path under the data directory or a glob (``sources/*.toml``:
    the entries of every matching file, ids unique across all of them). A file
    ending in ``.csv`` holds one entry per row; a TOML file holds them as
    ``[[key]]`` (or one ``[key]`` table when ``single``). ``id_field`` must be
    unique in the table and names entries in problems ("" when entries have no
    id; then ``label`` or the position names them). ``checks`` look across
    entries and tables (see :class:`~krampe.knowledge.checking.Knowledge`).
    """

    name: str
    model: type[M]
    files: str
    key: str = ""
    id_field: str = "id"
    single: bool = False
    label: Callable[[Mapping[str, Any], int], str] | None = None
    checks: tuple[Callable[[Knowledge], Iterable[Problem]], ...] = ()

    @property
    def csv(self) -> bool:
        return self.files.endswith(".csv")

    def entry_label(self, raw: Mapping[str, Any], index: int) -> str:
        """How a problem names an entry: its id, else ``label``, else its position."""
        value = raw.get(self.id_field) if self.id_field else None
        if isinstance(value, str) and value.strip():
            return value.strip()
        if self.label is not None:
            return self.label(raw, index)
        return f"#{index + 1}"


TABLES: dict[str, Table[Any]] = {}


def register(table: Table[M]) -> Table[M]:
    """Add ``table`` to the registry (its name must be new) and return it."""
    if TABLES.get(table.name, table) is not table:
        raise ValueError(f"a table named {table.name!r} is already registered")
    TABLES[table.name] = table
    return table


def all_tables() -> tuple[Table[Any], ...]:
    """Every registered table, after importing each module of ``krampe.knowledge``.

    A table is registered when its module is imported; importing them all here
    means ``krampe kb check`` cannot miss a table that nothing has imported yet.
    """
    import krampe.knowledge as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    return tuple(TABLES.values())


def named(name: str) -> Table[Any]:
    """The registered table called ``name`` (a Ref or a check may name a table whose
    module has not been imported yet)."""
    if name not in TABLES:
        all_tables()
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"no table named {name!r} is registered") from None


# --- caches -------------------------------------------------------------------------

_CACHES: list[Any] = []


def cached(function: Callable[P, R]) -> Callable[P, R]:
    """``functools.cache`` that :func:`clear_caches` also clears (for derived data)."""
    wrapped = functools.cache(function)
    _CACHES.append(wrapped)
    return cast(Callable[P, R], wrapped)


def clear_caches() -> None:
    """Forget every file read, table loaded and value derived (after data changed)."""
    for function in _CACHES:
        function.cache_clear()


# --- reading ------------------------------------------------------------------------


@cached
def _read_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


@cached
def _read_csv(path: Path) -> tuple[tuple[str, ...], tuple[dict[str, Any], ...]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = tuple(dict(row) for row in reader)
        return tuple(reader.fieldnames or ()), rows


def table_files(root: Path, table: Table[Any]) -> list[Path]:
    """The files ``table`` is read from."""
    if "*" in table.files:
        return sorted(root.glob(table.files))
    return [root / table.files]


def _read(root: Path, table: Table[Any]) -> tuple[list[RawEntry], list[Problem]]:
    """Raw entries of ``table`` and the problems reading them (missing file, syntax)."""
    entries: list[RawEntry] = []
    problems: list[Problem] = []
    paths = table_files(root, table)
    if not paths:
        problems.append(Problem(table.files, "-", "-", "no file found"))
    for path in paths:
        rel = path.relative_to(root).as_posix()
        if not path.is_file():
            problems.append(Problem(rel, "-", "-", "file is missing"))
        elif table.csv:
            entries += _csv_rows(path, rel, table, problems)
        else:
            entries += _toml_entries(path, rel, table, problems)
    return entries, problems


def _csv_rows(path: Path, rel: str, table: Table[Any], problems: list[Problem]) -> list[RawEntry]:
    try:
        header, rows = _read_csv(path)
    except (UnicodeDecodeError, csv.Error) as exc:
        problems.append(Problem(rel, "-", "-", f"cannot read CSV: {exc}"))
        return []
    if len(set(header)) != len(header):
        problems.append(Problem(rel, "header", "-", "a column name is repeated"))
    entries: list[RawEntry] = []
    for index, row in enumerate(rows):
        if None in row:  # DictReader puts surplus cells under None
            label = table.entry_label(row, index)
            problems.append(Problem(rel, label, "-", "row has more cells than the header"))
            row = {k: v for k, v in row.items() if k is not None}
        entries.append((rel, index, row))
    return entries


def _toml_entries(
    path: Path, rel: str, table: Table[Any], problems: list[Problem]
) -> list[RawEntry]:
    try:
        found = _read_toml(path).get(table.key)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problems.append(Problem(rel, "-", "-", f"TOML syntax error: {exc}"))
        return []
    if table.single:
        if not isinstance(found, dict):
            problems.append(Problem(rel, f"[{table.key}]", "-", "table is missing"))
            return []
        return [(rel, 0, found)]
    if found is None:
        return []  # an array may be absent from one of several files
    if not isinstance(found, list) or not all(isinstance(e, dict) for e in found):
        problems.append(Problem(rel, f"[[{table.key}]]", "-", "must be an array of tables"))
        return []
    return [(rel, index, entry) for index, entry in enumerate(found)]


# --- validating ---------------------------------------------------------------------


@dataclass(frozen=True)
class Row(Generic[M]):
    """One valid entry and where it was written."""

    file: str
    entry: str
    value: M

    def problem(self, field: str, message: str) -> Problem:
        return Problem(self.file, self.entry, field, message)


@dataclass(frozen=True)
class Parsed(Generic[M]):
    """A table as read: its valid rows, the raw entries and the problems found.

    ``readable`` is False when a file is missing or cannot be parsed.
    """

    rows: tuple[Row[M], ...]
    raw: tuple[RawEntry, ...]
    problems: tuple[Problem, ...]
    readable: bool

    @functools.cached_property
    def values(self) -> tuple[M, ...]:
        return tuple(row.value for row in self.rows)


@cached
def parse(table: Table[M], root: Path) -> Parsed[M]:
    """Read and validate every entry of ``table`` under ``root`` (cached)."""
    raw_entries, problems = _read(root, table)
    readable = not problems
    rows: list[Row[M]] = []
    for file, index, raw in raw_entries:
        row, entry_problems = validate_entry(table, file, index, raw)
        problems += entry_problems
        if row is not None:
            rows.append(row)
    problems += _duplicates(table, raw_entries)
    return Parsed(tuple(rows), tuple(raw_entries), tuple(problems), readable)


def validate_entry(
    table: Table[M], file: str, index: int, raw: Mapping[str, Any]
) -> tuple[Row[M] | None, list[Problem]]:
    """One entry as written, validated: its row, or None and the problems naming its fields."""
    label = table.entry_label(raw, index)
    try:
        value = table.model.model_validate(raw, context={"csv": table.csv})
    except ValidationError as error:
        return None, _problems(table.model, error, file, label)
    return Row(file, label, value), []


def load(table: Table[M], data_dir: DataDir = None) -> tuple[M, ...]:
    """Every entry of ``table``; :class:`KnowledgeError` naming file, entry and field if any
    entry is invalid or an id repeats. Read once per data directory."""
    parsed = parse(table, data_root(data_dir))
    if parsed.problems:
        raise KnowledgeError(parsed.problems)
    return parsed.values


def by_id(table: Table[M], data_dir: DataDir = None) -> dict[str, M]:
    """The entries of ``table`` by their id field (cached; look one up with ``[id]``)."""
    return cast(dict[str, M], _by_id(table, data_root(data_dir)))


@cached
def _by_id(table: Table[Any], root: Path) -> dict[str, Any]:
    return {getattr(entry, table.id_field): entry for entry in load(table, root)}


def _problems(model: type[Entry], error: ValidationError, file: str, entry: str) -> list[Problem]:
    found = []
    for detail in error.errors(include_url=False):
        loc = [part for part in detail["loc"] if isinstance(part, str)]  # list positions dropped
        if loc[:1] and loc[0] in bilingual_fields(model) and loc[1:2] not in (["da"], ["en"]):
            loc = loc[:1]  # the pair's own name was written ("title = ..."), not title_da
        elif len(loc) > 1 and loc[0] in file_fields(model):
            loc = loc[:1]  # inside a nested table (a catalogue brand): named by its field
        field = "_".join(loc) or "-"
        cause = detail.get("ctx", {}).get("error")
        if isinstance(cause, FieldError):
            field = cause.field
        found.append(Problem(file, entry, field, _message(model, detail, loc)))
    return found


# Messages for pydantic's own error types; the field types' validators give theirs.
_MESSAGES = {
    "bool_type": "must be true or false",
    "float_type": "must be a number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "finite_number": "must be a finite number",
    "tuple_type": "must be a list",
    "model_type": "must be a table of fields ({ name = ..., ... })",
    "model_attributes_type": "must be a table of fields ({ name = ..., ... })",
    "dict_type": "must be a table of fields ({ name = ..., ... })",
    "list_type": "must be a list",
}


def _message(model: type[Entry], detail: Any, loc: list[str]) -> str:
    kind, value, ctx = detail["type"], detail.get("input"), detail.get("ctx", {})
    if kind == "missing":
        text_part = len(loc) == 2 and loc[0] in bilingual_fields(model)
        return "missing or empty" + (": every text needs Danish and English" if text_part else "")
    if kind == "extra_forbidden":
        return f"unknown field (allowed: {', '.join(file_fields(model))})"
    if kind == "value_error":
        return str(ctx.get("error", detail["msg"]))
    if len(loc) == 1 and loc[0] in bilingual_fields(model):  # "title = ..." in the file
        return f"a text is written as {loc[0]}_da and {loc[0]}_en"
    if kind == "literal_error":
        return f"{value!r} is not one of {ctx.get('expected', '')}"
    if kind == "string_type":
        return f"must be a string, got {type(value).__name__}"
    return _MESSAGES.get(kind, str(detail["msg"]))


def _duplicates(table: Table[Any], raw_entries: Iterable[RawEntry]) -> list[Problem]:
    if not table.id_field:
        return []
    seen: dict[str, str] = {}
    problems = []
    for file, _index, raw in raw_entries:
        value = raw.get(table.id_field)
        if not isinstance(value, str) or not value.strip():
            continue
        key = value.strip()
        if key in seen:
            where = "earlier in this file" if seen[key] == file else f"also in {seen[key]}"
            problems.append(
                Problem(file, key, table.id_field, f"duplicate {table.id_field} ({where})")
            )
        else:
            seen[key] = file
    return problems
