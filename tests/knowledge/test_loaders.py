"""Loaders return typed, cited entries and look up intakes and rules."""

import pytest

from krampe.knowledge import loaders
from krampe.knowledge.models import Text, to_dict


def test_every_loader_gives_entries_with_sources_that_resolve() -> None:
    source_ids = set(loaders.sources())
    groups = [
        loaders.forms(),
        loaders.intakes(),
        loaders.foods(),
        loaders.portions(),
        loaders.waters(),
        loaders.medicines(),
        loaders.interaction_rules(),
        loaders.red_flags(),
        loaders.consult_reasons(),
        loaders.deficiency_risks(),
        loaders.deficiency_signs(),
        loaders.excess_signs(),
        loaders.serum_stages(),
        loaders.strategies(),
        loaders.evidence(),
        (loaders.upper_level(),),
    ]
    for group in groups:
        assert group
        for entry in group:
            assert entry.sources and set(entry.sources) <= source_ids


def test_loaders_read_each_file_once() -> None:
    assert loaders.forms() is loaders.forms()
    assert loaders.medicines() is loaders.medicines()


@pytest.mark.parametrize(
    ("age", "sex", "pregnant", "lactating", "mg"),
    [
        (40, "female", False, False, 300),
        (40, "male", False, False, 350),
        (30, "female", True, False, 300),
        (30, "female", False, True, 300),
        (15, "female", False, False, 250),
        (15, "male", False, False, 300),
        (7, "male", False, False, 230),
        (2, "female", False, False, 170),
        (0.75, "male", False, False, 80),
    ],
)
def test_reference_intake_follows_nnr_2023(
    age: float, sex: str, pregnant: bool, lactating: bool, mg: float
) -> None:
    intake = loaders.reference_intake(age, sex, pregnant, lactating)
    assert intake is not None
    assert intake.system == "NNR2023"
    assert intake.mg_per_day == mg


def test_no_reference_intake_for_young_infants_and_bad_sex_is_refused() -> None:
    assert loaders.reference_intake(0.25, "female") is None
    with pytest.raises(ValueError, match="sex"):
        loaders.reference_intake(40, "unknown")


def test_nnr_2012_values_are_kept_as_history() -> None:
    women = loaders.reference_intake(40, "female", system="NNR2012")
    assert women is not None and women.mg_per_day == 280


def test_upper_level_is_250_mg_from_age_4_including_pregnancy() -> None:
    ul = loaders.upper_level()
    assert ul.mg_per_day == 250
    assert ul.age_min == 4
    assert ul.includes_pregnancy_and_lactation


def test_rule_for_atc_prefers_the_longest_prefix() -> None:
    rules = loaders.rule_for_atc("J01MA02")
    assert [r.id for r in rules] == ["ciprofloxacin"]
    assert rules[0].med_before_mg_h == 2 and rules[0].med_after_mg_h == 6
    assert loaders.rule_for_atc("A02BC02") == ()  # pantoprazole: not a spacing rule


def test_portions_for_gives_the_usual_portion_first() -> None:
    portions = loaders.portions_for("rye_bread_wholegrain")
    assert portions and portions[0].grams > 0
    assert loaders.portions_for("no_such_food") == ()


def test_texts_exist_in_both_languages() -> None:
    flag = next(f for f in loaders.red_flags() if "leg_swelling_redness_warmth" in f.symptoms)
    assert flag.severity == "urgent"
    assert isinstance(flag.title, Text)
    assert flag.title.text("da") != flag.title.text("en")


def test_to_dict_flattens_texts_and_adds_computed_fields() -> None:
    row = to_dict(loaders.form("oxide"))
    assert row["name_da"] == "Magnesiumoxid"
    assert row["formula"] == "MgO"
    assert 0.60 < row["elemental_fraction"] < 0.61
    med = to_dict(loaders.medicines()[0])
    assert "class" in med and "drug_class" not in med
