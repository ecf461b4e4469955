"""The answers JSON Schema in docs/ is the one the code checks against, and the examples pass."""

import json
from pathlib import Path

import pytest

from krampe.domain.diet import DietError, answers_json_schema, estimate, parse_answers
from krampe.knowledge import ffq

DOCS = Path(__file__).resolve().parents[3] / "docs"
EXAMPLES = sorted((DOCS / "examples").glob("diet-*.json"))


def test_committed_schema_is_the_generated_one():
    committed = json.loads((DOCS / "diet-answers.schema.json").read_text(encoding="utf-8"))
    assert committed == answers_json_schema(), (
        "regenerate docs/diet-answers.schema.json (see docs/diet.md)"
    )


def test_schema_lists_the_codes_from_the_questionnaire():
    schema = answers_json_schema()
    questions = ffq.questionnaire()
    defs = schema["$defs"]
    items = defs["QuestionnaireAnswers"]["properties"]["answers"]["propertyNames"]["enum"]
    assert items == [i.id for i in questions.items]
    frequency = defs["ItemAnswer"]["properties"]["frequency"]["anyOf"][0]["enum"]
    assert "2_4_per_week" in frequency and "never" in frequency
    assert defs["FoodLog"]["properties"]["period"]["enum"] == ["day", "week"]
    assert defs["Profile"]["additionalProperties"] is False


def test_there_are_examples_of_both_kinds():
    kinds = {json.loads(p.read_text(encoding="utf-8"))["kind"] for p in EXAMPLES}
    assert kinds == {"questionnaire", "food_log"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_are_valid_answers(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    parse_answers(data)
    assert estimate(data).intake_mg_per_day > 0


def test_an_example_with_a_stray_field_is_refused():
    data = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    data["comment"] = "x"
    with pytest.raises(DietError, match="comment: unknown field"):
        parse_answers(data)
