"""Clinical vignettes written from the checked clinical facts.

Each case is one person's story: the profile, the ``self_trial`` it must give,
finding codes that must be there and codes that must not (false alarms and
the article's errors: beta blockers do not provoke cramps, PPIs need no
spacing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from krampe.domain.screening import parse_profile, screen


@dataclass(frozen=True)
class Vignette:
    story: str
    profile: dict[str, Any]
    self_trial: str
    codes: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    no_findings: bool = False
    kinds: dict[str, str] = field(default_factory=dict)  # code -> expected kind


def p(age: int = 50, sex: str = "female", **kw: Any) -> dict[str, Any]:
    return {"age": age, "sex": sex, **kw}


VIGNETTES = [
    # --- Ordinary people: no false alarms ---------------------------------------
    Vignette("healthy 40-year-old man, no medicines", p(40, "male"), "ok", no_findings=True),
    Vignette(
        "healthy 35-year-old woman counting 3 cramps a week",
        p(35, "female", cramps_per_week=3),
        "ok",
        no_findings=True,
    ),
    Vignette(
        "60-year-old on paracetamol and the beta blocker Selo-Zok (beta blockers do not provoke)",
        p(60, "male", medicines=["Panodil", "Selo-Zok"], cramps_per_week=5),
        "ok",
        no_findings=True,
    ),
    Vignette(
        "55-year-old on bisoprolol and atenolol only",
        p(55, "male", medicines=["bisoprolol", "atenolol"]),
        "ok",
        absent=("beta_blocker",),
        no_findings=True,
    ),
    Vignette(
        "65-year-old on Hjertemagnyl and Magnyl: aspirin has no magnesium rule",
        p(65, "male", medicines=["Hjertemagnyl", "Magnyl"]),
        "ok",
        no_findings=True,
    ),
    Vignette(
        "healthy 75-year-old: older age is information only",
        p(75, "female"),
        "ok",
        codes=("older_age",),
        kinds={"older_age": "deficiency_risk"},
    ),
    Vignette(
        "type 2 diabetes on metformin: a deficiency risk to mention, not a reason to wait",
        p(58, "male", conditions=["diabetes"], medicines=["metformin"]),
        "ok",
        codes=("diabetes",),
    ),
    Vignette(
        "breastfeeding mother, otherwise healthy",
        p(31, "female", breastfeeding=True),
        "ok",
        codes=("breastfeeding",),
        kinds={"breastfeeding": "info"},
    ),
    Vignette(
        "eGFR exactly 60 is not below 60",
        p(70, "female", egfr=60),
        "ok",
        absent=("low_egfr", "kidney"),
    ),
    # --- Red flags -----------------------------------------------------------------
    Vignette(
        "swollen, red, warm calf: possible blood clot",
        p(62, "female", symptoms=["leg_swelling_redness_warmth"]),
        "urgent",
        codes=("possible_dvt",),
        kinds={"possible_dvt": "red_flag"},
    ),
    Vignette(
        "cold, pale foot at night",
        p(78, "male", symptoms=["cold_pale_foot"]),
        "urgent",
        codes=("acute_arterial",),
    ),
    Vignette(
        "smoker with calf pain on walking that eases at rest",
        p(66, "male", symptoms=["calf_pain_walking"]),
        "see_doctor_first",
        codes=("claudication",),
    ),
    Vignette(
        "numbness and tingling in the feet",
        p(59, "female", symptoms=["numbness_tingling"]),
        "see_doctor_first",
        codes=("neurological_signs",),
        absent=("excess_signs",),
    ),
    Vignette(
        "balance problems with the cramps",
        p(71, "male", symptoms=["balance_problems"]),
        "see_doctor_first",
        codes=("neurological_signs",),
    ),
    Vignette(
        "thin calves and visible twitching",
        p(57, "male", symptoms=["muscle_wasting_or_twitching"]),
        "see_doctor_first",
        codes=("muscle_wasting_fasciculations",),
    ),
    Vignette(
        "unexplained weight loss",
        p(68, "female", symptoms=["weight_loss"]),
        "see_doctor_first",
        codes=("systemic_signs",),
    ),
    Vignette(
        "fever and leg pain that does not go away",
        p(45, "male", symptoms=["fever", "persistent_pain"]),
        "see_doctor_first",
        codes=("systemic_signs",),
    ),
    Vignette(
        "cramps waking her several times a night",
        p(52, "female", symptoms=["cramps_several_per_night"], cramps_per_week=20),
        "see_doctor_first",
        codes=("cramps_escalating",),
    ),
    Vignette(
        "cramps getting worse and spreading to the thighs and hands",
        p(49, "male", symptoms=["cramps_worsening", "cramps_spreading"]),
        "see_doctor_first",
        codes=("cramps_escalating",),
    ),
    Vignette(
        "cramps started after a new statin",
        p(63, "male", symptoms=["started_after_new_medicine"], medicines=["simvastatin"]),
        "see_doctor_first",
        codes=("new_medicine", "statin"),
        kinds={"statin": "provoking_medicine"},
    ),
    Vignette(
        "thyroid disease treated with Eltroxin",
        p(61, "female", conditions=["thyroid_disease"], medicines=["Eltroxin"]),
        "see_doctor_first",
        codes=("underlying_disease", "levothyroxine"),
    ),
    Vignette(
        "liver cirrhosis",
        p(64, "male", conditions=["cirrhosis"]),
        "see_doctor_first",
        codes=("underlying_disease", "cirrhosis"),
    ),
    Vignette(
        "blood clot signs outrank everything else: urgent even with kidney disease",
        p(74, "female", egfr=28, symptoms=["leg_swelling_redness_warmth", "fever"]),
        "urgent",
        codes=("possible_dvt", "systemic_signs", "severe_kidney"),
    ),
    # --- Kidney, heart, pregnancy ------------------------------------------------
    Vignette(
        "eGFR 45 from a routine blood test",
        p(76, "female", egfr=45),
        "see_doctor_first",
        codes=("low_egfr",),
        kinds={"low_egfr": "consult_before_supplement"},
    ),
    Vignette(
        "known kidney disease, eGFR not known",
        p(66, "male", kidney_disease=True),
        "see_doctor_first",
        codes=("kidney",),
    ),
    Vignette(
        "on haemodialysis",
        p(59, "male", conditions=["dialysis"], egfr=8, kidney_disease=True),
        "see_doctor_first",
        codes=("dialysis", "underlying_disease", "severe_kidney", "kidney"),
    ),
    Vignette(
        "heart failure",
        p(72, "male", heart_disease=True),
        "see_doctor_first",
        codes=("heart_disease",),
    ),
    Vignette(
        "pregnant in week 24 with calf cramps, otherwise well",
        p(29, "female", pregnant_weeks=24, cramps_per_week=4),
        "ok_with_precautions",
        codes=("pregnancy",),
        absent=("preeclampsia",),
        kinds={"pregnancy": "info"},
    ),
    Vignette(
        "pregnant in week 34 with pre-eclampsia",
        p(33, "female", pregnant_weeks=34, preeclampsia=True),
        "see_doctor_first",
        codes=("preeclampsia", "pregnancy"),
    ),
    # --- Medicines with spacing rules -------------------------------------------
    Vignette(
        "urinary infection treated with Ciproxin",
        p(44, "female", medicines=["Ciproxin"]),
        "ok_with_precautions",
        codes=("ciprofloxacin",),
        kinds={"ciprofloxacin": "interaction"},
    ),
    Vignette(
        "pneumonia treated with moxifloxacin",
        p(58, "male", medicines=["moxifloxacin"]),
        "ok_with_precautions",
        codes=("moxifloxacin",),
    ),
    Vignette(
        "acne treated with lymecycline",
        p(19, "male", medicines=["lymecyclin"]),
        "ok_with_precautions",
        codes=("tetracyclines",),
    ),
    Vignette(
        "osteoporosis: weekly Fosamax",
        p(71, "female", medicines=["Fosamax"]),
        "ok_with_precautions",
        codes=("alendronate",),
    ),
    Vignette(
        "osteoporosis: monthly Bonviva",
        p(69, "female", medicines=["Bonviva"]),
        "ok_with_precautions",
        codes=("ibandronate",),
    ),
    Vignette(
        "iron tablets for anaemia",
        p(38, "female", medicines=["jerntabletter"]),
        "ok_with_precautions",
        codes=("oral_iron",),
    ),
    Vignette(
        "HIV treated with Triumeq",
        p(47, "male", medicines=["Triumeq"]),
        "ok_with_precautions",
        codes=("dolutegravir",),
    ),
    Vignette(
        "HIV treated with Juluca",
        p(51, "male", medicines=["Juluca"]),
        "ok_with_precautions",
        codes=("dolutegravir_rilpivirine",),
    ),
    Vignette(
        "HIV treated with Isentress (raltegravir): do not combine",
        p(43, "male", medicines=["Isentress"]),
        "see_doctor_first",
        codes=("avoid_combination",),
        kinds={"avoid_combination": "consult_before_supplement"},
    ),
    Vignette(
        "atrial fibrillation on digoxin",
        p(80, "female", medicines=["digoxin"]),
        "see_doctor_first",
        codes=("digoxin",),
    ),
    Vignette(
        "nerve pain on gabapentin",
        p(54, "female", medicines=["gabapentin"]),
        "ok_with_precautions",
        codes=("gabapentin",),
    ),
    Vignette(
        "high cholesterol on Crestor: spacing and a cramp-provoking statin",
        p(62, "male", medicines=["Crestor"]),
        "ok_with_precautions",
        codes=("rosuvastatin", "statin"),
    ),
    Vignette(
        "hay fever on fexofenadine",
        p(28, "female", medicines=["fexofenadin"]),
        "ok_with_precautions",
        codes=("fexofenadine",),
    ),
    Vignette(
        "bipolar disorder on litium",
        p(46, "female", medicines=["litium"]),
        "ok_with_precautions",
        codes=("generic_antacid_advice",),
    ),
    Vignette(
        "low platelets on Revolade",
        p(57, "female", medicines=["Revolade"]),
        "ok_with_precautions",
        codes=("eltrombopag",),
    ),
    # --- Cramp-provoking medicines and deficiency risks ----------------------------
    Vignette(
        "heartburn on Losec for two years: deficiency risk, no spacing rule",
        p(67, "female", medicines=["Losec"]),
        "ok_with_precautions",
        codes=("long_term_ppi",),
        kinds={"long_term_ppi": "deficiency_risk"},
    ),
    Vignette(
        "heart failure on Furix: consult for the heart, diuretic provokes cramps and lowers Mg",
        p(79, "male", heart_disease=True, medicines=["Furix"]),
        "see_doctor_first",
        codes=("heart_disease", "loop_diuretic", "diuretics"),
    ),
    Vignette(
        "blood pressure on bendroflumethiazide (thiazide)",
        p(64, "female", medicines=["bendroflumethiazid"]),
        "ok_with_precautions",
        codes=("thiazide_diuretic", "diuretics"),
    ),
    Vignette(
        "spironolacton provokes cramps but does not lower magnesium",
        p(70, "male", medicines=["spironolacton"]),
        "ok_with_precautions",
        codes=("potassium_sparing_diuretic",),
        absent=("diuretics",),
    ),
    Vignette(
        "COPD on Symbicort and Ventoline",
        p(68, "female", medicines=["Symbicort", "Ventoline"]),
        "ok_with_precautions",
        codes=("laba", "saba"),  # the combination brings its LABA component's flag
    ),
    Vignette(
        "coeliac disease",
        p(36, "female", conditions=["celiac"]),
        "ok_with_precautions",
        codes=("gut_malabsorption",),
    ),
    Vignette(
        "gastric bypass and Losec",
        p(48, "female", conditions=["bariatric_surgery"], medicines=["Losec"]),
        "ok_with_precautions",
        codes=("gut_malabsorption", "long_term_ppi"),
    ),
    # --- Taking magnesium already ---------------------------------------------------
    Vignette(
        "on magnesium with nausea and drowsiness: stop and contact a doctor today",
        p(73, "female", takes_magnesium=True, symptoms=["nausea", "drowsiness"]),
        "urgent",
        codes=("excess_signs",),
        absent=("appetite_nausea_fatigue",),
    ),
    Vignette(
        "on magnesium with palpitations",
        p(66, "male", takes_magnesium=True, symptoms=["palpitations"]),
        "urgent",
        codes=("excess_signs",),
        absent=("irregular_heartbeat",),
    ),
    Vignette(
        "on magnesium with loose stools: split or lower the dose",
        p(52, "female", takes_magnesium=True, symptoms=["diarrhea"]),
        "ok_with_precautions",
        codes=("diarrhea",),
        absent=("excess_signs",),
    ),
    Vignette(
        "not on magnesium, palpitations: a possible sign of low magnesium",
        p(60, "female", symptoms=["palpitations"]),
        "ok_with_precautions",
        codes=("irregular_heartbeat",),
        absent=("excess_signs",),
    ),
    # --- Names typed by people ------------------------------------------------------
    Vignette(
        "typo in the thyroid pill: eltroxn",
        p(55, "female", medicines=["eltroxn"]),
        "ok_with_precautions",
        codes=("levothyroxine",),
    ),
    Vignette(
        "without Danish letters: konjugerede oestrogener",
        p(56, "female", medicines=["konjugerede oestrogener"]),
        "ok_with_precautions",
        codes=("oestrogen",),
    ),
    Vignette(
        "a name Krampe does not know",
        p(50, "male", medicines=["xyzzyq"]),
        "ok_with_precautions",
        codes=("unknown_medicine",),
    ),
    # --- Issue 12: ages (krampe_convention_age_bands; scf2001_magnesium: no UL below 4) --
    Vignette(
        "a baby of 0: no plan, see a doctor",
        p(0, "female"),
        "see_doctor_first",
        codes=("young_child",),
        absent=("child",),
    ),
    Vignette(
        "a toddler of 2: no plan, see a doctor",
        p(2, "male"),
        "see_doctor_first",
        codes=("young_child",),
    ),
    Vignette(
        "a child of 3: still no plan", p(3, "female"), "see_doctor_first", codes=("young_child",)
    ),
    Vignette(
        "a child of 4: a doctor first",
        p(4, "male"),
        "see_doctor_first",
        codes=("child",),
        absent=("young_child",),
    ),
    Vignette(
        "a 12-year-old: a doctor first", p(12, "female"), "see_doctor_first", codes=("child",)
    ),
    Vignette("a 17-year-old: a doctor first", p(17, "male"), "see_doctor_first", codes=("child",)),
    Vignette("an 18-year-old is an adult", p(18, "female"), "ok", no_findings=True),
    Vignette(
        "85 with no eGFR: ask for a recent eGFR first",
        p(85, "female"),
        "see_doctor_first",
        codes=("egfr_unknown_older", "older_age"),
    ),
    Vignette(
        "95 with a normal eGFR",
        p(95, "male", egfr=70),
        "ok",
        codes=("older_age",),
        absent=("egfr_unknown_older",),
    ),
    Vignette("84 with no eGFR", p(84, "female"), "ok", absent=("egfr_unknown_older",)),
    # --- Issue 12: quinine, statins, thyroid, kidneys ---------------------------------
    Vignette(
        "on quinine for cramps (fda_dsc_2010_qualaquin)",
        p(70, "female", medicines=["kinin"]),
        "ok_with_precautions",
        codes=("quinine",),
        kinds={"quinine": "info"},
    ),
    Vignette(
        "quinine typed as its ATC code",
        p(70, "male", medicines=["P01BC01"]),
        "ok_with_precautions",
        codes=("quinine",),
    ),
    Vignette(
        "a statin and dark urine: contact a doctor today (mayo_statin_rhabdomyolysis)",
        p(64, "male", medicines=["simvastatin"], symptoms=["dark_urine"]),
        "urgent",
        codes=("statin_muscle",),
    ),
    Vignette(
        "a statin and muscle weakness",
        p(64, "female", medicines=["Crestor"], symptoms=["muscle_weakness"]),
        "urgent",
        codes=("statin_muscle", "neurological_signs"),
    ),
    Vignette(
        "dark urine without a statin is not the statin finding",
        p(64, "female", symptoms=["dark_urine"]),
        "ok",
        absent=("statin_muscle",),
    ),
    Vignette(
        "treated hypothyroidism on Eltroxin is not an alarm",
        p(62, "female", medicines=["Eltroxin"], conditions=["thyroid_disease_treated"]),
        "ok_with_precautions",
        codes=("levothyroxine",),
        absent=("underlying_disease",),
    ),
    Vignette(
        "new or suspected thyroid disease: see a doctor",
        p(62, "female", conditions=["thyroid_disease"]),
        "see_doctor_first",
        codes=("underlying_disease",),
    ),
    Vignette(
        "eGFR 25: not without the kidney doctor (magnesia_medic_dk)",
        p(80, "male", egfr=25),
        "see_doctor_first",
        codes=("severe_kidney",),
        absent=("low_egfr",),
    ),
    Vignette(
        "eGFR 30 is reduced, not severe",
        p(80, "male", egfr=30),
        "see_doctor_first",
        codes=("low_egfr",),
        absent=("severe_kidney",),
    ),
    Vignette(
        "Genvoya: 4 hours (dhhs_insti_interactions)",
        p(45, "male", medicines=["Genvoya"]),
        "ok_with_precautions",
        codes=("elvitegravir",),
    ),
    Vignette(
        "Xofluza: not together with magnesium",
        p(45, "female", medicines=["Xofluza"]),
        "see_doctor_first",
        codes=("avoid_combination",),
    ),
    Vignette(
        "Bricanyl can provoke cramps (bricanyl_fachinfo_ch)",
        p(45, "female", medicines=["Bricanyl"]),
        "ok_with_precautions",
        codes=("saba",),
    ),
    Vignette(
        "Aricept can provoke cramps (donepezil_smpc_it)",
        p(80, "female", egfr=65, medicines=["Aricept"]),
        "ok_with_precautions",
        codes=("cholinesterase_inhibitor",),
    ),
    Vignette(
        "liothyronine: known, but its spacing from magnesium was not checked",
        p(55, "female", medicines=["liothyronin"]),
        "ok_with_precautions",
        codes=("spacing_not_checked",),
        kinds={"spacing_not_checked": "info"},
    ),
    Vignette(
        "quinine: advised against, and its spacing not checked",
        p(70, "male", medicines=["kinin"]),
        "ok_with_precautions",
        codes=("quinine", "spacing_not_checked"),
    ),
    Vignette(
        "levothyroxine has a rule, so it is checked",
        p(55, "female", medicines=["Eltroxin"]),
        "ok_with_precautions",
        codes=("levothyroxine",),
        absent=("spacing_not_checked",),
    ),
    Vignette(
        "a fragment that fits two medicines",
        p(50, "female", medicines=["levo"]),
        "ok_with_precautions",
        codes=("ambiguous_medicine",),
        absent=("levothyroxine", "levofloxacin"),
    ),
]


@pytest.mark.parametrize("case", VIGNETTES, ids=[v.story for v in VIGNETTES])
def test_vignette(case: Vignette) -> None:
    result = screen(parse_profile(case.profile), "en")
    codes = result.codes
    assert result.self_trial == case.self_trial, [f.to_dict() for f in result.findings]
    for code in case.codes:
        assert code in codes, f"{code} missing from {codes}"
    for code in case.absent:
        assert code not in codes, f"{code} should not be in {codes}"
    if case.no_findings:
        assert result.findings == ()
    by_code = {f.code: f for f in result.findings}
    for code, kind in case.kinds.items():
        assert by_code[code].kind == kind


def test_there_are_at_least_forty_distinct_vignettes() -> None:
    assert len({v.story for v in VIGNETTES}) == len(VIGNETTES) >= 40
    profiles = {repr(sorted(v.profile.items())) for v in VIGNETTES}
    assert len(profiles) == len(VIGNETTES)


def test_every_red_flag_code_has_a_vignette() -> None:
    from krampe.knowledge import loaders

    covered = {code for v in VIGNETTES for code in v.codes}
    assert {flag.code for flag in loaders.red_flags()} <= covered


def test_two_unknown_medicines_are_two_findings_each_with_its_candidates() -> None:
    result = screen(parse_profile(p(60, medicines=["Blabbermix", "Zorbatrix", "levo"])), "en")
    unknown = [f for f in result.findings if f.kind == "unknown_medicine"]
    assert [f.triggers for f in unknown] == [("Blabbermix",), ("Zorbatrix",), ("levo",)]
    assert [f.title for f in unknown][:2] == [
        "Unknown medicine: Blabbermix",
        "Unknown medicine: Zorbatrix",
    ]
    assert unknown[2].candidates and all(c in unknown[2].advice for c in unknown[2].candidates)
    assert result.unchecked_medicines == ("Blabbermix", "Zorbatrix", "levo")


def test_a_medicine_whose_spacing_was_not_checked_counts_in_the_headline() -> None:
    result = screen(parse_profile(p(60, medicines=["liothyronin", "Blabbermix"])), "en")
    assert result.unchecked_medicines == ("liothyronin", "Blabbermix")
