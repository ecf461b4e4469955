"""The diet questionnaire in ffq.toml: what it covers, how it counts, and its checks."""

import shutil
from pathlib import Path

import pytest

from krampe.knowledge import ffq, loaders
from krampe.knowledge.schema import KnowledgeError


@pytest.fixture(autouse=True)
def _fresh_caches():
    yield
    loaders.clear_caches()  # one clear for every table, the questionnaire and the indexes


def test_packaged_questionnaire_has_no_problems():
    assert ffq.check_ffq() == []


def test_about_25_items_in_ordered_groups_with_both_languages():
    q = ffq.questionnaire()
    assert 20 <= len(q.items) <= 35
    assert q.groups[0].id == "bread_breakfast" and q.groups[-1].id == "water"
    for group in q.groups:
        assert q.items_in(group.id), group.id
        assert group.title.da and group.title.en
    for item in q.items:
        assert item.question.da.endswith("?") and item.question.en.endswith("?")
        assert item.portion_label.da and item.portion_label.en


def test_covers_what_carries_magnesium_in_a_danish_diet():
    q = ffq.questionnaire()
    foods = {food for item in q.items for food in (*item.foods, *item.variants)}
    for food in (
        "rye_bread_wholegrain",
        "oats_rolled",
        "muesli",
        "almonds",
        "pumpkin_seeds",
        "kidney_beans_boiled",
        "broccoli_boiled",
        "potatoes_boiled_peeled",
        "banana",
        "milk_semi_skimmed",
        "salmon_cooked",
        "beef_minced_fried",
        "dark_chocolate_70",
        "coffee_brewed",
        "tea_black",
        "tap_water",
        "mineral_water_high_mg",
    ):
        assert food in foods, food


def test_frequency_factors():
    q = ffq.questionnaire()
    assert q.frequency("never").per_day == 0
    assert q.frequency("1_per_day").per_day == 1
    assert q.frequency("2_4_per_week").per_day == pytest.approx(3 / 7)
    assert q.frequency("3_plus_per_day").per_day == 3
    per_day = [f.per_day for f in q.frequencies]
    assert per_day == sorted(per_day)


def test_portions_come_from_the_portion_table():
    q = ffq.questionnaire()
    rye = q.item("rye_bread")
    assert (rye.portion_unit, rye.portion_grams) == ("skive", 50)
    for item in q.items:
        rows = loaders.portions_for(item.portion_food)
        assert any(p.unit == item.portion_unit and p.grams == item.portion_grams for p in rows), (
            item.id
        )


def test_mixed_items_count_their_foods_equally_unless_weighted():
    nuts = ffq.questionnaire().item("nuts")
    assert nuts.shares() == (
        ("almonds", 0.25),
        ("hazelnuts", 0.25),
        ("walnuts", 0.25),
        ("peanuts", 0.25),
    )
    water = ffq.questionnaire().item("mineral_water")
    assert water.shares("mineral_water_high_mg") == (("mineral_water_high_mg", 1.0),)


def test_every_entry_cites_a_known_source():
    q = ffq.questionnaire()
    known = set(loaders.sources())
    entries = (*q.frequencies, *q.groups, *q.items, *q.exclusions, *q.suggestions, *q.notes)
    for entry in entries:
        assert entry.sources and set(entry.sources) <= known, entry
    assert q.note("blood_test").sources == ("arnaud2008_magnesium_status",)


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(loaders.DATA_DIR, copy)
    path = copy / "ffq.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


@pytest.mark.parametrize(
    ("old", "new", "entry", "field"),
    [
        ('foods = ["rye_bread_wholegrain"]', 'foods = ["rugbrod"]', "rye_bread", "foods"),
        ("portion_grams = 50\n", "portion_grams = 55\n", "rye_bread", "portion_grams"),
        (
            'foods = ["wholewheat_bread", "seeded_bread"]',
            'foods = ["wholewheat_bread", "seeded_bread"]\nweights = [0.5, 0.4]',
            "wholegrain_bread",
            "weights",
        ),
        ('group = "bread_breakfast"', 'group = "breads"', "rye_bread", "group"),
        ('sources = ["eu_fic_1169_2011", ', 'sources = ["eu_fic_2011", ', "nut_allergy", "sources"),
        ('groups = ["fish"]', 'groups = ["seafood"]', "no_fish", "groups"),
        (
            'ask = "per_day"\nfoods = ["tap_water"]',
            'ask = "daily"\nfoods = ["tap_water"]',
            "tap_water",
            "ask",
        ),
        ('code = "blood_test"', 'code = "blood"', "-", "note"),
        ('question_en = "How often do you eat rye bread?"', "", "rye_bread", "question_en"),
    ],
)
def test_check_names_entry_and_field(tmp_path, old, new, entry, field):
    copy = _broken_copy(tmp_path, old, new)
    problems = ffq.check_ffq(copy)
    assert any(p.entry == entry and p.field == field for p in problems), problems
    assert all(p.file == "ffq.toml" for p in problems)
    with pytest.raises(KnowledgeError):
        ffq.questionnaire(copy)


def test_kb_check_covers_the_questionnaire(tmp_path):
    from krampe.knowledge.validate import check

    copy = _broken_copy(tmp_path, 'foods = ["rye_bread_wholegrain"]', 'foods = ["rugbrod"]')
    problems = check(copy)
    assert any(p.file == "ffq.toml" and p.entry == "rye_bread" for p in problems), problems
