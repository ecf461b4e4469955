"""Safety (``data/safety.toml``): symptom and condition codes, red flags, reasons to see a
doctor first, deficiency risks and signs, signs of too much magnesium, serum stages."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import model_validator

from krampe.knowledge.schema import (
    Code,
    Codes,
    Entry,
    FieldError,
    Positive,
    Ref,
    SourceIds,
    Text,
)
from krampe.knowledge.tables import DataDir, Table, by_id, load, register

FILE = "safety.toml"
SymptomCodes = Annotated[Codes, Ref("symptoms", "{!r} is not a symptom code")]
ConditionCodes = Annotated[Codes, Ref("conditions", "{!r} is not a condition code")]
# Classes are the ``class`` values of the catalogue's substances.
MedicineClasses = Annotated[
    Codes,
    Ref("substances", "{!r} is not a medicine class (in the catalogue)", field="class"),
]


class Symptom(Entry):
    code: Code
    label: Text
    sources: SourceIds


class Condition(Entry):
    code: Code
    label: Text
    sources: SourceIds


class RedFlag(Entry):
    code: Code
    severity: Literal["urgent", "soon"]
    symptoms: SymptomCodes = ()  # any of these triggers it
    conditions: ConditionCodes = ()
    title: Text
    advice: Text
    sources: SourceIds

    @model_validator(mode="after")
    def _has_a_trigger(self) -> RedFlag:
        if not self.symptoms and not self.conditions:
            raise FieldError("symptoms", "a red flag needs symptoms or conditions")
        return self


class ConsultReason(Entry):
    code: Code
    title: Text
    advice: Text
    sources: SourceIds


class DeficiencyRisk(Entry):
    code: Code
    conditions: ConditionCodes = ()
    medicine_classes: MedicineClasses = ()
    title: Text
    advice: Text
    sources: SourceIds
    age_min: Positive | None = None  # set for "older age": applies from this age

    @model_validator(mode="after")
    def _applies_to_someone(self) -> DeficiencyRisk:
        if not (self.conditions or self.medicine_classes or self.age_min):
            raise FieldError("conditions", "needs conditions, medicine_classes or age_min")
        return self


class DeficiencySign(Entry):
    code: Code
    symptoms: SymptomCodes = ()
    title: Text
    sources: SourceIds


class ExcessSign(Entry):
    code: Code
    symptoms: SymptomCodes = ()
    title: Text
    sources: SourceIds
    advice: Text | None = None


class SerumStage(Entry):
    """Signs of hypermagnesaemia by serum level (mEq/L; 1 mEq/L = 0.5 mmol/L)."""

    id: Code
    meq_per_l_min: Positive
    meq_per_l_max: Positive | None = None  # None for the open top stage
    signs: Text
    sources: SourceIds

    @model_validator(mode="after")
    def _range_in_order(self) -> SerumStage:
        if self.meq_per_l_max is not None and self.meq_per_l_max <= self.meq_per_l_min:
            raise FieldError("meq_per_l_max", "must be above meq_per_l_min")
        return self


SYMPTOMS = register(Table("symptoms", Symptom, FILE, key="symptom", id_field="code"))
CONDITIONS = register(Table("conditions", Condition, FILE, key="condition", id_field="code"))
RED_FLAGS = register(Table("red_flags", RedFlag, FILE, key="red_flag", id_field="code"))
CONSULT_REASONS = register(
    Table("consult_reasons", ConsultReason, FILE, key="consult_reason", id_field="code")
)
DEFICIENCY_RISKS = register(
    Table("deficiency_risks", DeficiencyRisk, FILE, key="deficiency_risk", id_field="code")
)
DEFICIENCY_SIGNS = register(
    Table("deficiency_signs", DeficiencySign, FILE, key="deficiency_sign", id_field="code")
)
EXCESS_SIGNS = register(Table("excess_signs", ExcessSign, FILE, key="excess_sign", id_field="code"))
SERUM_STAGES = register(Table("serum_stages", SerumStage, FILE, key="serum_stage"))


def symptoms(data_dir: DataDir = None) -> tuple[Symptom, ...]:
    """Symptom codes with Danish and English labels."""
    return load(SYMPTOMS, data_dir)


def conditions(data_dir: DataDir = None) -> tuple[Condition, ...]:
    """Condition codes with Danish and English labels."""
    return load(CONDITIONS, data_dir)


def red_flags(data_dir: DataDir = None) -> tuple[RedFlag, ...]:
    """Warning signs that need a doctor (urgent or soon)."""
    return load(RED_FLAGS, data_dir)


def consult_reasons(data_dir: DataDir = None) -> tuple[ConsultReason, ...]:
    """Reasons to talk to a doctor before taking magnesium."""
    return load(CONSULT_REASONS, data_dir)


def consult_reason(code: str, data_dir: DataDir = None) -> ConsultReason:
    """One consult reason by code (KeyError if unknown)."""
    return by_id(CONSULT_REASONS, data_dir)[code]


def deficiency_risks(data_dir: DataDir = None) -> tuple[DeficiencyRisk, ...]:
    """Conditions, medicine classes and ages that can lower magnesium."""
    return load(DEFICIENCY_RISKS, data_dir)


def deficiency_signs(data_dir: DataDir = None) -> tuple[DeficiencySign, ...]:
    """Possible signs of low magnesium."""
    return load(DEFICIENCY_SIGNS, data_dir)


def excess_signs(data_dir: DataDir = None) -> tuple[ExcessSign, ...]:
    """Signs of too much magnesium."""
    return load(EXCESS_SIGNS, data_dir)


def serum_stages(data_dir: DataDir = None) -> tuple[SerumStage, ...]:
    """Hypermagnesaemia signs by serum level, lowest first."""
    return tuple(sorted(load(SERUM_STAGES, data_dir), key=lambda s: s.meq_per_l_min))
