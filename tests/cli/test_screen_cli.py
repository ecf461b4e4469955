"""``krampe screen`` and ``krampe medicine`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from krampe.cli.main import app

runner = CliRunner()


def write(tmp_path: Path, data: Any, name: str = "profile.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_screen_json_shape(tmp_path: Path) -> None:
    path = write(tmp_path, {"age": 67, "sex": "female", "medicines": ["Eltroxin", "xyzzyq"]})
    result = runner.invoke(app, ["screen", path, "--format", "json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["self_trial"] == "ok_with_precautions"
    first = data["findings"][0]
    assert set(first) >= {"kind", "code", "severity", "triggers", "atc", "title", "advice"}
    assert [f["code"] for f in data["findings"]] == ["unknown_medicine", "levothyroxine"]
    assert data["findings"][1]["title"].startswith("Levothyroxine: take it at least 4 hours")


def test_healthy_profile_is_ok(tmp_path: Path) -> None:
    path = write(tmp_path, {"age": 40, "sex": "male"})
    data = json.loads(runner.invoke(app, ["screen", path, "--format", "json"]).stdout)
    assert data["self_trial"] == "ok" and data["findings"] == []


def test_text_report_puts_red_flags_first(tmp_path: Path) -> None:
    profile = {
        "age": 70,
        "sex": "male",
        "medicines": ["Ciproxin", "Losec"],
        "symptoms": ["fever", "leg_swelling_redness_warmth"],
    }
    result = runner.invoke(app, ["screen", write(tmp_path, profile), "--lang", "en"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "self_trial = urgent" in out
    clot = out.index("[URGENT] Possible blood clot")
    fever = out.index("[SOON] Cramps with fever")
    spacing = out.index("[CAUTION] Ciprofloxacin")
    ppi = out.index("Long-term proton pump inhibitor")
    assert clot < fever < spacing < ppi
    assert "Because of: Swelling, redness or warmth in the leg" in out  # labels, not codes
    assert "Because of: Ciproxin" in out  # medicine names as typed


def test_text_report_is_danish_by_default(tmp_path: Path) -> None:
    path = write(tmp_path, {"age": 70, "sex": "male", "symptoms": ["cold_pale_foot"]})
    out = runner.invoke(app, ["screen", path]).stdout
    assert "Kontakt læge i dag" in out and "[AKUT] Mulig akut dårlig blodforsyning til benet" in out
    assert "Ring 112 ved livsfare" in out and "1813" in out  # regionh_fakta_om_1813


def test_plan_section_is_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, {"age": 40, "sex": "male", "plan": {"wake": "07:00"}})
    assert runner.invoke(app, ["screen", path, "--format", "json"]).exit_code == 0


def test_bad_profile_exits_2_naming_the_field(tmp_path: Path) -> None:
    path = write(tmp_path, {"age": 40, "sex": "male", "symptoms": ["fever", "headache"], "x": 1})
    result = runner.invoke(app, ["screen", path])
    assert result.exit_code == 2
    assert "symptoms[1]: 'headache' is not a known symptom code; allowed:" in result.stderr
    assert "x: unknown field; allowed fields: age, sex" in result.stderr
    assert result.stdout == ""


def test_missing_file_and_bad_json_exit_2(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["screen", str(tmp_path / "nope.json")])
    assert missing.exit_code == 2 and "PROFILE: file" in missing.stderr
    broken = runner.invoke(app, ["screen", write(tmp_path, "{age: 40")])
    assert broken.exit_code == 2 and "PROFILE: not valid JSON (line 1" in broken.stderr


def test_bad_language_exits_2_naming_the_option(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["screen", write(tmp_path, {"age": 40, "sex": "male"}), "--lang", "fr"]
    )
    assert result.exit_code == 2 and "--lang" in result.output


def test_profile_from_stdin() -> None:
    result = runner.invoke(
        app, ["screen", "-", "--format", "json"], input='{"age": 50, "sex": "female", "egfr": 40}'
    )
    assert json.loads(result.stdout)["self_trial"] == "see_doctor_first"


def test_medicine_json_shape() -> None:
    result = runner.invoke(app, ["medicine", "eltroxn", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["query"] == "eltroxn"
    assert data["resolved"]["atc"] == "H03AA01" and data["resolved"]["name"] == "levothyroxin"
    assert data["resolved"]["match"] == "fuzzy"
    assert {"atc", "name", "score"} <= set(data["candidates"][0])


def test_medicine_unknown_and_ambiguous() -> None:
    unknown = json.loads(runner.invoke(app, ["medicine", "xyzzyq", "--format", "json"]).stdout)
    assert unknown == {"query": "xyzzyq", "resolved": None, "candidates": []}
    levo = runner.invoke(app, ["medicine", "levo"])
    assert levo.exit_code == 0
    assert "levo → ?" in levo.stdout and "N04BA01" in levo.stdout  # levodopa
    # never a suggestion from another anatomical group (levofloxacin, levothyroxine)
    assert "J01MA12" not in levo.stdout and "H03AA01" not in levo.stdout


def test_medicine_text_names_the_match() -> None:
    out = runner.invoke(app, ["medicine", "Losec", "--lang", "en"]).stdout
    assert out.startswith("Losec → omeprazole (A02BC01) [exact name]")


def test_medicine_names_a_combinations_components() -> None:
    out = runner.invoke(app, ["medicine", "Cozaar Comp", "--lang", "en"]).stdout
    assert "Cozaar Comp → losartan and hydrochlorothiazide (C09DA01)" in out
    assert "+ hydrochlorothiazide (C03AA03)" in out
    data = json.loads(runner.invoke(app, ["medicine", "Cozaar Comp", "--format", "json"]).stdout)
    assert [c["medicine_id"] for c in data["resolved"]["components"]] == [
        "losartan",
        "hydrochlorothiazide",
    ]
    single = json.loads(runner.invoke(app, ["medicine", "Zarator", "--format", "json"]).stdout)
    assert single["resolved"]["components"] == []
