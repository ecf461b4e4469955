"""The screening's own texts: both languages, same placeholders, known sources."""

from __future__ import annotations

import string

from krampe.domain.screening import parse_profile, screen
from krampe.domain.screening.texts import duration, screening_texts
from krampe.knowledge import loaders
from krampe.knowledge.models import Text


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def all_texts() -> list[tuple[str, Text]]:
    texts = screening_texts()
    out: list[tuple[str, Text]] = []
    for group in ("templates", "findings"):
        for name, template in getattr(texts, group).items():
            for part in ("title", "advice", "note"):
                value = getattr(template, part)
                if value is not None:
                    out.append((f"{group}.{name}.{part}", value))
    for group in ("duration", "report"):
        out += [(f"{group}.{k}", v) for k, v in getattr(texts, group).items()]
    return out


def test_danish_and_english_use_the_same_placeholders() -> None:
    for where, text in all_texts():
        assert placeholders(text.da) == placeholders(text.en), where
        assert text.da != text.en, where


def test_clinical_templates_name_known_sources() -> None:
    texts = screening_texts()
    known = set(loaders.sources())
    for name in ("provoking_medicine", "deficiency_sign"):
        assert texts.templates[name].sources and set(texts.templates[name].sources) <= known
    assert set(texts.findings["breastfeeding"].sources) <= known


def test_durations_read_naturally() -> None:
    assert [duration(h, "da") for h in (0.5, 1, 4)] == ["30 minutter", "1 time", "4 timer"]
    assert [duration(h, "en") for h in (0.5, 1, 2.5)] == ["30 minutes", "1 hour", "2.5 hours"]


def test_breastfeeding_note_uses_the_upper_level_from_the_data() -> None:
    result = screen(parse_profile({"age": 30, "sex": "female", "breastfeeding": True}), "en")
    (finding,) = result.findings
    assert f"{loaders.upper_level().mg_per_day:g} mg" in finding.advice


def test_excess_signs_say_stop_and_contact_a_doctor_today() -> None:
    # Source medscape_hypermagnesemia: palpitations on magnesium are urgent.
    profile = {"age": 60, "sex": "male", "takes_magnesium": True, "symptoms": ["palpitations"]}
    result = screen(parse_profile(profile), "en")
    (finding,) = result.findings
    assert (finding.kind, finding.severity, finding.triggers) == (
        "consult_before_supplement",
        "urgent",
        ("palpitations",),
    )
    assert "Stop the supplement and contact a doctor today" in finding.advice
    assert "112" in finding.advice and result.self_trial == "urgent"
    assert "medscape_hypermagnesemia" in finding.sources


def test_nausea_alone_on_magnesium_is_soon_but_urgent_with_weak_kidneys() -> None:
    base = {"age": 60, "sex": "male", "takes_magnesium": True, "symptoms": ["nausea"]}
    (alone,) = screen(parse_profile(base), "en").findings
    assert (alone.code, alone.severity) == ("excess_signs", "soon")
    weak = screen(parse_profile({**base, "egfr": 25}), "en")
    excess = next(f for f in weak.findings if f.code == "excess_signs")
    assert excess.severity == "urgent" and weak.self_trial == "urgent"
    assert "severe_kidney" in weak.codes
