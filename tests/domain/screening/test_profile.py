"""Profile validation, its error messages and the committed JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from krampe.domain.screening import Profile, ProfileError, parse_profile, profile_json_schema
from krampe.knowledge import loaders

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs"

ISSUE_SYMPTOMS = {
    "leg_swelling_redness_warmth", "numbness_tingling", "muscle_weakness", "balance_problems",
    "muscle_wasting_or_twitching", "calf_pain_walking", "cold_pale_foot", "fever", "weight_loss",
    "persistent_pain", "cramps_worsening", "cramps_several_per_night", "cramps_spreading",
    "started_after_new_medicine", "nausea", "drowsiness", "palpitations", "diarrhea",
    "dark_urine",  # issue 12: a statin with dark urine
}  # fmt: skip
ISSUE_CONDITIONS = {
    "ibd", "celiac", "bariatric_surgery", "short_bowel", "diabetes", "high_alcohol", "cirrhosis",
    "dialysis", "thyroid_disease", "heavy_sweating", "restrictive_diet",
    "thyroid_disease_treated",  # issue 12: known and treated is not an alarm
}  # fmt: skip


def problems(data: Any) -> tuple[str, ...]:
    with pytest.raises(ProfileError) as info:
        parse_profile(data)
    assert str(info.value).startswith("invalid profile: ")
    return info.value.problems


def test_minimal_profile_gets_defaults() -> None:
    profile = parse_profile({"age": 40, "sex": "male"})
    assert profile.medicines == [] and profile.egfr is None and not profile.pregnant
    assert profile.takes_magnesium is False


def test_the_codes_are_those_of_the_issue() -> None:
    schema = profile_json_schema()
    assert set(schema["properties"]["symptoms"]["items"]["enum"]) == ISSUE_SYMPTOMS
    assert set(schema["properties"]["conditions"]["items"]["enum"]) == ISSUE_CONDITIONS
    assert {s.code for s in loaders.symptoms()} == ISSUE_SYMPTOMS


def test_unknown_codes_are_named_with_position_and_allowed_list() -> None:
    found = problems({"age": 40, "sex": "male", "symptoms": ["fever", "cramp", "headache"]})
    assert len(found) == 2
    assert found[1].startswith("symptoms[2]: 'headache' is not a known symptom code; allowed: ")
    assert "leg_swelling_redness_warmth" in found[1]
    (condition,) = problems({"age": 40, "sex": "male", "conditions": ["gout"]})
    assert condition.startswith("conditions[0]: 'gout' is not a known condition code; allowed: ibd")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("age", 121, "age: 121 is out of range; allowed: a whole number from 0 to 120"),
        ("age", -1, "age: -1 is out of range"),
        ("age", "40", "age: '40' is not allowed; allowed: a whole number from 0 to 120"),
        ("sex", "other", "sex: 'other' is not allowed; allowed: female or male"),
        ("pregnant_weeks", 43, "pregnant_weeks: 43 is out of range; allowed: null or a whole"),
        ("egfr", 250, "egfr: 250 is out of range; allowed: null or a number from 0 to 200"),
        ("cramps_per_week", 500, "cramps_per_week: 500 is out of range; allowed: null or a number"),
        ("takes_magnesium", "yes", "takes_magnesium: 'yes' is not allowed; allowed: true or false"),
        ("medicines", "Eltroxin", "medicines: 'Eltroxin' is not allowed; allowed: a list"),
        ("medicines", ["Losec", ""], "medicines[1]: '' is not allowed; allowed: a name of 1 to"),
        ("conditions", "ibd", "conditions: 'ibd' is not allowed; allowed: a list of codes"),
    ],
)
def test_impossible_values_name_field_and_allowed(field: str, value: Any, expected: str) -> None:
    sex = "female"
    (message,) = problems({"age": 40, "sex": sex, field: value})
    assert message.startswith(expected), message


def test_unknown_and_missing_fields_are_named() -> None:
    found = problems({"age": 40, "weight": 80})
    assert "weight: unknown field; allowed fields: age, sex, pregnant_weeks" in found[1] or any(
        p.startswith("weight: unknown field") for p in found
    )
    assert any(p.startswith("sex: missing; required (female or male)") for p in found)


def test_pregnancy_only_for_sex_female() -> None:
    (message,) = problems({"age": 30, "sex": "male", "pregnant_weeks": 12})
    assert message.startswith("pregnant_weeks: only allowed when sex is female")
    assert parse_profile({"age": 30, "sex": "female", "pregnant_weeks": 0}).pregnant


def test_not_an_object() -> None:
    (message,) = problems(["age", 40])
    assert message.startswith("profile: must be a JSON object with the fields age, sex")


def test_repeated_codes_count_once_in_order() -> None:
    profile = parse_profile({"age": 40, "sex": "male", "symptoms": ["fever", "nausea", "fever"]})
    assert profile.symptoms == ["fever", "nausea"]


def test_committed_schema_is_the_generated_one() -> None:
    committed = json.loads((DOCS / "profile.schema.json").read_text(encoding="utf-8"))
    assert committed == profile_json_schema()
    assert committed["additionalProperties"] is False
    assert set(committed["properties"]) == set(Profile.model_fields)


def test_every_field_is_documented() -> None:
    doc = (DOCS / "screening.md").read_text(encoding="utf-8")
    for name in Profile.model_fields:
        assert f"`{name}`" in doc, name
    for code in ISSUE_SYMPTOMS | ISSUE_CONDITIONS:
        assert f"`{code}`" in doc, code


@pytest.mark.parametrize(
    "path", sorted((DOCS / "examples").glob("profile-*.json")), ids=lambda p: p.name
)
def test_example_profiles_are_valid(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert parse_profile(data).age == data["age"]
