"""The medicine catalogue: ``data/catalogue/<LETTER>.toml`` read into :class:`Medicine` entries.

One file per WHO ATC anatomical group holds ``[[substance]]`` and
``[[combination]]`` entries (format: docs/knowledge-format.md, "Medicine
catalogue"). :func:`load` refuses a broken catalogue with a
:class:`~krampe.knowledge.schema.KnowledgeError`; :func:`check` lists every
problem, including the references to other files (sources, consult codes,
forms) and the rule that a brand whose entry matters for magnesium was checked
on a leaflet or product summary.

A combination resolves to all its components: :func:`parts` gives the entry
and its component substances, whose flags all apply, and :func:`rules_for`
the spacing rules that apply to it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from krampe.knowledge.models import Brand, InteractionRule, Medicine, Strength, Text
from krampe.knowledge.names import medicine_key
from krampe.knowledge.schema import KnowledgeError, Problem

FOLDER = "catalogue"
# The packaged data directory (krampe.knowledge.loaders.DATA_DIR, which imports this module).
_DEFAULT_DIR = Path(__file__).resolve().parent / "data"
ANATOMICAL_GROUPS = "ABCDGHJLMNPRSV"
UNITS = ("tablet", "chewable_tablet", "effervescent_tablet", "capsule", "sachet", "ml")
MINERALS = ("magnesium", "aluminium", "calcium")
ATC_SOURCE = "who_atc_ddd_index"
LEAFLET_KINDS = ("leaflet", "smpc")

_Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(_[a-z0-9]+)*$")]
_Code = Annotated[str, StringConstraints(pattern=r"^([a-z0-9]+(_[a-z0-9]+)*)?$")]
_Atc = Annotated[str, StringConstraints(pattern=r"^[A-Z]([0-9]{2}([A-Z]([A-Z]([0-9]{2})?)?)?)?$")]
_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
_Positive = Annotated[float, Field(gt=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class _StrengthIn(_Strict):
    label: _Text
    unit: Literal["tablet", "chewable_tablet", "effervescent_tablet", "capsule", "sachet", "ml"]
    magnesium_mg: _Positive | None = None
    salt_mg: _Positive | None = None
    form: _Code = ""

    @model_validator(mode="after")
    def _one_amount(self) -> _StrengthIn:
        if (self.magnesium_mg is None) == (self.salt_mg is None):
            raise ValueError("give exactly one of magnesium_mg (elemental) and salt_mg")
        return self


class _BrandIn(_Strict):
    name: _Text
    source: _Code = ""
    atc: Annotated[str, StringConstraints(pattern=r"^([A-Z][0-9]{2}[A-Z]{2}[0-9]{2})?$")] = ""
    basis: Literal["", "general_knowledge"] = ""
    strengths: list[_StrengthIn] = []

    @model_validator(mode="after")
    def _one_provenance(self) -> _BrandIn:
        if bool(self.source) == bool(self.basis):
            raise ValueError(
                "give exactly one of source (a leaflet or smpc source id) "
                'and basis = "general_knowledge"'
            )
        return self


class _EntryIn(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)

    id: _Id
    atc: _Atc
    group: bool = False
    drug_class: _Id = Field(alias="class")
    name_da: _Text
    name_en: _Text
    spellings: list[_Text] = []
    brands: list[_BrandIn] = []
    provokes_cramps: bool = False
    deficiency_risk: bool = False
    consult: _Code = ""
    contains: list[Literal["magnesium", "aluminium", "calcium"]] = []
    form: _Code = ""
    note_da: str = ""
    note_en: str = ""
    sources: list[_Text] = Field(min_length=1)


class _CombinationIn(_EntryIn):
    components: list[_Id] = Field(min_length=1)
    other_components: list[_Text] = []


@dataclass(frozen=True)
class Parsed:
    """Every valid entry, the file each came from, and the problems found."""

    entries: tuple[Medicine, ...]
    files: dict[str, str]  # entry id -> file relative to the data dir
    problems: tuple[Problem, ...]


def files(data_dir: Path) -> list[Path]:
    """The catalogue's group files, in letter order."""
    return sorted((data_dir / FOLDER).glob("*.toml"))


def _location(loc: tuple[int | str, ...], raw: dict[str, Any]) -> str:
    """A pydantic error location as a field name ("brands[Zarator].source")."""
    parts: list[str] = []
    node: Any = raw
    for step in loc:
        if isinstance(step, int) and parts:
            label = str(step)
            if isinstance(node, list) and step < len(node) and isinstance(node[step], dict):
                label = str(node[step].get("name") or node[step].get("label") or step)
            parts[-1] = f"{parts[-1]}[{label}]"
        else:
            parts.append(str(step))
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            node = None
    return ".".join(parts) or "-"


