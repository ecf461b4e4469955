"""`krampe diet ANSWERS.json`: the JSON contract, the text report and exit status 2."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from krampe.cli.main import app

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
CONTRACT_KEYS = {
    "intake_mg_per_day",
    "reference_mg_per_day",
    "reference_source",
    "gap_mg_per_day",
    "contributors",
    "suggestions",
}


def write(tmp_path: Path, data) -> str:
    path = tmp_path / "answers.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_json_output_keeps_the_contract(tmp_path):
    answers = {
        "kind": "questionnaire",
        "profile": {"age": 45, "sex": "male"},
        "exclusions": ["nut_allergy"],
        "answers": {"rye_bread": {"frequency": "1_per_day", "portions": 2}},
    }
    result = runner.invoke(app, ["diet", write(tmp_path, answers)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= CONTRACT_KEYS
    # 2 × 50 g × 54 mg/100 g = 54 mg; a man of 45: 350 → gap 296
    assert data["intake_mg_per_day"] == 54.0
    assert data["reference_mg_per_day"] == 350
    assert data["reference_source"] == "nnr2023"
    assert data["gap_mg_per_day"] == 296.0
    assert data["contributors"][0]["food_ids"] == ["rye_bread_wholegrain"]
    assert data["suggestions"] and "almonds" not in {s["food_id"] for s in data["suggestions"]}


@pytest.mark.parametrize("name", ["diet-questionnaire.json", "diet-food-log.json"])
def test_documented_examples_run(name):
    result = runner.invoke(app, ["diet", str(EXAMPLES / name), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.stdout)) >= CONTRACT_KEYS


def test_text_report_in_english_says_estimate_and_blood_test():
    result = runner.invoke(
        app, ["diet", str(EXAMPLES / "diet-food-log-week.json"), "--format", "text", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert "mg a day" in result.stdout
    assert "This is an estimate" in result.stdout
    assert "blood test reflects the body's magnesium poorly" in result.stdout


def test_text_report_in_danish():
    result = runner.invoke(app, ["diet", str(EXAMPLES / "diet-questionnaire.json"), "-f", "text"])
    assert result.exit_code == 0, result.output
    assert "Dette er et skøn" in result.stdout
    assert "blodprøve" in result.stdout


def test_unknown_food_exits_2_with_the_closest_matches(tmp_path):
    log = {
        "kind": "food_log",
        "period": "day",
        "profile": {"age": 45, "sex": "female"},
        "entries": [{"food": "kanelsnurre", "grams": 80}],
    }
    result = runner.invoke(app, ["diet", write(tmp_path, log)])
    assert result.exit_code == 2
    assert "entries[0].food" in result.stderr
    assert "closest matches" in result.stderr and "Wienerbrød" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ({"kind": "menu"}, "kind"),
        (
            {
                "kind": "questionnaire",
                "profile": {"age": 45, "sex": "female"},
                "answers": {"x": {}},
            },
            "allowed: rye_bread",
        ),
    ],
)
def test_bad_answers_exit_2_naming_the_field(tmp_path, content, message):
    result = runner.invoke(app, ["diet", write(tmp_path, content)])
    assert result.exit_code == 2
    assert message in result.stderr


def test_missing_file_exits_2(tmp_path):
    result = runner.invoke(app, ["diet", str(tmp_path / "nope.json")])
    assert result.exit_code == 2
    assert "not found" in result.stderr


def test_bad_language_is_refused():
    result = runner.invoke(app, ["diet", str(EXAMPLES / "diet-food-log.json"), "--lang", "de"])
    assert result.exit_code == 2
