"""The medicine catalogue and magnesium spacing rules.

Expected hours come from the interaction table in the project's checked
clinical facts; the tests look each medicine up by the name a person types and
follow its ATC code to the rule, the same way the product does. A combination
carries its components' flags (``catalogue.parts``).
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from krampe.knowledge import catalogue, loaders
from krampe.knowledge.models import to_dict

DATA = Path(__file__).resolve().parents[2] / "src" / "krampe" / "knowledge" / "data"


def _load(name: str, key: str) -> list[dict[str, Any]]:
    with (DATA / name).open("rb") as fh:
        entries: list[dict[str, Any]] = tomllib.load(fh)[key]
    return entries


def _effective(medicine: Any) -> dict[str, Any]:
    """The entry as a dict, with its components' flags and the rules that apply to it."""
    row = to_dict(medicine)
    parts = catalogue.parts(medicine)
    row["provokes_cramps"] = any(p.provokes_cramps for p in parts)
    row["deficiency_risk"] = any(p.deficiency_risk for p in parts)
    row["consult"] = next((p.consult for p in parts if p.consult), "")
    row["rule_ids"] = [r.id for r in catalogue.rules_for(medicine)]
    return row


MEDICINES = [_effective(m) for m in loaders.medicines()]
RULES = _load("interactions.toml", "rule")

CONSULT_CODES = {"", "digoxin", "avoid_combination", "deficiency_risk_medicine"}
SUBSTANCE_ATC = re.compile(r"^[A-Z][0-9]{2}[A-Z]{2}[0-9]{2}$")
GROUP_ATC = re.compile(r"^[A-Z]([0-9]{2}([A-Z]([A-Z])?)?)?$")


def by_name(typed: str) -> dict[str, Any]:
    """The one medicine entry whose substance name or brand matches what was typed."""
    hits = [
        m
        for m in MEDICINES
        if typed.casefold() in {n.casefold() for n in (*m["names"], *m.get("brands", []))}
    ]
    assert len(hits) == 1, f"{typed!r} matches {len(hits)} medicines"
    return hits[0]


def rules_for(atc: str) -> list[dict[str, Any]]:
    return [r for r in RULES if any(atc.startswith(prefix) for prefix in r["atc"])]


def rule_for(typed: str) -> dict[str, Any]:
    ids = by_name(typed)["rule_ids"]
    assert len(ids) == 1, f"{typed!r} has {len(ids)} rules"
    return next(r for r in RULES if r["id"] == ids[0])


def test_at_least_120_names_people_type() -> None:
    typed = {n.casefold() for m in MEDICINES for n in (*m["names"], *m.get("brands", []))}
    assert len(typed) >= 120


def test_atc_codes_are_well_formed() -> None:
    for m in MEDICINES:
        assert SUBSTANCE_ATC.match(m["atc"]) or GROUP_ATC.match(m["atc"]), m["id"]
    for r in RULES:
        assert r["atc"], r["id"]
        for code in r["atc"]:
            assert SUBSTANCE_ATC.match(code) or GROUP_ATC.match(code), (r["id"], code)


def test_ids_are_unique_snake_case() -> None:
    for entries in (MEDICINES, RULES):
        ids = [e["id"] for e in entries]
        assert len(ids) == len(set(ids))
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids)


def test_every_name_and_brand_resolves_to_exactly_one_medicine() -> None:
    counts = Counter(n.casefold() for m in MEDICINES for n in {*m["names"], *m.get("brands", [])})
    shared = sorted(n for n, c in counts.items() if c > 1)
    assert shared == []


