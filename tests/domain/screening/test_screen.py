"""Behaviour of ``screen`` beyond single stories: order, language, rules, monotonicity."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from krampe.domain.screening import (
    SELF_TRIAL_ORDER,
    Finding,
    parse_profile,
    screen,
)
from krampe.knowledge import loaders


def run(lang: str = "en", **kw: Any) -> Any:
    return screen(parse_profile({"age": 50, "sex": "female", **kw}), lang)


def test_red_flags_come_first_urgent_before_soon() -> None:
    result = run(
        medicines=["Ciproxin", "Losec", "Isentress"],
        symptoms=["fever", "cold_pale_foot", "leg_swelling_redness_warmth"],
        egfr=40,
    )
    kinds = [f.kind for f in result.findings]
    assert kinds[:3] == ["red_flag"] * 3
    assert [f.severity for f in result.findings[:3]] == ["urgent", "urgent", "soon"]
    assert kinds.index("consult_before_supplement") < kinds.index("interaction")
    assert kinds.index("interaction") < kinds.index("deficiency_risk")


def test_texts_follow_the_language() -> None:
    flag = next(f for f in loaders.red_flags() if f.code == "possible_dvt")
    da = run("da", symptoms=["leg_swelling_redness_warmth"]).findings[0]
    en = run("en", symptoms=["leg_swelling_redness_warmth"]).findings[0]
    # An urgent flag's advice ends with the Danish way to get help (regionh_fakta_om_1813).
    assert da.title == flag.title.da and da.advice.startswith(flag.advice.da)
    assert en.title == flag.title.en and en.advice.startswith(flag.advice.en)
    assert "1813" in da.advice and "112" in en.advice
    assert "regionh_fakta_om_1813" in da.sources
    assert run().findings == () and screen(parse_profile({"age": 41, "sex": "male"})).lang == "da"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="lang"):
        run("fr")


def test_triggers_are_what_the_person_typed() -> None:
    result = run(medicines=["eltroxn", "ELTROXIN 50 mikrog"])
    finding = next(f for f in result.findings if f.code == "levothyroxine")
    assert finding.triggers == ("eltroxn", "ELTROXIN 50 mikrog")
    assert finding.atc == "H03AA01"
    assert '"eltroxn"' in finding.advice  # the fuzzy reading is shown


@pytest.mark.parametrize(
    ("medicine", "before", "after", "title_en", "title_da"),
    [
        (
            "Ciproxin",
            2,
            6,
            "at least 2 hours before magnesium or at least 6 hours after",
            "6 timer",
        ),
        ("moxifloxacin", 4, 8, "at least 4 hours before magnesium or at least 8 hours", "8 timer"),
        ("Fosamax", 0.5, 6, "at least 30 minutes before magnesium", "30 minutter"),
        ("Bonviva", 1, 6, "at least 1 hour before magnesium", "1 time"),
        # One-sided labels: the other side by krampe_convention_spacing_other_side.
        ("gabapentin", 2, 2, "at least 2 hours before magnesium or at least 2 hours", "2 timer"),
        ("Crestor", 2, 2, "at least 2 hours before magnesium or at least 2 hours", "2 timer"),
    ],
)
def test_interaction_titles_carry_the_rule_hours(
    medicine: str, before: float, after: float, title_en: str, title_da: str
) -> None:
    en = next(f for f in run("en", medicines=[medicine]).findings if f.kind == "interaction")
    da = next(f for f in run("da", medicines=[medicine]).findings if f.kind == "interaction")
    assert (en.med_before_mg_h, en.med_after_mg_h) == (before, after)
    assert title_en in en.title and title_da in da.title
    assert en.severity == "caution" and en.atc and en.sources


def _medicine_for(atc_prefixes: tuple[str, ...]) -> str:
    for medicine in loaders.medicines():
        if any(medicine.atc.startswith(p) for p in atc_prefixes):
            return medicine.brands[0] if medicine.brands else medicine.names[0]
    raise AssertionError(f"no medicine for {atc_prefixes}")


@pytest.mark.parametrize("rule", loaders.interaction_rules(), ids=lambda r: r.id)
def test_every_interaction_rule_reaches_the_person(rule: Any) -> None:
    name = _medicine_for(rule.atc)
    result = run(medicines=[name])
    if rule.action == "avoid":
        finding = next(f for f in result.findings if f.code == "avoid_combination")
        assert result.self_trial == "see_doctor_first"
        assert rule.note.en in finding.advice
    else:
        finding = next(f for f in result.findings if f.kind == "interaction" and f.code == rule.id)
        assert finding.severity == "caution"
        assert result.self_trial in ("ok_with_precautions", "see_doctor_first")
    assert finding.triggers == (name,)
    assert set(rule.sources) <= set(finding.sources)


def test_ppis_have_no_spacing_and_beta_blockers_do_not_provoke() -> None:
    for ppi in [m for m in loaders.medicines() if m.drug_class == "proton_pump_inhibitor"]:
        kinds = {f.kind for f in run(medicines=[ppi.names[0]]).findings}
        assert kinds == {"deficiency_risk"}, ppi.id
    for beta in [m for m in loaders.medicines() if m.drug_class == "beta_blocker"]:
        assert run(medicines=[beta.names[0]]).findings == (), beta.id


def test_an_atc_code_not_in_the_list_still_gets_its_class_rule() -> None:
    # B03AA01 (ferrous glycine sulfate) is not listed, but oral iron B03AA is a rule.
    result = run(medicines=["B03AA01"])
    assert {f.code for f in result.findings} == {"oral_iron", "unknown_medicine"}


def test_every_clinical_finding_names_known_sources() -> None:
    known = set(loaders.sources())
    result = run(
        age=75,
        medicines=["Furix", "digoxin", "Losec", "Isentress", "Crestor"],
        conditions=[c.code for c in loaders.conditions()],
        symptoms=[s.code for s in loaders.symptoms()],
        egfr=30,
        kidney_disease=True,
        heart_disease=True,
        preeclampsia=True,
        pregnant_weeks=30,
        breastfeeding=True,
        takes_magnesium=True,
    )
    assert result.self_trial == "urgent"
    for finding in result.findings:
        assert finding.sources, finding.code
        assert set(finding.sources) <= known, finding.code
        assert finding.title and finding.advice


def test_to_dict_is_the_json_contract() -> None:
    data = run(medicines=["Ciproxin", "xyzzyq"]).to_dict()
    assert data["self_trial"] == "ok_with_precautions"
    for finding in data["findings"]:
        assert {"kind", "code", "severity", "triggers", "atc", "title", "advice", "sources"} <= set(
            finding
        )
    interaction = next(f for f in data["findings"] if f["kind"] == "interaction")
    assert interaction["med_after_mg_h"] == 6.0
    assert data["medicines"][1] == {"query": "xyzzyq", "resolved": None, "candidates": []}


def test_a_finding_refuses_unknown_kinds_and_severities() -> None:
    with pytest.raises(ValueError):
        Finding("warning", "x", "info", (), None, "t", "a", ())
    with pytest.raises(ValueError):
        Finding("info", "x", "high", (), None, "t", "a", ())


# --- Property: a red-flag symptom never makes the summary milder -------------------

RED_FLAG_SYMPTOMS = sorted({s for flag in loaders.red_flags() for s in flag.symptoms})
MEDICINE_NAMES = [
    "Ciproxin",
    "Losec",
    "Furix",
    "Isentress",
    "digoxin",
    "Selo-Zok",
    "xyzzyq",
    "levo",
]

profiles = st.fixed_dictionaries(
    {
        "age": st.integers(0, 120),
        "sex": st.sampled_from(["female", "male"]),
    },
    optional={
        "egfr": st.one_of(st.none(), st.floats(0, 200, allow_nan=False)),
        "kidney_disease": st.booleans(),
        "heart_disease": st.booleans(),
        "preeclampsia": st.booleans(),
        "breastfeeding": st.booleans(),
        "takes_magnesium": st.booleans(),
        "medicines": st.lists(st.sampled_from(MEDICINE_NAMES), max_size=3),
        "conditions": st.lists(st.sampled_from([c.code for c in loaders.conditions()]), max_size=3),
        "symptoms": st.lists(st.sampled_from([s.code for s in loaders.symptoms()]), max_size=3),
    },
)


@settings(max_examples=150, deadline=None)
@given(profiles, st.sampled_from(RED_FLAG_SYMPTOMS), st.sampled_from(["da", "en"]))
def test_adding_a_red_flag_symptom_never_lowers_self_trial(
    data: dict[str, Any], symptom: str, lang: str
) -> None:
    before = screen(parse_profile(data), lang).self_trial
    more = {**data, "symptoms": [*data.get("symptoms", []), symptom]}
    after = screen(parse_profile(more), lang).self_trial
    assert SELF_TRIAL_ORDER.index(after) >= SELF_TRIAL_ORDER.index(before)
    assert SELF_TRIAL_ORDER.index(after) >= SELF_TRIAL_ORDER.index("see_doctor_first")
