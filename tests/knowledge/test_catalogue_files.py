"""The medicine catalogue (data/catalogue/<LETTER>.toml): what `krampe kb check` refuses.

Each test breaks one thing in a copy of the data and expects the problem to be
named with file, entry and field.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from krampe.knowledge import catalogue, loaders
from krampe.knowledge.validate import check

ANATOMICAL = "ABCDGHJLMNPRSV"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(loaders.DATA_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


def problems_for(data_dir: Path, entry: str) -> list[tuple[str, str, str]]:
    return [(p.file, p.field, p.message) for p in check(data_dir) if p.entry == entry]


def test_one_file_per_anatomical_group_and_every_code_in_its_file() -> None:
    files = catalogue.files(loaders.DATA_DIR)
    assert [p.stem for p in files] == sorted(ANATOMICAL)
    from krampe.knowledge.tables import parse

    for table in (catalogue.SUBSTANCES, catalogue.COMBINATIONS):
        parsed = parse(table, loaders.DATA_DIR)
        assert parsed.problems == ()
        for row in parsed.rows:
            assert row.file == f"catalogue/{row.value.atc[0]}.toml", row.entry


def test_an_entry_in_the_wrong_group_file_is_named(data_copy: Path) -> None:
    edit(data_copy / "catalogue" / "C.toml", 'atc = "C01AA05"', 'atc = "A01AA05"')
    found = problems_for(data_copy, "digoxin")
    assert any(f == ("catalogue/C.toml", "atc", f[2]) and "ATC group C" in f[2] for f in found)


def test_atc_level_must_match_the_entry(data_copy: Path) -> None:
    # A substance with a group code, and a group entry with a substance code.
    edit(data_copy / "catalogue" / "C.toml", 'atc = "C01AA05"', 'atc = "C01AA"')
    edit(data_copy / "catalogue" / "A.toml", 'atc = "A10A"', 'atc = "A10AB01"')
    assert any(f[1] == "atc" and "group code" in f[2] for f in problems_for(data_copy, "digoxin"))
    assert any(f[1] == "atc" and "level 5" in f[2] for f in problems_for(data_copy, "insulin"))


def test_a_name_shared_by_two_entries_after_normalising_is_named(data_copy: Path) -> None:
    # "Selo Zok" and "Selo-Zok" are one name once spaces and hyphens go.
    edit(
        data_copy / "catalogue" / "C.toml",
        'spellings = ["bisoprolol"]',
        'spellings = ["bisoprolol", "Selo Zok"]',
    )
    found = problems_for(data_copy, "bisoprolol") + problems_for(data_copy, "metoprolol")
    assert any("also a name of" in f[2] for f in found), found


def test_components_must_exist(data_copy: Path) -> None:
    edit(
        data_copy / "catalogue" / "R.toml",
        'components = ["salmeterol", "fluticasone_propionate_inhaled"]',
        'components = ["salmeterol", "no_such_substance"]',
    )
    assert (
        "catalogue/R.toml",
        "components",
        "'no_such_substance' is not a substance id in the catalogue",
    ) in problems_for(data_copy, "salmeterol_fluticasone")


def test_brand_sources_must_exist_and_be_leaflets(data_copy: Path) -> None:
    edit(
        data_copy / "catalogue" / "C.toml",
        '{ name = "Zarator", source = "leaflet_zarator" }',
        '{ name = "Zarator", source = "garrison2012_cramp_prescriptions" }',
    )
    found = problems_for(data_copy, "atorvastatin")
    assert any(f[1] == "brands[Zarator].source" and "not a leaflet" in f[2] for f in found)


def test_a_brand_needs_exactly_one_provenance(data_copy: Path) -> None:
    edit(
        data_copy / "catalogue" / "C.toml",
        '{ name = "Zarator", source = "leaflet_zarator" }',
        '{ name = "Zarator" }',
    )
    found = problems_for(data_copy, "atorvastatin")
    assert any(f[1] == "brands" and f[2].startswith("Zarator: give exactly one") for f in found)


def test_a_brand_that_matters_for_magnesium_must_be_checked(data_copy: Path) -> None:
    edit(
        data_copy / "catalogue" / "C.toml",
        '{ name = "Zarator", source = "leaflet_zarator" }',
        '{ name = "Zarator", basis = "general_knowledge" }',
    )
    found = problems_for(data_copy, "atorvastatin")
    assert any(f[1] == "brands[Zarator]" and "matters for magnesium" in f[2] for f in found)


def test_a_brand_without_magnesium_relevance_may_rest_on_general_knowledge() -> None:
    relevant = {m.id for m in loaders.medicines() if catalogue.matters_for_magnesium(m)}
    unchecked = [(m.id, b.name) for m in loaders.medicines() for b in m.brand_info if not b.checked]
    assert all(entry not in relevant for entry, _brand in unchecked)


def test_elemental_magnesium_is_computed_from_the_salt(data_copy: Path) -> None:
    append(
        data_copy / "catalogue" / "A.toml",
        """[[substance]]
id = "test_magnesium_oxide"
atc = "A12CC10"
class = "magnesium_product"
name_da = "testmagnesiumoxid"
name_en = "test magnesium oxide"
spellings = ["testmagnesiumoxid"]
contains = ["magnesium"]
form = "oxide"
sources = ["who_atc_ddd_index"]
[[substance.brands]]
name = "Testmag"
source = "leaflet_zarator"
strengths = [{ label = "500 mg", unit = "tablet", salt_mg = 500 }]
""",
    )
    entries = catalogue.by_id(data_copy)
    strength = entries["test_magnesium_oxide"].brand_info[0].strengths[0]
    assert strength.salt_mg == 500
    assert 300 < strength.magnesium_mg < 303  # MgO is 60.3 % magnesium


def test_salt_without_a_form_is_named(data_copy: Path) -> None:
    append(
        data_copy / "catalogue" / "A.toml",
        """[[substance]]
id = "test_salt"
atc = "A12CC11"
class = "magnesium_product"
name_da = "testsalt"
name_en = "test salt"
spellings = ["testsalt"]
sources = ["who_atc_ddd_index"]
[[substance.brands]]
name = "Testsalt"
basis = "general_knowledge"
strengths = [{ label = "1", unit = "tablet", salt_mg = 100 }]
""",
    )
    assert any("salt_mg needs the salt" in f[2] for f in problems_for(data_copy, "test_salt"))


def test_an_unknown_field_is_named(data_copy: Path) -> None:
    edit(data_copy / "catalogue" / "C.toml", 'id = "digoxin"', 'id = "digoxin"\nbrandz = []')
    assert any(f[1] == "brandz" for f in problems_for(data_copy, "digoxin"))