@pytest.mark.parametrize(
    ("typed", "before", "after"),
    [
        ("ciprofloxacin", 2.0, 6.0),
        ("Ciproxin", 2.0, 6.0),
        ("levofloxacin", 2.0, 2.0),
        ("moxifloxacin", 4.0, 8.0),
        ("doxycyclin", 2.0, 4.0),
        ("tetracycline", 2.0, 4.0),
        ("minocyclin", 2.0, 4.0),
        ("levothyroxin", 4.0, 4.0),
        ("Eltroxin", 4.0, 4.0),
        ("jern", 2.0, 2.0),
        ("ferrous fumarate", 2.0, 2.0),
        ("dolutegravir", 2.0, 6.0),
        ("Triumeq", 2.0, 6.0),
        ("Dovato", 2.0, 6.0),
        ("Juluca", 4.0, 6.0),
        ("Biktarvy", 2.0, 6.0),
        ("eltrombopag", 4.0, 4.0),
        ("penicillamin", 2.0, 2.0),
        ("gabapentin", 2.0, 2.0),  # 0 h side: krampe_convention_spacing_other_side
        ("digoxin", 2.0, 2.0),
        ("rosuvastatin", 2.0, 2.0),  # 0 h side: krampe_convention_spacing_other_side
        ("klorokin", 4.0, 4.0),  # mcelnay1982_chloroquine_antacid
        ("hydroxyklorokin", 4.0, 4.0),
        ("fexofenadin", 2.0, 2.0),
    ],
)
def test_spacing_rule_hours_match_the_checked_table(
    typed: str, before: float, after: float
) -> None:
    rule = rule_for(typed)
    assert rule["action"] == "space"
    assert (rule["med_before_mg_h"], rule["med_after_mg_h"]) == (before, after)


@pytest.mark.parametrize(
    ("typed", "before"),
    [("alendronat", 0.5), ("Fosamax", 0.5), ("risedronat", 0.5), ("ibandronat", 1.0)],
)
def test_bisphosphonates_come_first_and_magnesium_waits(typed: str, before: float) -> None:
    rule = rule_for(typed)
    assert rule["action"] == "space"
    assert rule["med_before_mg_h"] == before
    # The bisphosphonate is taken fasting: magnesium must also stay away beforehand.
    assert rule["med_after_mg_h"] >= 2.0


@pytest.mark.parametrize("typed", ["raltegravir", "Isentress", "natriumpolystyrensulfonat"])
def test_avoid_combinations_send_the_person_to_a_doctor(typed: str) -> None:
    assert rule_for(typed)["action"] == "avoid"
    assert by_name(typed)["consult"] == "avoid_combination"


@pytest.mark.parametrize(
    "typed",
    [
        "mycophenolat",
        "klorokin",
        "hydroxyklorokin",
        "itraconazol",
        "ketoconazol",
        "nitrofurantoin",
        "litium",
        "fenytoin",
    ],
)
def test_generic_antacid_group_keeps_at_least_two_hours(typed: str) -> None:
    rule = rule_for(typed)
    assert rule["action"] == "space"
    assert rule["med_before_mg_h"] >= 2.0
    assert rule["med_after_mg_h"] >= 2.0


def test_class_rules_cover_the_whole_atc_group() -> None:
    # Tetracyclines and oral iron are class rules, so a substance added later is covered.
    assert any("J01AA" in r["atc"] for r in RULES)
    assert any("B03AA" in r["atc"] for r in RULES)
    assert rule_for("lymecyclin")["id"] == rule_for("doxycycline")["id"]


def test_no_proton_pump_inhibitor_has_a_spacing_rule() -> None:
    ppis = [m for m in MEDICINES if m["class"] == "proton_pump_inhibitor"]
    assert {by_name(n)["id"] for n in ("omeprazol", "Nexium", "pantoprazol", "Lanzo")} <= {
        m["id"] for m in ppis
    }
    for m in ppis:
        assert m["atc"].startswith("A02BC")
        assert rules_for(m["atc"]) == [], m["id"]
        assert m["deficiency_risk"] is True
        assert m["consult"] == "deficiency_risk_medicine"