def _strength(raw: _StrengthIn, entry_form: str, fractions: dict[str, float]) -> Strength:
    form = raw.form or entry_form
    if raw.magnesium_mg is not None:
        return Strength(raw.label, raw.unit, raw.magnesium_mg, None, form)
    assert raw.salt_mg is not None
    return Strength(raw.label, raw.unit, raw.salt_mg * fractions[form], raw.salt_mg, form)


def _build(raw: _EntryIn, kind: str, fractions: dict[str, float]) -> Medicine:
    note = Text(raw.note_da, raw.note_en) if raw.note_da else None
    brands = tuple(
        Brand(
            b.name,
            b.source,
            b.basis,
            tuple(_strength(s, raw.form, fractions) for s in b.strengths),
            b.atc,
        )
        for b in raw.brands
    )
    combination = raw if isinstance(raw, _CombinationIn) else None
    return Medicine(
        id=raw.id,
        atc=raw.atc,
        drug_class=raw.drug_class,
        name=Text(raw.name_da, raw.name_en),
        names=tuple(raw.spellings),
        brands=tuple(b.name for b in brands),
        provokes_cramps=raw.provokes_cramps,
        deficiency_risk=raw.deficiency_risk,
        consult=raw.consult,
        sources=tuple(raw.sources),
        kind=kind,
        group=raw.group,
        components=tuple(combination.components) if combination else (),
        other_components=tuple(combination.other_components) if combination else (),
        contains=tuple(raw.contains),
        form=raw.form,
        brand_info=brands,
        note=note,
    )


def _entry_problems(raw: _EntryIn, kind: str, letter: str, forms: set[str]) -> list[str]:
    """(field, message) pairs joined as "field\\tmessage" for one entry on its own."""
    out: list[str] = []
    if raw.atc[0] != letter:
        out.append(
            f"atc\t{raw.atc} is not in ATC group {letter}; move the entry to {raw.atc[0]}.toml"
        )
    if kind == "combination":
        if raw.group:
            out.append("group\ta combination has its own ATC code; it cannot be a group")
        elif len(raw.atc) not in (5, 7):
            out.append(
                f"atc\t{raw.atc}: a combination needs its own code, 7 characters, or 5 where "
                "WHO gives the combination only a level-4 code (A12AX)"
            )
    elif raw.group and len(raw.atc) == 7:
        out.append(f"atc\t{raw.atc} is a substance code (level 5); a group entry needs level 1-4")
    elif not raw.group and len(raw.atc) != 7:
        out.append(
            f"atc\t{raw.atc} is a group code; a {kind} needs a 7-character code "
            "(level 5), or set group = true for an entry that stands for the group"
        )
    if bool(raw.note_da.strip()) != bool(raw.note_en.strip()):
        out.append("note_en\tgive the note in both Danish and English, or neither")
    if raw.form and raw.form not in forms:
        out.append(f"form\t{raw.form!r} is not a form id in forms.toml")
    for brand in raw.brands:
        for s in brand.strengths:
            form = s.form or raw.form
            if s.salt_mg is not None and form not in forms:
                out.append(
                    f"brands[{brand.name}].strengths[{s.label}]\tsalt_mg needs the salt: "
                    "set form (a forms.toml id) on the strength or the entry"
                )
    if isinstance(raw, _CombinationIn):
        if len(set(raw.components)) != len(raw.components):
            out.append("components\ta component is listed twice")
        if raw.id in raw.components:
            out.append("components\ta combination cannot contain itself")
        if len(raw.components) + len(raw.other_components) < 2:
            out.append("components\ta combination needs at least two ingredients")
    if kind == "substance" and not raw.spellings:
        out.append("spellings\tgive at least one substance spelling")
    return out


@cache
def _fractions(data_dir: Path) -> dict[str, float]:
    from krampe.knowledge import loaders  # loaders reads the catalogue through this module

    try:
        return {f.id: f.elemental_fraction for f in loaders.forms(data_dir)}
    except (KnowledgeError, ValueError):
        return {}


