"""Frozen dataclasses for everything in the knowledge base.

Texts a person reads are :class:`Text` values holding Danish and English;
the shells pick one with ``text.text(lang)``. Numbers carry their unit in
the field name, as in the data files.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

Lang = Literal["da", "en"]


@dataclass(frozen=True)
class Text:
    """One text in Danish and English."""

    da: str
    en: str

    def text(self, lang: str) -> str:
        """The text in ``lang`` ("da" or "en"); anything else gives English."""
        return self.da if lang == "da" else self.en

    def __str__(self) -> str:
        return self.en


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    year: int
    kind: str
    url: str = ""
    doi: str = ""
    pmid: str = ""

    @property
    def link(self) -> str:
        """The best link to the source: DOI, then PubMed, then the URL."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return self.url


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


@dataclass(frozen=True)
class Form:
    """A magnesium salt. The elemental fraction is computed from ``formula``."""

    id: str
    name: Text
    family: str
    formula: str
    hydrate: str
    default_for_family: bool
    laxative: str
    stomach: Text
    absorption: Text
    price_tier: str
    sources: tuple[str, ...]

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


@dataclass(frozen=True)
class Intake:
    id: str
    system: str
    kind: str
    age_min: float
    age_max: float
    sex: str
    state: str
    mg_per_day: float
    sources: tuple[str, ...]


@dataclass(frozen=True)
class UpperLevel:
    id: str
    mg_per_day: float
    applies_to: Text
    age_min: float
    includes_pregnancy_and_lactation: bool
    sources: tuple[str, ...]
    note: Text | None = None


@dataclass(frozen=True)
class Food:
    id: str
    group: str
    name: Text
    synonyms: tuple[str, ...]
    mg_per_100g: float
    sources: tuple[str, ...]
    source_food_id: str = ""
    note: str = ""


@dataclass(frozen=True)
class Portion:
    food_id: str
    unit: str
    label: Text
    grams: float
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Water:
    id: str
    food_id: str
    name: Text
    mg_per_litre: float
    mg_per_litre_min: float
    mg_per_litre_max: float
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Strength:
    """Magnesium in one unit of a product, as its label gives it.

    ``magnesium_mg`` when the label states the elemental amount; otherwise
    ``salt_mg`` of the salt ``form`` (a forms.toml id), from which the
    catalogue computes ``magnesium_mg``.
    """

    label: str
    unit: str
    magnesium_mg: float
    salt_mg: float | None = None
    form: str = ""


@dataclass(frozen=True)
class Brand:
    """A brand name and how its substance was checked.

    ``source`` is a leaflet or product-summary source id; empty when the
    mapping rests on ``basis`` ("general_knowledge").
    """

    name: str
    source: str = ""
    basis: str = ""
    strengths: tuple[Strength, ...] = ()
    atc: str = ""  # the product's own ATC code where it differs from its entry's (Emgesan)

    @property
    def checked(self) -> bool:
        return bool(self.source)


@dataclass(frozen=True)
class Medicine:
    """A catalogue entry: one substance, a group entry, or a fixed combination.

    The flags are the entry's own; for a combination its components' flags
    apply as well (``krampe.knowledge.catalogue.parts``).
    """

    id: str
    atc: str
    drug_class: str  # "class" in the data file
    name: Text
    names: tuple[str, ...]  # substance spellings ("spellings" in the data file)
    brands: tuple[str, ...]  # brand names, in the order of brand_info
    provokes_cramps: bool
    deficiency_risk: bool
    consult: str
    sources: tuple[str, ...]
    kind: str = "substance"  # "substance" or "combination"
    group: bool = False  # stands for an ATC group ("insulin"), not one substance
    components: tuple[str, ...] = ()  # substance ids of a combination
    other_components: tuple[str, ...] = ()  # ingredients with no ATC code of their own
    contains: tuple[str, ...] = ()  # "magnesium", "aluminium", "calcium"
    form: str = ""  # the magnesium salt (forms.toml id), for magnesium products
    brand_info: tuple[Brand, ...] = ()
    note: Text | None = None

    @property
    def is_combination(self) -> bool:
        return self.kind == "combination"

    @property
    def all_names(self) -> tuple[str, ...]:
        """Every name a person might type: display names, substance names, brands."""
        seen: dict[str, None] = {}
        for name in (self.name.da, self.name.en, *self.names, *self.brands):
            seen.setdefault(name, None)
        return tuple(seen)


@dataclass(frozen=True)
class InteractionRule:
    """Least hours between a medicine dose and a magnesium dose (see knowledge-format.md)."""

    id: str
    atc: tuple[str, ...]
    action: str
    med_before_mg_h: float
    med_after_mg_h: float
    note: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Symptom:
    code: str
    label: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Condition:
    code: str
    label: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class RedFlag:
    code: str
    severity: str
    symptoms: tuple[str, ...]
    conditions: tuple[str, ...]
    title: Text
    advice: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ConsultReason:
    code: str
    title: Text
    advice: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class DeficiencyRisk:
    code: str
    conditions: tuple[str, ...]
    medicine_classes: tuple[str, ...]
    title: Text
    advice: Text
    sources: tuple[str, ...]
    age_min: float | None = None  # set for "older age": applies from this age


@dataclass(frozen=True)
class DeficiencySign:
    code: str
    symptoms: tuple[str, ...]
    title: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ExcessSign:
    code: str
    symptoms: tuple[str, ...]
    title: Text
    sources: tuple[str, ...]
    advice: Text | None = None


@dataclass(frozen=True)
class SerumStage:
    """Signs of hypermagnesaemia by serum level (mEq/L; 1 mEq/L = 0.5 mmol/L)."""

    id: str
    meq_per_l_min: float
    meq_per_l_max: float | None
    signs: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Strategy:
    id: str
    title: Text
    body: Text
    evidence: str
    sources: tuple[str, ...]
    steps: tuple[Text, ...] = ()


@dataclass(frozen=True)
class EvidenceStatement:
    id: str
    topic: str
    article_claim: Text
    evidence: Text
    certainty: str
    sources: tuple[str, ...]


# Attribute names that differ from the data file's field names.
_FILE_NAMES = {"drug_class": "class"}


def to_dict(entry: Any) -> dict[str, Any]:
    """A flat, JSON-ready dict of a model, with the data file's field names.

    ``Text`` fields become ``<name>_da`` and ``<name>_en``; tuples become lists.
    Forms also get ``molar_mass``, ``elemental_fraction`` and ``hill_formula``.
    """
    out: dict[str, Any] = {}
    for field in dataclasses.fields(entry):
        value = getattr(entry, field.name)
        key = _FILE_NAMES.get(field.name, field.name)
        if isinstance(value, Text):
            out[f"{key}_da"] = value.da
            out[f"{key}_en"] = value.en
        elif value is None and field.type in ("Text | None",):
            out[f"{key}_da"] = None
            out[f"{key}_en"] = None
        elif field.type == "tuple[Text, ...]":
            out[f"{key}_da"] = [t.da for t in value]
            out[f"{key}_en"] = [t.en for t in value]
        elif isinstance(value, tuple):
            out[key] = [to_dict(v) if dataclasses.is_dataclass(v) else v for v in value]
        else:
            out[key] = value
    if isinstance(entry, Form):
        out["molar_mass"] = round(entry.molar_mass, 4)
        out["elemental_fraction"] = round(entry.elemental_fraction, 6)
        out["hill_formula"] = entry.hill_formula
    return out