def test_zinc_resolves_but_has_no_hard_rule() -> None:
    zinc = by_name("zink")
    assert zinc["atc"].startswith("A12CB")
    assert rules_for(zinc["atc"]) == []


def test_beta_blockers_are_not_flagged_as_provoking_cramps() -> None:
    names = ["metoprolol", "Selo-Zok", "bisoprolol", "propranolol", "atenolol", "carvedilol"]
    for typed in names:
        m = by_name(typed)
        assert m["class"] == "beta_blocker"
        assert m["provokes_cramps"] is False, typed
    assert all(not m["provokes_cramps"] for m in MEDICINES if m["class"] == "beta_blocker")


@pytest.mark.parametrize(
    "typed",
    [
        "bendroflumethiazid",
        "Bendroza",
        "Centyl med kaliumklorid",
        "Centyl mite med kaliumklorid",
        "hydrochlorthiazid",
        "indapamid",
        "chlortalidon",
        "Furix",
        "Burinex",
        "Spiron",
        "amilorid",
        "eplerenon",
        "simvastatin",
        "atorvastatin",
        "Crestor",
        "pravastatin",
        "salmeterol",
        "formoterol",
        "salmeterol/fluticason",
        "Symbicort",
        "Ventoline",
        "albuterol",
        "nifedipin",
        "konjugerede østrogener",
        "raloxifen",
        "Venofer",
        "naproxen",
        "teriparatid",
    ],
)
def test_medicines_that_can_provoke_cramps_are_flagged(typed: str) -> None:
    assert by_name(typed)["provokes_cramps"] is True


@pytest.mark.parametrize(
    "typed", ["furosemid", "bumetanid", "bendroflumethiazid", "hydrochlorthiazid", "indapamid"]
)
def test_thiazide_and_loop_diuretics_are_a_deficiency_risk(typed: str) -> None:
    m = by_name(typed)
    assert m["deficiency_risk"] is True
    assert m["consult"] == "deficiency_risk_medicine"


def test_digoxin_asks_for_a_doctor_first() -> None:
    assert by_name("digoxin")["consult"] == "digoxin"


def test_consult_codes_are_known() -> None:
    assert {m["consult"] for m in MEDICINES} <= CONSULT_CODES


@pytest.mark.parametrize(
    ("typed", "atc"),
    [
        ("levothyroxin", "H03AA01"),
        ("Euthyrox", "H03AA01"),
        ("alendronat", "M05BA04"),
        ("omeprazol", "A02BC01"),
        ("Losec", "A02BC01"),
        ("furosemid", "C03CA01"),
        ("ferrosulfat", "B03AA07"),
        ("paracetamol", "N02BE01"),
        ("Panodil", "N02BE01"),
        ("Hjertemagnyl", "B01AC06"),
        ("Magnyl", "N02BA01"),
        ("Marevan", "B01AA03"),
        ("kinin", "P01BC01"),
    ],
)
def test_danish_spellings_and_brands_resolve(typed: str, atc: str) -> None:
    assert by_name(typed)["atc"] == atc


def test_rules_are_complete_and_bilingual() -> None:
    for r in RULES:
        assert r["action"] in {"space", "avoid"}
        assert r["note_da"].strip() and r["note_en"].strip(), r["id"]
        assert r["sources"], r["id"]
        before, after = r["med_before_mg_h"], r["med_after_mg_h"]
        assert before >= 0 and after >= 0, r["id"]
        if r["action"] == "space":
            assert before > 0 or after > 0, r["id"]


def test_medicines_cite_the_sources_of_their_rule() -> None:
    for m in MEDICINES:
        for rule in rules_for(m["atc"]):  # a combination's own code (its components cite theirs)
            assert set(m["sources"]) & set(rule["sources"]), (m["id"], rule["id"])


