"""The medicine catalogue: ``data/catalogue/<LETTER>.toml``, one file per ATC anatomical group.

Two registered tables read the files (format: docs/knowledge-format.md,
"Medicine catalogue"): ``substances`` (``[[substance]]``) and
``combinations`` (``[[combination]]``). :func:`medicines` joins them into
:class:`Medicine` values, with each brand's magnesium per unit computed from
its label. ``krampe kb check`` runs the tables' checks: entries in their group
file, ATC level matching the entry, names unique across the catalogue after
normalising, components that exist, brand sources that are leaflets or product
summaries, and a checked source for every brand whose entry matters for
magnesium.

A combination resolves to all its components: :func:`parts` gives the entry
and its component substances, whose flags all apply, and :func:`rules_for`
the spacing rules that apply to it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from krampe.knowledge.checking import Knowledge
from krampe.knowledge.medicines import InteractionRule, rule_for_atc
from krampe.knowledge.names import medicine_key, normalize
from krampe.knowledge.schema import (
    AtcCode,
    Code,
    Entry,
    FieldError,
    Flag,
    Label,
    Labels,
    Positive,
    Problem,
    Ref,
    SomeLabels,
    SourceIds,
    Text,
)
from krampe.knowledge.tables import DataDir, Row, Table, cached, data_root, load, register

FOLDER = "catalogue"
FILES = f"{FOLDER}/*.toml"
ANATOMICAL_GROUPS = "ABCDGHJLMNPRSV"
MINERALS = ("magnesium", "aluminium", "calcium")
ATC_SOURCE = "who_atc_ddd_index"
LEAFLET_KINDS = ("leaflet", "smpc")
MIN_MEDICINE_NAMES = 120

Unit = Literal["tablet", "chewable_tablet", "effervescent_tablet", "capsule", "sachet", "ml"]
Mineral = Literal["magnesium", "aluminium", "calcium"]
_Strict = ConfigDict(extra="forbid", frozen=True)  # the field types are strict themselves


class StrengthIn(BaseModel):
    """One strength of a brand as its label gives it (in a brand's ``strengths``)."""

    model_config = _Strict
    label: Label
    unit: Unit
    magnesium_mg: Positive | None = None
    salt_mg: Positive | None = None
    form: Code = ""

    @model_validator(mode="after")
    def _one_amount(self) -> StrengthIn:
        if (self.magnesium_mg is None) == (self.salt_mg is None):
            raise FieldError(
                "brands", f"strength {self.label}: give exactly one of magnesium_mg and salt_mg"
            )
        return self


class BrandIn(BaseModel):
    """A brand as written: ``{ name, source }`` or ``{ name, basis = "general_knowledge" }``."""

    model_config = _Strict
    name: Label
    source: Code = ""
    basis: Literal["", "general_knowledge"] = ""
    atc: AtcCode | Literal[""] = ""
    strengths: tuple[StrengthIn, ...] = ()

    @model_validator(mode="after")
    def _one_provenance(self) -> BrandIn:
        if bool(self.source) == bool(self.basis):
            raise FieldError(
                "brands",
                f"{self.name}: give exactly one of source (a leaflet or smpc source id) "
                'and basis = "general_knowledge"',
            )
        if self.atc and len(self.atc) != 7:
            raise FieldError("brands", f"{self.name}: a brand's own atc has 7 characters")
        return self


class SubstanceEntry(Entry):
    """``[[substance]]``: one active substance, or with ``group = true`` an ATC group."""

    id: Code
    atc: AtcCode
    group: Flag = False
    drug_class: Code = Field(validation_alias="class")
    name: Text
    spellings: SomeLabels
    brands: tuple[BrandIn, ...] = ()
    provokes_cramps: Flag = False
    deficiency_risk: Flag = False
    # A spacing from magnesium may be needed, but no source giving one has been read:
    # the plan must not count the medicine as checked (see docs/medicines.md).
    spacing_not_checked: Flag = False
    consult: Annotated[
        Code, Ref("consult_reasons", "{!r} is not a consult_reason code in safety.toml")
    ] = ""
    contains: tuple[Mineral, ...] = ()
    form: Annotated[Code, Ref("forms", "{!r} is not a form id in forms.toml")] = ""
    note: Text | None = None
    sources: SourceIds


class CombinationEntry(SubstanceEntry):
    """``[[combination]]``: a fixed combination with its own code and its components."""

    spellings: Labels = ()
    components: Annotated[
        tuple[Code, ...], Ref("substances", "{!r} is not a substance id in the catalogue")
    ] = Field(min_length=1)
    other_components: Labels = ()  # ingredients with no ATC code of their own


# --- what the rest of Krampe reads -------------------------------------------------


@dataclass(frozen=True)
class Strength:
    """Magnesium in one unit of a product: ``magnesium_mg`` as the label gives it or as
    computed from ``salt_mg`` of ``form``."""

    label: str
    unit: str
    magnesium_mg: float
    salt_mg: float | None = None
    form: str = ""


@dataclass(frozen=True)
class Brand:
    """A brand name and how its substance was checked (``source``, else ``basis``)."""

    name: str
    source: str = ""
    basis: str = ""
    strengths: tuple[Strength, ...] = ()
    atc: str = ""  # the product's own code where it differs from its entry's (Emgesan)

    @property
    def checked(self) -> bool:
        return bool(self.source)


@dataclass(frozen=True)
class Medicine:
    """A catalogue entry: one substance, a group entry, or a fixed combination.

    The flags are the entry's own; for a combination its components' flags
    apply as well (:func:`parts`).
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
    group: bool = False
    components: tuple[str, ...] = ()
    other_components: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()
    form: str = ""
    brand_info: tuple[Brand, ...] = ()
    note: Text | None = None
    spacing_not_checked: bool = False

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

    def to_dict(self) -> dict[str, Any]:
        """A flat, JSON-ready dict with the data file's field names."""
        out: dict[str, Any] = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            key = "class" if field.name == "drug_class" else field.name
            if isinstance(value, Text) or (value is None and field.name == "note"):
                out[f"{key}_da"] = value.da if value else None
                out[f"{key}_en"] = value.en if value else None
            elif isinstance(value, tuple):
                out[key] = [_plain(v) for v in value]
            else:
                out[key] = value
        return out


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def _rows(kb: Knowledge) -> list[tuple[str, Row[Any]]]:
    return [("substance", r) for r in kb.rows(SUBSTANCES)] + [
        ("combination", r) for r in kb.rows(COMBINATIONS)
    ]


def _letter(row: Row[Any]) -> str:
    return row.file.removeprefix(f"{FOLDER}/").removesuffix(".toml")


def _each_entry(kb: Knowledge) -> Iterator[Problem]:
    """What one entry must hold on its own: its group file, its ATC level, its notes."""
    fractions = {f.value.id for f in kb.rows(_forms_table())}
    for kind, row in _rows(kb):
        entry, letter = row.value, _letter(row)
        if len(letter) != 1 or letter not in ANATOMICAL_GROUPS:
            yield row.problem(
                "-",
                f"file name must be an ATC anatomical group letter: "
                f"one of {', '.join(ANATOMICAL_GROUPS)}",
            )
        elif entry.atc[0] != letter:
            yield row.problem(
                "atc",
                f"{entry.atc} is not in ATC group {letter}; move the entry to {entry.atc[0]}.toml",
            )
        if kind == "combination":
            if entry.group:
                yield row.problem("group", "a combination has its own ATC code; not a group")
            elif len(entry.atc) not in (5, 7):
                yield row.problem(
                    "atc",
                    f"{entry.atc}: a combination needs its own code, 7 "
                    "characters, or 5 where WHO gives it only a level-4 code (A12AX)",
                )
            if len(set(entry.components)) != len(entry.components) or entry.id in entry.components:
                yield row.problem(
                    "components", "a component is listed twice or is the entry itself"
                )
            if len(entry.components) + len(entry.other_components) < 2:
                yield row.problem("components", "a combination needs at least two ingredients")
        elif entry.group and len(entry.atc) == 7:
            yield row.problem(
                "atc", f"{entry.atc} is a substance code (level 5); a group entry needs level 1-4"
            )
        elif not entry.group and len(entry.atc) != 7:
            yield row.problem(
                "atc",
                f"{entry.atc} is a group code; a {kind} needs a 7-character "
                "code (level 5), or set group = true for an entry that stands for it",
            )
        if ATC_SOURCE not in entry.sources:
            yield row.problem("sources", f"cite {ATC_SOURCE!r} for the ATC code")
        for brand in entry.brands:
            for s in brand.strengths:
                if s.salt_mg is not None and (s.form or entry.form) not in fractions:
                    yield row.problem(
                        f"brands[{brand.name}].strengths[{s.label}]",
                        "salt_mg needs the salt: set form (a forms.toml id)",
                    )


def _unique_names_and_codes(kb: Knowledge) -> Iterator[Problem]:
    names: dict[str, tuple[str, str]] = {}
    codes: dict[str, str] = {}
    for _kind, row in _rows(kb):
        entry = row.value
        if entry.atc in codes and codes[entry.atc] != entry.id:
            yield row.problem("atc", f"{entry.atc} is also the code of {codes[entry.atc]}")
        codes.setdefault(entry.atc, entry.id)
        brand_names = {b.name for b in entry.brands}
        for name in (entry.name.da, entry.name.en, *entry.spellings, *brand_names):
            key = medicine_key(name)
            owner = names.setdefault(key, (entry.id, name))
            if not key:
                yield row.problem("spellings", f"{name!r} has no letters left after normalising")
            elif owner[0] != entry.id:
                field = "brands" if name in brand_names else "spellings"
                yield row.problem(
                    field, f"{name!r} is also a name of {owner[0]} ({owner[1]!r}) after normalising"
                )


def _brands_checked(kb: Knowledge) -> Iterator[Problem]:
    """Brand sources are leaflets or product summaries; a brand that matters is checked."""
    kinds = {r.value.id: r.value.kind for r in kb.rows(_sources_table())}
    built = _build(kb.root, lenient=True)
    for _kind, row in _rows(kb):
        entry = row.value
        medicine = built.get(entry.id)
        matters = medicine is not None and matters_for_magnesium(medicine, kb.root, built)
        for brand in entry.brands:
            if brand.source and kinds.get(brand.source) not in LEAFLET_KINDS:
                what = (
                    "unknown source id"
                    if brand.source not in kinds
                    else "not a leaflet or smpc source"
                )
                yield row.problem(f"brands[{brand.name}].source", f"{brand.source!r}: {what}")
            elif matters and not brand.source:
                yield row.problem(
                    f"brands[{brand.name}]",
                    "matters for magnesium: check the brand on a Danish leaflet or product "
                    "summary and cite it as source, or leave the brand out",
                )


def _enough_names(kb: Knowledge) -> Iterator[Problem]:
    count = medicine_name_count(_build(kb.root, lenient=True).values())
    if count < MIN_MEDICINE_NAMES:
        yield Problem(
            FILES, "-", "-", f"{count} medicine names, need at least {MIN_MEDICINE_NAMES}"
        )


def _forms_table() -> Table[Any]:
    from krampe.knowledge.forms import FORMS

    return FORMS


def _sources_table() -> Table[Any]:
    from krampe.knowledge.sources import SOURCES

    return SOURCES


SUBSTANCES = register(
    Table(
        "substances",
        SubstanceEntry,
        FILES,
        key="substance",
        checks=(_each_entry, _unique_names_and_codes, _brands_checked, _enough_names),
    )
)
COMBINATIONS = register(Table("combinations", CombinationEntry, FILES, key="combination"))


def medicine_name_count(entries: Any) -> int:
    """Distinct names a person can type: substance spellings and brands, case-insensitive."""
    return len({normalize(n) for m in entries for n in (*m.names, *m.brands)})


def _strength(raw: StrengthIn, entry_form: str, fractions: dict[str, float]) -> Strength:
    form = raw.form or entry_form
    if raw.magnesium_mg is not None:
        return Strength(raw.label, raw.unit, raw.magnesium_mg, None, form)
    assert raw.salt_mg is not None
    return Strength(raw.label, raw.unit, raw.salt_mg * fractions[form], raw.salt_mg, form)


def _medicine(entry: SubstanceEntry, kind: str, fractions: dict[str, float]) -> Medicine:
    brands = tuple(
        Brand(
            b.name,
            b.source,
            b.basis,
            tuple(
                _strength(s, entry.form, fractions)
                for s in b.strengths
                if (s.form or entry.form) in fractions
            ),
            b.atc,
        )
        for b in entry.brands
    )
    combination = entry if isinstance(entry, CombinationEntry) else None
    return Medicine(
        id=entry.id,
        atc=entry.atc,
        drug_class=entry.drug_class,
        name=entry.name,
        names=entry.spellings,
        brands=tuple(b.name for b in brands),
        provokes_cramps=entry.provokes_cramps,
        deficiency_risk=entry.deficiency_risk,
        consult=entry.consult,
        sources=entry.sources,
        kind=kind,
        group=entry.group,
        components=combination.components if combination else (),
        other_components=combination.other_components if combination else (),
        contains=entry.contains,
        form=entry.form,
        brand_info=brands,
        note=entry.note,
        spacing_not_checked=entry.spacing_not_checked,
    )


@cached
def _build(root: Path, lenient: bool = False) -> dict[str, Medicine]:
    """Every entry as a Medicine, by id; ``lenient`` skips broken entries (for the checks)."""
    from krampe.knowledge.forms import forms
    from krampe.knowledge.tables import parse

    try:
        fractions = {f.id: f.elemental_fraction for f in forms(root)}
    except Exception:  # a broken forms.toml is reported by its own table
        fractions = {}
    if lenient:
        substances = parse(SUBSTANCES, root).values
        combinations = parse(COMBINATIONS, root).values
    else:
        substances, combinations = load(SUBSTANCES, root), load(COMBINATIONS, root)
    out = {e.id: _medicine(e, "substance", fractions) for e in substances}
    out.update({e.id: _medicine(e, "combination", fractions) for e in combinations})
    return out


@cached
def _medicines(root: Path) -> tuple[Medicine, ...]:
    return tuple(_build(root).values())


def medicines(data_dir: DataDir = None) -> tuple[Medicine, ...]:
    """The medicine catalogue: substances, group entries and fixed combinations."""
    return _medicines(data_root(data_dir))


def by_id(data_dir: DataDir = None) -> dict[str, Medicine]:
    """Entries by id."""
    return _build(data_root(data_dir))


def medicine(medicine_id: str, data_dir: DataDir = None) -> Medicine:
    """One catalogue entry by id (KeyError if unknown)."""
    return by_id(data_dir)[medicine_id]


@cached
def _by_atc(root: Path) -> dict[str, Medicine]:
    return {m.atc: m for m in _build(root).values()}


def by_atc(data_dir: DataDir = None) -> dict[str, Medicine]:
    """Entries by their exact ATC code (codes are unique in the catalogue)."""
    return _by_atc(data_root(data_dir))


def files(data_dir: DataDir = None) -> list[Path]:
    """The catalogue's group files, in letter order."""
    return sorted((data_root(data_dir) / FOLDER).glob("*.toml"))


def parts(
    medicine: Medicine, data_dir: DataDir = None, index: dict[str, Medicine] | None = None
) -> tuple[Medicine, ...]:
    """The entry and, for a combination, its component substances: all their flags apply."""
    entries = index if index is not None else by_id(data_dir)
    return (medicine, *(entries[c] for c in medicine.components if c in entries))


def rules_for(
    medicine: Medicine, data_dir: DataDir = None, index: dict[str, Medicine] | None = None
) -> tuple[InteractionRule, ...]:
    """The spacing rules for an entry: those of its own ATC code (longest prefix wins);
    for a combination with no rule of its own, every rule of its components, once each."""
    own = rule_for_atc(medicine.atc, data_dir)
    if own or not medicine.is_combination:
        return own
    found: dict[str, InteractionRule] = {}
    for part in parts(medicine, data_dir, index)[1:]:
        for rule in rule_for_atc(part.atc, data_dir):
            found.setdefault(rule.id, rule)
    return tuple(found.values())


def spacing_not_checked(
    medicine: Medicine, data_dir: DataDir = None, index: dict[str, Medicine] | None = None
) -> bool:
    """True when the entry (or a component) may need spacing that no source read gives:
    its times cannot be checked against magnesium, so no shell may say they were."""
    return any(p.spacing_not_checked for p in parts(medicine, data_dir, index))


def rules_for_code(atc: str, data_dir: DataDir = None) -> tuple[InteractionRule, ...]:
    """The rules for an ATC code: a catalogue entry's when the code is its own (a
    combination's components included), else the rules by ATC prefix."""
    code = atc.strip().upper()
    entry = by_atc(data_dir).get(code)
    if entry is not None:
        return rules_for(entry, data_dir)
    return rule_for_atc(code, data_dir)


def contains(medicine: Medicine, data_dir: DataDir = None) -> tuple[str, ...]:
    """The minerals the product delivers, its components' included, in MINERALS order."""
    have = {m for part in parts(medicine, data_dir) for m in part.contains}
    return tuple(m for m in MINERALS if m in have)


def matters_for_magnesium(
    medicine: Medicine, data_dir: DataDir = None, index: dict[str, Medicine] | None = None
) -> bool:
    """True when the entry has a spacing rule, a flag, a consult code or a mineral."""
    try:
        if rules_for(medicine, data_dir, index):
            return True
    except Exception:  # broken rules are reported by their own table
        pass
    return any(
        p.provokes_cramps or p.deficiency_risk or p.consult or p.contains or p.spacing_not_checked
        for p in parts(medicine, data_dir, index)
    )