def parse(data_dir: Path) -> Parsed:
    """Read every group file; the entries that are valid and every problem found."""
    fractions = _fractions(data_dir)
    problems: list[Problem] = []
    entries: list[Medicine] = []
    where: dict[str, str] = {}
    paths = files(data_dir)
    if not paths:
        problems.append(Problem(f"{FOLDER}/", "-", "-", "no catalogue files found"))
    for path in paths:
        rel = path.relative_to(data_dir).as_posix()
        letter = path.stem
        if len(letter) != 1 or letter not in ANATOMICAL_GROUPS:
            problems.append(
                Problem(
                    rel,
                    "-",
                    "-",
                    f"file name must be an ATC anatomical group letter: "
                    f"one of {', '.join(ANATOMICAL_GROUPS)}",
                )
            )
            continue
        try:
            with path.open("rb") as handle:
                document = tomllib.load(handle)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            problems.append(Problem(rel, "-", "-", f"TOML syntax error: {exc}"))
            continue
        for key in document:
            if key not in ("substance", "combination"):
                problems.append(
                    Problem(
                        rel, f"[[{key}]]", "-", "unknown table (allowed: substance, combination)"
                    )
                )
        for kind, model in (("substance", _EntryIn), ("combination", _CombinationIn)):
            raws = document.get(kind, [])
            if not isinstance(raws, list):
                problems.append(Problem(rel, f"[[{kind}]]", "-", "must be an array of tables"))
                continue
            for index, raw in enumerate(raws):
                label = (
                    str(raw.get("id") or f"{kind} #{index + 1}")
                    if isinstance(raw, dict)
                    else f"#{index + 1}"
                )
                try:
                    parsed = model.model_validate(raw)
                except ValidationError as exc:
                    for error in exc.errors():
                        field = _location(tuple(error["loc"]), raw if isinstance(raw, dict) else {})
                        problems.append(Problem(rel, label, field, error["msg"]))
                    continue
                own = _entry_problems(parsed, kind, letter, set(fractions))
                for item in own:
                    field, message = item.split("\t", 1)
                    problems.append(Problem(rel, label, field, message))
                if own:
                    continue
                if parsed.id in where:
                    problems.append(
                        Problem(rel, parsed.id, "id", f"duplicate id (also in {where[parsed.id]})")
                    )
                    continue
                where[parsed.id] = rel
                entries.append(_build(parsed, kind, fractions))
    problems.extend(_cross_problems(entries, where))
    return Parsed(tuple(entries), where, tuple(problems))


def typed_names(medicine: Medicine) -> tuple[str, ...]:
    """Every name a person may type for an entry: display names, spellings, brands."""
    seen: dict[str, None] = {}
    for name in (medicine.name.da, medicine.name.en, *medicine.names, *medicine.brands):
        seen.setdefault(name, None)
    return tuple(seen)


def _cross_problems(entries: Iterable[Medicine], where: dict[str, str]) -> list[Problem]:
    """What needs the whole catalogue: unique names and codes, components that exist."""
    problems: list[Problem] = []
    entries = list(entries)
    by_id = {m.id: m for m in entries}
    names: dict[str, tuple[str, str]] = {}
    codes: dict[str, str] = {}
    for m in entries:
        file = where[m.id]
        if m.atc in codes:
            problems.append(
                Problem(file, m.id, "atc", f"{m.atc} is also the code of {codes[m.atc]}")
            )
        else:
            codes[m.atc] = m.id
        for name in typed_names(m):
            key = medicine_key(name)
            if not key:
                problems.append(
                    Problem(
                        file, m.id, "spellings", f"{name!r} has no letters left after normalising"
                    )
                )
                continue
            owner = names.get(key)
            if owner is not None and owner[0] != m.id:
                problems.append(
                    Problem(
                        file,
                        m.id,
                        "brands" if name in m.brands else "spellings",
                        f"{name!r} is also a name of {owner[0]} ({owner[1]!r}) after normalising",
                    )
                )
            else:
                names.setdefault(key, (m.id, name))
        for component in m.components:
            target = by_id.get(component)
            if target is None:
                problems.append(
                    Problem(
                        file,
                        m.id,
                        "components",
                        f"{component!r} is not a substance id in the catalogue",
                    )
                )
            elif target.is_combination:
                problems.append(
                    Problem(
                        file,
                        m.id,
                        "components",
                        f"{component!r} is a combination; components are substances",
                    )
                )
    return problems


@cache
def _parsed(data_dir: Path) -> Parsed:
    return parse(data_dir)


def load(data_dir: Path) -> tuple[Medicine, ...]:
    """Every catalogue entry; raises KnowledgeError when the catalogue has problems."""
    parsed = _parsed(data_dir)
    if parsed.problems:
        raise KnowledgeError(parsed.problems)
    return parsed.entries


@cache
def _index(data_dir: Path) -> tuple[dict[str, Medicine], dict[str, Medicine]]:
    entries = load(data_dir)
    return {m.id: m for m in entries}, {m.atc: m for m in entries}


def by_id(data_dir: Path | None = None) -> dict[str, Medicine]:
    """Entries by id."""
    return _index(data_dir or _DEFAULT_DIR)[0]