def test_every_source_id_exists() -> None:
    known: set[str] = set()
    for path in sorted((DATA / "sources").glob("*.toml")):
        with path.open("rb") as fh:
            ids = [s["id"] for s in tomllib.load(fh).get("source", [])]
        assert not known & set(ids), f"duplicate source ids in {path.name}"
        known.update(ids)
    used = {sid for e in (*MEDICINES, *RULES) for sid in e["sources"]}
    used |= {b["source"] for m in MEDICINES for b in m["brand_info"] if b["source"]}
    assert used - known == set()


def test_own_sources_are_identifiable() -> None:
    with (DATA / "sources" / "medicines.toml").open("rb") as fh:
        sources = tomllib.load(fh)["source"]
    for s in sources:
        assert s["title"] and s["publisher"] and s["year"], s["id"]
        assert s.get("url") or s.get("doi") or s.get("pmid"), s["id"]
        assert s["kind"] in {
            "guideline",
            "review",
            "trial",
            "label",
            "database",
            "article",
            "convention",
        }


def test_every_spacing_rule_has_a_gap_on_both_sides() -> None:
    # A label that gives one order only gets the other order by a cited convention
    # (krampe_convention_spacing_other_side); a 0-hour side would allow both at once.
    for rule in RULES:
        if rule["action"] == "space":
            assert rule["med_before_mg_h"] > 0 and rule["med_after_mg_h"] > 0, rule["id"]


@pytest.mark.parametrize(
    ("atc", "rule_id", "before", "after", "source"),
    [
        ("J05AR18", "elvitegravir", 4.0, 4.0, "dhhs_insti_interactions"),  # Genvoya
        ("J05AR09", "elvitegravir", 4.0, 4.0, "dhhs_insti_interactions"),  # Stribild
        ("J05AG05", "rilpivirine", 4.0, 2.0, "va_hiv_gerd_arv_interactions"),
        ("J05AJ04", "cabotegravir", 4.0, 4.0, "cabotegravir_oral_lead_in_interactions"),
        ("M05BB03", "alendronate", 0.5, 6.0, "fosamax_label_us"),  # Fosavance, its component
        ("B03AD03", "oral_iron", 2.0, 2.0, "ferrous_sulfate_smpc"),  # iron + folic acid
        ("B03AE10", "oral_iron", 2.0, 2.0, "ferrous_sulfate_smpc"),  # iron + vitamins
        ("V03AE09", "patiromer", 3.0, 3.0, "smpc_veltassa"),
        ("P01BA02", "chloroquines", 4.0, 4.0, "mcelnay1982_chloroquine_antacid"),
    ],
)
def test_rules_the_audit_found_missing(
    atc: str, rule_id: str, before: float, after: float, source: str
) -> None:
    (rule,) = catalogue.rules_for_code(atc)
    assert (rule.id, rule.med_before_mg_h, rule.med_after_mg_h) == (rule_id, before, after)
    assert source in rule.sources


def test_baloxavir_is_not_combined_with_magnesium() -> None:
    (rule,) = loaders.rule_for_atc("J05AX25")
    assert rule.action == "avoid" and "medscape_xofluza" in rule.sources


def test_intravenous_zoledronic_acid_has_no_spacing_rule() -> None:
    assert loaders.rule_for_atc("M05BA08") == ()


@pytest.mark.parametrize("atc", ["H03AA02", "P01BC01"])  # liothyronine, quinine
def test_known_medicines_whose_spacing_no_read_source_gives_are_marked_not_checked(
    atc: str,
) -> None:
    # The audit names both (liothyronine; quinine with Mg/Al antacids), but no product
    # information giving a spacing was read: no rule, and never counted as checked.
    entry = catalogue.by_atc()[atc]
    assert catalogue.spacing_not_checked(entry) and catalogue.rules_for(entry) == ()
    assert catalogue.matters_for_magnesium(entry)


def test_levothyroxine_is_checked() -> None:
    entry = catalogue.by_atc()["H03AA01"]
    assert not catalogue.spacing_not_checked(entry) and catalogue.rules_for(entry)
