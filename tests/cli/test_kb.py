"""`krampe kb`: check the data and browse it as tables or JSON."""

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from krampe.cli.main import app
from krampe.knowledge import loaders

runner = CliRunner()


def test_check_passes_on_the_real_data() -> None:
    result = runner.invoke(app, ["kb", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK:")
    assert "17 forms" in result.output


def test_check_fails_naming_file_entry_and_field(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(loaders.DATA_DIR, copy)
    evidence = copy / "evidence.toml"
    evidence.write_text(
        evidence.read_text(encoding="utf-8").replace('certainty = "very_low"', 'certainty = "meh"'),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["kb", "check", "--data-dir", str(copy)])
    assert result.exit_code == 1
    assert "evidence.toml: pregnancy_cramps: certainty:" in result.output


def test_forms_json_has_every_field_and_the_computed_fraction() -> None:
    result = runner.invoke(app, ["kb", "forms", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) >= 17
    oxide = next(r for r in rows if r["id"] == "oxide")
    assert oxide["formula"] == "MgO"
    assert abs(oxide["elemental_fraction"] - 0.603) < 0.001
    for field in ("name_da", "name_en", "hydrate", "laxative", "price_tier", "sources"):
        assert field in oxide


def test_foods_search_tolerates_missing_danish_letters() -> None:
    result = runner.invoke(app, ["kb", "foods", "--search", "rugbrod", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows[0]["id"] == "rye_bread_wholegrain"
    assert {"mg_per_100g", "synonyms", "sources", "portions"} <= set(rows[0])


def test_medicines_search_finds_a_misspelt_brand() -> None:
    result = runner.invoke(app, ["kb", "medicines", "--search", "eltroxn", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows[0]["id"] == "levothyroxine"
    assert rows[0]["atc"] == "H03AA01"
    assert "class" in rows[0] and "brands" in rows[0]


def test_tables_render_in_the_chosen_language_with_labels_not_codes() -> None:
    wide = {"COLUMNS": "200"}
    danish = runner.invoke(app, ["kb", "foods", "--search", "rugbrod", "--limit", "3"], env=wide)
    assert danish.exit_code == 0, danish.output
    assert "Fødevarer" in danish.output and "typisk portion" in danish.output
    assert "Brød" in danish.output and " bread " not in danish.output
    english = runner.invoke(app, ["kb", "forms", "--search", "oxide", "--lang", "en"], env=wide)
    assert english.exit_code == 0, english.output
    assert "Magnesium forms" in english.output and "laxative" in english.output
    assert "loosens the stools" in english.output
    medicines = runner.invoke(
        app, ["kb", "medicines", "--search", "eltroxin", "--lang", "en"], env={"COLUMNS": "250"}
    )
    assert medicines.exit_code == 0 and "H03AA01" in medicines.output


def test_unknown_format_is_a_usage_error() -> None:
    result = runner.invoke(app, ["kb", "forms", "--format", "xml"])
    assert result.exit_code == 2
    assert "--format" in result.output


def test_medicines_json_lists_a_combinations_components_rules_and_minerals() -> None:
    result = runner.invoke(app, ["kb", "medicines", "--search", "Cozaar Comp", "--format", "json"])
    assert result.exit_code == 0
    [row] = json.loads(result.stdout)
    assert row["kind"] == "combination" and row["atc"] == "C09DA01"
    assert row["components"] == ["losartan", "hydrochlorothiazide"]
    assert [b["name"] for b in row["brand_info"]] == ["Cozaar Comp", "Cozaar Comp Forte"]
    assert all(b["source"] for b in row["brand_info"])
    magnesia = json.loads(
        runner.invoke(app, ["kb", "medicines", "--search", "Magnesia", "--format", "json"]).stdout
    )[0]
    assert magnesia["contains_all"] == ["magnesium"]
    strength = magnesia["brand_info"][0]["strengths"][0]
    assert round(strength["magnesium_mg"]) == 302 and strength["salt_mg"] == 500
