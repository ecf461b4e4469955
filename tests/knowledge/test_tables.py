"""The table registry: every registered table, broken in a copy, names file, entry and field;
a new table needs one model and one registry entry to be loaded, checked and cache-cleared."""

from __future__ import annotations

import csv
import json
import re
import shutil
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from krampe.cli.main import app
from krampe.knowledge import checking, loaders, tables
from krampe.knowledge.foods import FoodId
from krampe.knowledge.schema import (
    Code,
    Entry,
    KnowledgeError,
    Problem,
    SourceIds,
    Text,
    bilingual_fields,
    file_fields,
    file_name,
)
from krampe.knowledge.tables import TABLES, Table, register
from krampe.knowledge.validate import check

TABLE_NAMES = sorted(t.name for t in tables.all_tables())


@pytest.fixture
def data_copy(tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "data"
    shutil.copytree(loaders.DATA_DIR, target)
    yield target
    tables.clear_caches()


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):  # an inline table (the catalogue's brands)
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return "[" + ", ".join(_toml_value(v) for v in value) + "]"


def _write_toml(path: Path, document: dict[str, Any]) -> None:
    """Enough TOML for the data files: [table]s and [[array]]s of tables, inline tables."""
    lines: list[str] = []
    for key, value in document.items():
        blocks = value if isinstance(value, list) else [value]
        for block in blocks:
            lines.append(f"[[{key}]]" if isinstance(value, list) else f"[{key}]")
            lines += [f"{k} = {_toml_value(v)}" for k, v in block.items()]
            lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def _break_first_entry(
    root: Path, table: Table[Any], change: Callable[[dict[str, Any]], None]
) -> tuple[str, str]:
    """Apply ``change`` to the first entry of ``table`` in its first file; (file, entry label)."""
    path = tables.table_files(root, table)[0]
    if table.csv:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        change(rows[0])
        label = table.entry_label(rows[0], 0)
        header = list(dict.fromkeys(k for row in rows for k in row))
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, header)
            writer.writeheader()
            writer.writerows(rows)
    else:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        found = document[table.key]
        entry = found if table.single else found[0]
        change(entry)
        label = table.entry_label(entry, 0)
        _write_toml(path, document)
    return path.relative_to(root).as_posix(), label


def _required_bilingual(table: Table[Any]) -> str | None:
    model = table.model
    names = [n for n in bilingual_fields(model) if model.model_fields[n].is_required()]
    return names[0] if names else None


def _required_plain(table: Table[Any]) -> str:
    model = table.model
    return next(
        file_name(model, n)
        for n, f in model.model_fields.items()
        if f.is_required() and n not in bilingual_fields(model) and n != table.id_field
    )


def _assert_named(root: Path, table: Table[Any], file: str, entry: str, field: str) -> None:
    found = checking.check([table], root)  # what kb check reports for this table
    assert any((p.file, p.entry, p.field) == (file, entry, field) for p in found), found
    with pytest.raises(KnowledgeError) as caught:
        tables.load(table, root)
    assert any((p.file, p.entry, p.field) == (file, entry, field) for p in caught.value.problems)


def test_the_packaged_copy_is_sound(data_copy: Path) -> None:
    # The round trip through the test's own TOML writer changes nothing that matters.
    for name in TABLE_NAMES:
        _break_first_entry(data_copy, TABLES[name], lambda entry: None)
    assert check(data_copy) == []


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_an_unknown_field_is_named(data_copy: Path, name: str) -> None:
    table = TABLES[name]
    file, entry = _break_first_entry(data_copy, table, lambda e: e.update(sourcs="typo"))
    _assert_named(data_copy, table, file, entry, "sourcs")
    problem = next(p for p in checking.check([table], data_copy) if p.field == "sourcs")
    allowed = ", ".join(file_fields(table.model))
    assert problem.message == f"unknown field (allowed: {allowed})"


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_a_missing_required_field_is_named(data_copy: Path, name: str) -> None:
    table = TABLES[name]
    field = _required_plain(table)
    file, entry = _break_first_entry(data_copy, table, lambda e: e.pop(field))
    _assert_named(data_copy, table, file, entry, field)


@pytest.mark.parametrize(
    "name", [n for n in TABLE_NAMES if _required_bilingual(TABLES[n]) is not None]
)
def test_a_missing_english_text_is_named(data_copy: Path, name: str) -> None:
    table = TABLES[name]
    field = f"{_required_bilingual(table)}_en"
    file, entry = _break_first_entry(data_copy, table, lambda e: e.update({field: " "}))
    _assert_named(data_copy, table, file, entry, field)


@pytest.mark.parametrize(
    "name", [n for n in TABLE_NAMES if "sources" in TABLES[n].model.model_fields]
)
def test_a_malformed_and_an_unknown_source_id_are_named(data_copy: Path, name: str) -> None:
    table = TABLES[name]

    def cite(entry: dict[str, Any]) -> None:
        entry["sources"] = "Not Snake;no_such_source" if table.csv else ["no_such_source"]

    file, entry = _break_first_entry(data_copy, table, cite)
    unknown = Problem(file, entry, "sources", "unknown source id 'no_such_source'")
    assert unknown in checking.check([table], data_copy)
    if table.csv:
        _assert_named(data_copy, table, file, entry, "sources")  # "Not Snake" fails the model


