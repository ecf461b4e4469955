"""The validator passes the real data and names file, entry and field on a broken copy."""

import shutil
from pathlib import Path

import pytest

from krampe.knowledge import loaders
from krampe.knowledge.schema import KnowledgeError, Problem
from krampe.knowledge.validate import check


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(loaders.DATA_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_real_data_has_no_problems() -> None:
    assert check() == []


def test_unknown_source_id_is_named(data_copy: Path) -> None:
    edit(data_copy / "forms.toml", '"firoz_graber2001_bioavailability"]', '"no_such_source"]')
    assert Problem("forms.toml", "oxide", "sources", "unknown source id 'no_such_source'") in check(
        data_copy
    )


def test_missing_english_text_is_named(data_copy: Path) -> None:
    edit(
        data_copy / "safety.toml",
        'title_en = "Possible blood clot or infection in the leg"',
        'title_en = ""',
    )
    problems = check(data_copy)
    assert any(
        (p.file, p.entry, p.field) == ("safety.toml", "possible_dvt", "title_en") for p in problems
    )


def test_malformed_atc_is_named(data_copy: Path) -> None:
    edit(data_copy / "catalogue" / "J.toml", 'atc = "J01MA02"', 'atc = "J1MA02"')
    problems = check(data_copy)
    assert any(
        (p.file, p.entry, p.field) == ("catalogue/J.toml", "ciprofloxacin", "atc") for p in problems
    )


def test_duplicate_id_is_named(data_copy: Path) -> None:
    edit(data_copy / "forms.toml", 'id = "malate"', 'id = "taurate"')
    problems = check(data_copy)
    assert any(
        (p.file, p.entry, p.field) == ("forms.toml", "taurate", "id") and "duplicate" in p.message
        for p in problems
    )


def test_unparsable_formula_is_named(data_copy: Path) -> None:
    edit(data_copy / "forms.toml", 'formula = "MgO"', 'formula = "MgQz"')
    assert any(
        (p.file, p.entry, p.field) == ("forms.toml", "oxide", "formula") for p in check(data_copy)
    )


def test_portion_of_unknown_food_and_unknown_consult_code_are_named(data_copy: Path) -> None:
    with (data_copy / "food_portions.csv").open("a", encoding="utf-8") as handle:
        handle.write("no_such_food,stk,1 stk,1 piece,10,krampe_portions\n")
    edit(data_copy / "catalogue" / "C.toml", 'consult = "digoxin"', 'consult = "no_such_reason"')
    problems = check(data_copy)
    assert any(p.file == "food_portions.csv" and p.field == "food_id" for p in problems)
    assert any(p.file == "catalogue/C.toml" and p.field == "consult" for p in problems)


def test_loader_refuses_a_broken_copy(data_copy: Path) -> None:
    edit(data_copy / "intakes.toml", "mg_per_day = 350", "mg_per_day = -350")
    with pytest.raises(KnowledgeError) as caught:
        loaders.intakes(data_copy)
    assert caught.value.problems[0].field == "mg_per_day"
