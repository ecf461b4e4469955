"""Search tolerates missing æ/ø/å and small typos."""

from krampe.knowledge.search import MATCH_CUTOFF, match_medicine, normalize, search_foods


def test_normalize_spells_out_danish_letters_and_strips_accents() -> None:
    assert normalize("  Rugbrød  Æble Ål ") == "rugbroed aeble aal"
    assert normalize("Crème  Brûlée") == "creme brulee"


def test_rugbrod_finds_rye_bread() -> None:
    assert search_foods("rugbrod")[0].entry.name.en.lower().startswith("rye bread")


def test_mandle_finds_almonds() -> None:
    assert "almond" in search_foods("mandle")[0].entry.name.en.lower()


def test_eltroxn_finds_levothyroxine() -> None:
    best = match_medicine("eltroxn")[0]
    assert best.medicine.id == "levothyroxine"
    assert best.matched_name == "Eltroxin"
    assert best.confident


def test_ciproxin_is_an_exact_brand_match_even_with_a_strength() -> None:
    for typed in ("Ciproxin", "ciproxin 500 mg"):
        matches = match_medicine(typed)
        assert [m.medicine.id for m in matches] == ["ciprofloxacin"]
        assert matches[0].exact


def test_a_fragment_is_a_suggestion_never_a_confident_match() -> None:
    matches = match_medicine("ibu")
    assert matches and all(m.score < MATCH_CUTOFF for m in matches)


def test_nonsense_matches_nothing() -> None:
    assert match_medicine("qqqqzzzz") == []


def test_forms_are_found_by_danish_family_names_and_typos() -> None:
    from krampe.knowledge.search import search_forms

    citrates = {h.entry.id for h in search_forms("citrat")}
    assert {"citrate_anhydrous", "citrate_nonahydrate"} <= citrates
    assert "oxide" not in citrates
    assert search_forms("glycinat")[0].entry.id == "bisglycinate"
    assert search_forms("oxid")[0].entry.id == "oxide"
