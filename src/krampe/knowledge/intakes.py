"""Reference intakes and the upper level for supplements (``data/intakes.toml``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import model_validator

from krampe.knowledge.checking import Knowledge
from krampe.knowledge.schema import (
    Code,
    Entry,
    FieldError,
    Flag,
    NotNegative,
    Positive,
    Problem,
    SourceIds,
    Text,
)
from krampe.knowledge.tables import DataDir, Table, load, register


class Intake(Entry):
    id: Code
    system: Literal["NNR2023", "EFSA2015", "NNR2012"]
    kind: Literal["AI", "RI"]
    age_min: NotNegative  # years, inclusive; months as fractions
    age_max: Positive  # exclusive
    sex: Literal["female", "male", "any"]
    state: Literal["any", "pregnant", "lactating"]
    mg_per_day: Positive
    sources: SourceIds

    @model_validator(mode="after")
    def _ages_in_order(self) -> Intake:
        if self.age_min >= self.age_max:
            raise FieldError("age_max", "must be greater than age_min")
        return self


class UpperLevel(Entry):
    id: Code
    mg_per_day: Positive
    applies_to: Text
    age_min: NotNegative
    includes_pregnancy_and_lactation: Flag
    sources: SourceIds
    note: Text | None = None


def _has_nnr2023(kb: Knowledge) -> Iterator[Problem]:
    if not any(row.value.system == "NNR2023" for row in kb.rows(INTAKES)):
        yield Problem(INTAKES.files, "-", "system", "no NNR2023 intakes")


INTAKES = register(Table("intakes", Intake, "intakes.toml", key="intake", checks=(_has_nnr2023,)))
UPPER_LEVEL = register(
    Table("upper_level", UpperLevel, "intakes.toml", key="upper_level", single=True)
)


def intakes(data_dir: DataDir = None) -> tuple[Intake, ...]:
    """Reference intakes of every system (NNR 2023, EFSA 2015, NNR 2012 as history)."""
    return load(INTAKES, data_dir)


def upper_level(data_dir: DataDir = None) -> UpperLevel:
    """The tolerable upper level for magnesium from supplements."""
    return load(UPPER_LEVEL, data_dir)[0]


def reference_intake(
    age: float,
    sex: str,
    pregnant: bool = False,
    lactating: bool = False,
    *,
    system: str = "NNR2023",
    data_dir: DataDir = None,
) -> Intake | None:
    """The reference intake for a person, or None when the system sets none (young infants).

    ``age`` is in years (months as fractions); ``sex`` is "female" or "male".
    A pregnancy- or lactation-specific entry wins when one exists for the
    age; otherwise the ordinary value for the age and sex applies.
    """
    if sex not in ("female", "male"):
        raise ValueError(f"sex must be 'female' or 'male', got {sex!r}")
    if age < 0:
        raise ValueError(f"age must not be negative, got {age}")
    state = "pregnant" if pregnant else "lactating" if lactating else "any"
    matches = [
        i
        for i in intakes(data_dir)
        if i.system == system and i.age_min <= age < i.age_max and i.sex in (sex, "any")
    ]
    for wanted in (state, "any"):
        # A sex-specific value beats an "any" value for the same age band.
        exact = [i for i in matches if i.state == wanted]
        exact.sort(key=lambda i: i.sex != sex)
        if exact:
            return exact[0]
    return None
