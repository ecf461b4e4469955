"""Krampe's vocabulary: every code the domain, the shells and the files share.

Each vocabulary is a ``Literal`` type (so mypy catches a misspelt code) and a
tuple of its codes in reading order (for loops, choices and error messages).
What a code reads as in Danish and English is in the label catalog
(:mod:`krampe.domain.labels`); a code itself never reaches a person.

The codes are part of the file formats and the JSON contracts (diary CSV,
design JSON, ``--format json``): extend a vocabulary, never rename a code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, TypeVar, get_args

Lang = Literal["da", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)
DEFAULT_LANG: Lang = "da"

# What a trial compares: open-label magnesium, blinded magnesium against placebo,
# open-label stretching.
TrialKind = Literal["open", "blinded", "stretching"]
TRIAL_KINDS: tuple[TrialKind, ...] = get_args(TrialKind)

# What a period of a design holds.
Content = Literal["baseline", "magnesium", "placebo", "stretching"]
CONTENTS: tuple[Content, ...] = get_args(Content)

# The phase of a diary night: a period's content, or the run-in at its start.
Phase = Literal["baseline", "magnesium", "placebo", "stretching", "run_in"]
PHASES: tuple[Phase, ...] = get_args(Phase)

Comparison = Literal["magnesium_vs_placebo", "magnesium_vs_baseline", "stretching_vs_baseline"]
COMPARISONS: tuple[Comparison, ...] = get_args(Comparison)

# The two sides of a comparison.
Side = Literal["treated", "control"]
SIDES: tuple[Side, ...] = get_args(Side)

SideEffect = Literal["none", "loose_stools", "diarrhea", "nausea", "other"]
SIDE_EFFECTS: tuple[SideEffect, ...] = get_args(SideEffect)

# The blinding check: what a person guesses a period held, and how sure they are.
Guess = Literal["magnesium", "placebo", "dont_know"]
GUESSES: tuple[Guess, ...] = get_args(Guess)
Certainty = Literal["guessing", "fairly_sure", "very_sure"]
CERTAINTIES: tuple[Certainty, ...] = get_args(Certainty)

# What a check during a trial can prompt a person about (krampe.domain.trial.watch).
SafetyPromptCode = Literal["cramps_rising", "diarrhea_streak", "red_flag_note"]
SAFETY_PROMPTS: tuple[SafetyPromptCode, ...] = get_args(SafetyPromptCode)

Verdict = Literal[
    "insufficient_data",
    "responder",
    "benefit_below_threshold",
    "improved_cause_unknown",
    "no_meaningful_effect",
    "inconclusive",
]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)

# What the screening says about trying magnesium on one's own, mildest first.
SelfTrial = Literal["ok", "ok_with_precautions", "see_doctor_first", "urgent"]
SELF_TRIAL_LEVELS: tuple[SelfTrial, ...] = get_args(SelfTrial)

# Kinds of screening finding, in the order a person should read them.
FindingKind = Literal[
    "red_flag",
    "consult_before_supplement",
    "unknown_medicine",
    "interaction",
    "provoking_medicine",
    "deficiency_risk",
    "deficiency_sign",
    "info",
]
FINDING_KINDS: tuple[FindingKind, ...] = get_args(FindingKind)

Severity = Literal["urgent", "soon", "consult", "caution", "info"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)

Sex = Literal["female", "male"]
SEXES: tuple[Sex, ...] = get_args(Sex)

# Profile fields that can be the reason for a finding (its ``triggers``).
ProfileField = Literal[
    "age",
    "egfr",
    "kidney_disease",
    "heart_disease",
    "preeclampsia",
    "pregnant_weeks",
    "breastfeeding",
]
PROFILE_FIELDS: tuple[ProfileField, ...] = get_args(ProfileField)

# How a typed medicine name was resolved.
MedicineMatch = Literal["exact", "atc", "atc_group", "fuzzy"]
MEDICINE_MATCHES: tuple[MedicineMatch, ...] = get_args(MedicineMatch)

# The FHIR export's own codes (system ``urn:krampe:codes``): what an observation is.
ObservationCode = Literal[
    "cramps", "worst_pain", "awakenings", "took_dose", "stretched", "side_effect", "phase",
    "magnesium",
]  # fmt: skip
OBSERVATION_CODES: tuple[ObservationCode, ...] = get_args(ObservationCode)

# Every vocabulary the label catalog must name, by its catalog section.
VOCABULARIES: Mapping[str, tuple[str, ...]] = {
    "trial_kind": TRIAL_KINDS,
    "phase": PHASES,
    "comparison": COMPARISONS,
    "side_effect": SIDE_EFFECTS,
    "verdict": VERDICTS,
    "guess": GUESSES,
    "certainty_answer": CERTAINTIES,
    "self_trial": SELF_TRIAL_LEVELS,
    "finding_kind": FINDING_KINDS,
    "severity": SEVERITIES,
    "sex": SEXES,
    "profile_field": PROFILE_FIELDS,
    "medicine_match": MEDICINE_MATCHES,
    "observation": OBSERVATION_CODES,
}

Code = TypeVar("Code", bound=str)


class VocabularyError(ValueError):
    """A code that is not in its vocabulary; ``field`` names where it was given."""

    def __init__(self, field: str, value: object, allowed: tuple[str, ...]) -> None:
        super().__init__(f"{field}: {value!r} is not one of {', '.join(allowed)}")
        self.field = field
        self.value = value
        self.allowed = allowed


def one_of(allowed: tuple[Code, ...], value: object, field: str) -> Code:
    """``value`` as a code of ``allowed``; :class:`VocabularyError` naming ``field`` otherwise."""
    for code in allowed:
        if code == value:
            return code
    raise VocabularyError(field, value, allowed)


def lang_or_default(value: object) -> Lang:
    """A language code as the domain knows it: "da" or "en"; anything else is Danish."""
    text = str(value or "")[:2].lower()
    return "en" if text == "en" else DEFAULT_LANG
