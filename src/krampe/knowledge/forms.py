"""Magnesium salts (``data/forms.toml``): the elemental fraction is computed from the formula."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator

from krampe.knowledge.checking import Knowledge
from krampe.knowledge.schema import Code, Entry, Flag, Label, Problem, SourceIds, Text
from krampe.knowledge.tables import DataDir, Table, by_id, load, register

MIN_FORMS = 17
Level = Literal["low", "moderate", "high"]


def hydrate_dot(formula: str) -> str:
    """Write hydrate dots the way molmass parses them (``·`` and ``*`` become ``.``)."""
    return formula.replace("·", ".").replace("•", ".").replace("*", ".").replace(" ", "")


@cache
def _composition(formula: str) -> tuple[float, float, str]:
    """(molar mass g/mol, magnesium mass fraction, Hill formula) for ``formula``.

    molmass raises ``molmass.FormulaError`` (a ValueError) for formulas it cannot parse.
    """
    from molmass import Formula  # imported here: only forms need it

    parsed = Formula(hydrate_dot(formula))
    composition = parsed.composition()
    fraction = float(composition["Mg"].fraction) if "Mg" in composition else 0.0
    return float(parsed.mass), fraction, str(parsed.formula)


def _magnesium_salt(formula: str) -> str:
    try:
        fraction = _composition(formula)[1]
    except Exception as exc:  # molmass raises its own FormulaError
        raise ValueError(f"cannot be parsed: {exc}".splitlines()[0]) from None
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"elemental fraction {fraction:.4f} is not in (0, 1)")
    return formula


class Form(Entry):
    """A magnesium salt. The elemental fraction is computed from ``formula``."""

    id: Code
    name: Text
    family: Code  # groups hydrates of one salt: oxide, citrate, bisglycinate, ...
    formula: Annotated[Label, AfterValidator(_magnesium_salt)]
    hydrate: Code
    default_for_family: Flag
    laxative: Level
    stomach: Text
    absorption: Text
    price_tier: Literal["low", "medium", "high"]
    sources: SourceIds

    @property
    def molar_mass(self) -> float:
        """Molar mass in g/mol (IUPAC standard atomic weights, via molmass)."""
        return _composition(self.formula)[0]

    @property
    def elemental_fraction(self) -> float:
        """Mass fraction of magnesium, 0..1."""
        return _composition(self.formula)[1]

    @property
    def hill_formula(self) -> str:
        return _composition(self.formula)[2]

    def elemental_mg(self, salt_mg: float) -> float:
        """Elemental magnesium in ``salt_mg`` milligrams of this salt."""
        return salt_mg * self.elemental_fraction

    def to_dict(self) -> dict[str, Any]:
        """The file's fields plus ``molar_mass``, ``elemental_fraction`` and ``hill_formula``."""
        out = super().to_dict()
        out["molar_mass"] = round(self.molar_mass, 4)
        out["elemental_fraction"] = round(self.elemental_fraction, 6)
        out["hill_formula"] = self.hill_formula
        return out


def _one_default_per_family(kb: Knowledge) -> Iterator[Problem]:
    rows = kb.rows(FORMS)
    defaults: dict[str, int] = defaultdict(int)
    for row in rows:
        defaults[row.value.family] += row.value.default_for_family
    for family, count in sorted(defaults.items()):
        if count != 1:
            yield Problem(
                FORMS.files,
                family,
                "default_for_family",
                f"family {family!r} needs exactly one default hydrate, has {count}",
            )
    if len(rows) < MIN_FORMS:
        yield Problem(FORMS.files, "-", "-", f"{len(rows)} forms, need at least {MIN_FORMS}")


FORMS = register(Table("forms", Form, "forms.toml", key="form", checks=(_one_default_per_family,)))


def forms(data_dir: DataDir = None) -> tuple[Form, ...]:
    """Magnesium salts, with formula-computed elemental fractions."""
    return load(FORMS, data_dir)


def form(form_id: str, data_dir: DataDir = None) -> Form:
    """One form by id (KeyError if unknown)."""
    return by_id(FORMS, data_dir)[form_id]


def default_form(family: str, data_dir: DataDir = None) -> Form:
    """The hydrate assumed when a label names only the salt family (e.g. "citrate")."""
    candidates = [f for f in forms(data_dir) if f.family == family]
    if not candidates:
        raise KeyError(family)
    for entry in candidates:
        if entry.default_for_family:
            return entry
    return candidates[0]