def by_atc(data_dir: Path | None = None) -> dict[str, Medicine]:
    """Entries by their exact ATC code (codes are unique in the catalogue)."""
    return _index(data_dir or _DEFAULT_DIR)[1]


def parts(medicine: Medicine, data_dir: Path | None = None) -> tuple[Medicine, ...]:
    """The entry and, for a combination, its component substances: all their flags apply."""
    index = by_id(data_dir)
    return (medicine, *(index[c] for c in medicine.components))


def rules_for(medicine: Medicine, data_dir: Path | None = None) -> tuple[InteractionRule, ...]:
    """The spacing rules for an entry.

    The rules for its own ATC code (longest prefix wins); for a combination
    with no rule of its own, every rule of its components, once each.
    """
    from krampe.knowledge import loaders

    own = loaders.rule_for_atc(medicine.atc, data_dir)  # None: the packaged data
    if own or not medicine.is_combination:
        return own
    found: dict[str, InteractionRule] = {}
    for part in parts(medicine, data_dir)[1:]:
        for rule in loaders.rule_for_atc(part.atc, data_dir):
            found.setdefault(rule.id, rule)
    return tuple(found.values())


def rules_for_code(atc: str, data_dir: Path | None = None) -> tuple[InteractionRule, ...]:
    """The spacing rules for an ATC code: a catalogue entry's rules when the code is one's
    own (a combination's components included), else the rules by ATC prefix."""
    from krampe.knowledge import loaders

    code = atc.strip().upper()
    entry = by_atc(data_dir).get(code)
    if entry is not None:
        return rules_for(entry, data_dir)
    return loaders.rule_for_atc(code, data_dir)


def contains(medicine: Medicine, data_dir: Path | None = None) -> tuple[str, ...]:
    """The minerals the product delivers, its components' included, in MINERALS order."""
    have = {m for part in parts(medicine, data_dir) for m in part.contains}
    return tuple(m for m in MINERALS if m in have)


def matters_for_magnesium(medicine: Medicine, data_dir: Path | None = None) -> bool:
    """True when the entry has a spacing rule, a flag, a consult code or a mineral."""
    if rules_for(medicine, data_dir):
        return True
    return any(
        p.provokes_cramps or p.deficiency_risk or p.consult or p.contains
        for p in parts(medicine, data_dir)
    )


def check(data_dir: Path, source_kinds: dict[str, str], consult_codes: set[str]) -> list[Problem]:
    """Every catalogue problem, the references to other files included.

    ``source_kinds`` maps every source id to its kind; ``consult_codes`` are the
    consult_reason codes of safety.toml.
    """
    parsed = parse(data_dir)
    problems = list(parsed.problems)
    for m in parsed.entries:
        file = parsed.files[m.id]
        for sid in m.sources:
            if sid not in source_kinds:
                problems.append(Problem(file, m.id, "sources", f"unknown source id {sid!r}"))
        if ATC_SOURCE not in m.sources:
            problems.append(Problem(file, m.id, "sources", f"cite {ATC_SOURCE!r} for the ATC code"))
        if m.consult and m.consult not in consult_codes:
            problems.append(
                Problem(
                    file,
                    m.id,
                    "consult",
                    f"{m.consult!r} is not a consult_reason code in safety.toml",
                )
            )
        for brand in m.brand_info:
            if brand.source and source_kinds.get(brand.source) not in LEAFLET_KINDS:
                what = (
                    "unknown source id"
                    if brand.source not in source_kinds
                    else "not a leaflet or smpc source"
                )
                problems.append(
                    Problem(file, m.id, f"brands[{brand.name}].source", f"{brand.source!r}: {what}")
                )
    if problems:
        return problems  # relevance needs sound components and rules
    try:
        relevant = {m.id for m in parsed.entries if matters_for_magnesium(m, data_dir)}
    except (KnowledgeError, KeyError) as exc:
        return [Problem(FOLDER, "-", "-", f"cannot read the rules: {exc}")]
    for m in parsed.entries:
        if m.id not in relevant:
            continue
        for brand in m.brand_info:
            if not brand.checked:
                problems.append(
                    Problem(
                        parsed.files[m.id],
                        m.id,
                        f"brands[{brand.name}]",
                        "matters for magnesium: check the brand on a Danish leaflet or product "
                        "summary and cite it as source, or leave the brand out",
                    )
                )
    return problems


def clear_caches() -> None:
    """Forget the parsed catalogue (after the data changed)."""
    _parsed.cache_clear()
    _index.cache_clear()
    _fractions.cache_clear()