def test_a_missing_file_and_a_syntax_error_are_one_problem_each(data_copy: Path) -> None:
    (data_copy / "forms.toml").unlink()
    (data_copy / "safety.toml").write_text('[[symptom]]\ncode = "cramp\n', encoding="utf-8")
    problems = check(data_copy)
    assert [p for p in problems if p.file == "forms.toml"] == [
        Problem("forms.toml", "-", "-", "file is missing")
    ]
    (safety,) = [p for p in problems if p.file == "safety.toml"]
    assert (safety.entry, safety.field) == ("-", "-")
    assert safety.message.startswith("TOML syntax error")


# --- a new table ---------------------------------------------------------------------


class Tip(Entry):
    """A table no module knows about: registered here, in the test, and nowhere else."""

    id: Code
    text: Text
    food_id: FoodId
    sources: SourceIds


TIP = """[[tip]]
id = "{id}"
text_da = "Spis {food}"
text_en = "Eat {food}"
food_id = "{food}"
sources = ["nnr2023"]
"""


@pytest.fixture
def registry() -> Iterator[None]:
    saved = dict(TABLES)
    yield
    TABLES.clear()
    TABLES.update(saved)
    tables.clear_caches()


def test_a_registered_table_is_loaded_checked_and_cleared(data_copy: Path, registry: None) -> None:
    (data_copy / "tips").mkdir()
    (data_copy / "tips" / "a.toml").write_text(TIP.format(id="oats", food="oats_rolled"))
    second = data_copy / "tips" / "b.toml"
    second.write_text(TIP.format(id="almonds", food="almonds"))
    tips = register(Table("tips", Tip, "tips/*.toml", key="tip"))

    loaded = tables.load(tips, data_copy)
    assert [t.id for t in loaded] == ["oats", "almonds"]
    assert loaded[1].text.text("da") == "Spis almonds"
    assert tables.load(tips, data_copy) is loaded  # read once
    assert check(data_copy) == []

    second.write_text(
        TIP.format(id="oats", food="mandler").replace('text_en = "Eat mandler"\n', "")
    )
    assert tables.load(tips, data_copy) is loaded  # cached until cleared
    tables.clear_caches()
    problems = check(data_copy)
    for field, message in [
        ("food_id", "'mandler' is not a food in foods.csv"),
        ("id", "duplicate id (also in tips/a.toml)"),
        ("text_en", "missing or empty: every text needs Danish and English"),
    ]:
        assert Problem("tips/b.toml", "oats", field, message) in problems, problems
    with pytest.raises(KnowledgeError, match=re.escape("tips/b.toml: oats: text_en")):
        tables.load(tips, data_copy)

    result = CliRunner().invoke(app, ["kb", "check", "--data-dir", str(data_copy)])
    assert result.exit_code == 1
    assert "tips/b.toml: oats: food_id: 'mandler' is not a food in foods.csv" in result.output


def test_a_table_name_is_registered_once(registry: None) -> None:
    register(Table("tips", Tip, "tips/*.toml", key="tip"))
    with pytest.raises(ValueError, match="'tips' is already registered"):
        register(Table("tips", Tip, "other/*.toml", key="tip"))


def test_a_table_without_files_is_a_problem(data_copy: Path, registry: None) -> None:
    tips = register(Table("tips", Tip, "tips/*.toml", key="tip"))
    assert Problem("tips/*.toml", "-", "-", "no file found") in check(data_copy)
    with pytest.raises(KnowledgeError):
        tables.load(tips, data_copy)


# --- any value at all ------------------------------------------------------------------

JUNK = st.recursive(
    st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["", " ", "true", "1e3", "nan", "-1", "Not Snake", "J1MA02", "a;;b"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=6,
)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_any_value_in_any_field_is_named_never_a_traceback(data: st.DataObject) -> None:
    table = data.draw(st.sampled_from([TABLES[n] for n in TABLE_NAMES]), label="table")
    raw = dict(tables.parse(table, loaders.DATA_DIR).raw[0][2])
    allowed = file_fields(table.model)
    # Also a bilingual field's own name ("title" for title_da/title_en), a likely mistake.
    fields = [*allowed, *bilingual_fields(table.model), "zz_typo"]
    field = data.draw(st.sampled_from(fields), label="field")
    raw[field] = data.draw(JUNK, label="value")

    row, problems = tables.validate_entry(table, "copy.toml", 0, raw)
    assert (row is None) == bool(problems)
    for problem in problems:
        assert problem.file == "copy.toml" and problem.entry
        assert problem.field in (*allowed, field), problem
        assert problem.message and "Input should" not in problem.message, problem
    checking._strings(raw[field])  # the reference check reads the raw value too
