"""Field specifications for every table in the data files, and the coercion
that turns a raw TOML table or CSV row into model arguments.

One spec serves both the loaders (which refuse broken data) and
``krampe kb check`` (which lists every problem), so the two cannot drift.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from krampe.knowledge.models import Text

ID_RE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")
# WHO ATC levels: 1, 3, 4, 5 or 7 characters (A, A10, A10B, A10BA, A10BA02).
ATC_RE = re.compile(r"^[A-Z]([0-9]{2}([A-Z]([A-Z]([0-9]{2})?)?)?)?$")
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
PMID_RE = re.compile(r"^[0-9]{1,9}$")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the data: where it is and what is wrong."""

    file: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.field}: {self.message}"


class KnowledgeError(ValueError):
    """Raised by a loader when its file does not pass the checks."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        shown = "; ".join(str(p) for p in self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(f"knowledge data is invalid: {shown}{more}")


# Field kinds:
#   id      snake_case string, required, unique in its table
#   str     non-empty string (or optional: may be empty)
#   code    snake_case string
#   atc     ATC code
#   int     integer > 0;  num: number >= 0;  pos: number > 0
#   bool    true / false
#   text    bilingual: <name>_da and <name>_en, both non-empty
#   texts   bilingual lists: <name>_da and <name>_en, same length
#   strs    list of non-empty strings;  codes: list of snake_case codes
#   atcs    list of ATC codes;  sources: non-empty list of source ids
@dataclass(frozen=True)
class Spec:
    name: str
    kind: str
    required: bool = True
    choices: tuple[str, ...] = ()
    attr: str = ""  # model attribute when it differs from the file name

    @property
    def attribute(self) -> str:
        return self.attr or self.name

    def file_fields(self) -> tuple[str, ...]:
        if self.kind in ("text", "texts"):
            return (f"{self.name}_da", f"{self.name}_en")
        return (self.name,)


@dataclass(frozen=True)
class Table:
    """One kind of entry: where it lives and what fields it has."""

    file: str  # path relative to the data dir
    key: str  # TOML array-of-tables name, "" for CSV rows
    id_field: str  # "id" or "code"; "" when entries have no id (portions)
    specs: tuple[Spec, ...]
    csv: bool = False
    single: bool = False  # a single [table], not [[array]]
    extra: tuple[str, ...] = field(default=())  # allowed fields not turned into model args


def S(name: str, kind: str = "str", **kw: Any) -> Spec:
    return Spec(name, kind, **kw)


SOURCE_KINDS = (
    "guideline",
    "review",
    "trial",
    "label",
    "database",
    "article",
    "convention",
    "leaflet",
    "smpc",
)
FOOD_GROUPS = (
    "bread",
    "cereals",
    "nuts_seeds",
    "legumes",
    "vegetables",
    "potatoes",
    "fruit",
    "dairy",
    "cheese",
    "eggs",
    "fish",
    "meat",
    "sweets",
    "drinks",
    "water",
    "other",
)
PORTION_UNITS = (
    "skive",
    "dl",
    "håndfuld",
    "stk",
    "spsk",
    "tsk",
    "glas",
    "kop",
    "portion",
    "liter",
)
LEVELS = ("low", "moderate", "high")
CERTAINTY = ("high", "moderate", "low", "very_low")

SOURCE = Table(
    "sources/*.toml",
    "source",
    "id",
    (
        S("id", "id"),
        S("title"),
        S("publisher"),
        S("year", "int"),
        S("kind", choices=SOURCE_KINDS),
        S("url", required=False),
        S("doi", required=False),
        S("pmid", required=False),
    ),
)
FORM = Table(
    "forms.toml",
    "form",
    "id",
    (
        S("id", "id"),
        S("name", "text"),
        S("family", "code"),
        S("formula"),
        S("hydrate", "code"),
        S("default_for_family", "bool"),
        S("laxative", choices=LEVELS),
        S("stomach", "text"),
        S("absorption", "text"),
        S("price_tier", choices=("low", "medium", "high")),
        S("sources", "sources"),
    ),
)
INTAKE = Table(
    "intakes.toml",
    "intake",
    "id",
    (
        S("id", "id"),
        S("system", choices=("NNR2023", "EFSA2015", "NNR2012")),
        S("kind", choices=("AI", "RI")),
        S("age_min", "num"),
        S("age_max", "pos"),
        S("sex", choices=("female", "male", "any")),
        S("state", choices=("any", "pregnant", "lactating")),
        S("mg_per_day", "pos"),
        S("sources", "sources"),
    ),
)
UPPER_LEVEL = Table(
    "intakes.toml",
    "upper_level",
    "id",
    (
        S("id", "id"),
        S("mg_per_day", "pos"),
        S("applies_to", "text"),
        S("age_min", "num"),
        S("includes_pregnancy_and_lactation", "bool"),
        S("sources", "sources"),
        S("note", "text", required=False),
    ),
    single=True,
)
FOOD = Table(
    "foods.csv",
    "",
    "id",
    (
        S("id", "id"),
        S("group", choices=FOOD_GROUPS),
        S("name", "text"),
        S("synonyms", "strs", required=False),
        S("mg_per_100g", "num"),
        S("sources", "sources"),
        S("source_food_id", required=False),
        S("note", required=False),
    ),
    csv=True,
)
PORTION = Table(
    "food_portions.csv",
    "",
    "",
    (
        S("food_id", "code"),
        S("unit", choices=PORTION_UNITS),
        S("label", "text"),
        S("grams", "pos"),
        S("sources", "sources"),
    ),
    csv=True,
)
WATER = Table(
    "water.toml",
    "water",
    "id",
    (
        S("id", "id"),
        S("food_id", "code"),
        S("name", "text"),
        S("mg_per_litre", "num"),
        S("mg_per_litre_min", "num"),
        S("mg_per_litre_max", "num"),
        S("sources", "sources"),
    ),
)
RULE = Table(
    "interactions.toml",
    "rule",
    "id",
    (
        S("id", "id"),
        S("atc", "atcs"),
        S("action", choices=("space", "avoid")),
        S("med_before_mg_h", "num"),
        S("med_after_mg_h", "num"),
        S("note", "text"),
        S("sources", "sources"),
    ),
)
SYMPTOM = Table(
    "safety.toml",
    "symptom",
    "code",
    (S("code", "id"), S("label", "text"), S("sources", "sources")),
)
CONDITION = Table(
    "safety.toml",
    "condition",
    "code",
    (S("code", "id"), S("label", "text"), S("sources", "sources")),
)
RED_FLAG = Table(
    "safety.toml",
    "red_flag",
    "code",
    (
        S("code", "id"),
        S("severity", choices=("urgent", "soon")),
        S("symptoms", "codes", required=False),
        S("conditions", "codes", required=False),
        S("title", "text"),
        S("advice", "text"),
        S("sources", "sources"),
    ),
)
CONSULT_REASON = Table(
    "safety.toml",
    "consult_reason",
    "code",
    (S("code", "id"), S("title", "text"), S("advice", "text"), S("sources", "sources")),
)
DEFICIENCY_RISK = Table(
    "safety.toml",
    "deficiency_risk",
    "code",
    (
        S("code", "id"),
        S("conditions", "codes", required=False),
        S("medicine_classes", "codes", required=False),
        S("age_min", "pos", required=False),
        S("title", "text"),
        S("advice", "text"),
        S("sources", "sources"),
    ),
)
DEFICIENCY_SIGN = Table(
    "safety.toml",
    "deficiency_sign",
    "code",
    (
        S("code", "id"),
        S("symptoms", "codes", required=False),
        S("title", "text"),
        S("sources", "sources"),
    ),
)
EXCESS_SIGN = Table(
    "safety.toml",
    "excess_sign",
    "code",
    (
        S("code", "id"),
        S("symptoms", "codes", required=False),
        S("title", "text"),
        S("advice", "text", required=False),
        S("sources", "sources"),
    ),
)
SERUM_STAGE = Table(
    "safety.toml",
    "serum_stage",
    "id",
    (
        S("id", "id"),
        S("meq_per_l_min", "pos"),
        S("meq_per_l_max", "pos", required=False),
        S("signs", "text"),
        S("sources", "sources"),
    ),
)
STRATEGY = Table(
    "strategies.toml",
    "strategy",
    "id",
    (
        S("id", "id"),
        S("title", "text"),
        S("body", "text"),
        S("steps", "texts", required=False),
        S("evidence", choices=("high", "moderate", "low", "very_low", "insufficient")),
        S("sources", "sources"),
    ),
)
STATEMENT = Table(
    "evidence.toml",
    "statement",
    "id",
    (
        S("id", "id"),
        S("topic", "code"),
        S("article_claim", "text"),
        S("evidence", "text"),
        S("certainty", choices=CERTAINTY),
        S("sources", "sources"),
    ),
)

ALL_TABLES = (
    SOURCE,
    FORM,
    INTAKE,
    UPPER_LEVEL,
    FOOD,
    PORTION,
    WATER,
    RULE,
    SYMPTOM,
    CONDITION,
    RED_FLAG,
    CONSULT_REASON,
    DEFICIENCY_RISK,
    DEFICIENCY_SIGN,
    EXCESS_SIGN,
    SERUM_STAGE,
    STRATEGY,
    STATEMENT,
)


def entry_label(table: Table, raw: Mapping[str, Any], index: int) -> str:
    """How a problem names the entry: its id, or a position when it has none."""
    if table.id_field:
        value = raw.get(table.id_field)
        if isinstance(value, str) and value.strip():
            return value.strip()
        return f"#{index + 1}"
    if table is PORTION:
        return f"row {index + 2} ({raw.get('food_id', '?')})"  # +2: header, 1-based
    return f"#{index + 1}"


def _split(value: Any) -> Any:
    """CSV lists are ``;``-separated."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


def coerce(
    table: Table, raw: Mapping[str, Any], file: str, entry: str
) -> tuple[dict[str, Any], list[Problem]]:
    """Check one raw entry against ``table`` and return (model kwargs, problems)."""
    problems: list[Problem] = []
    out: dict[str, Any] = {}

    def bad(name: str, message: str) -> None:
        problems.append(Problem(file, entry, name, message))

    known = {f for spec in table.specs for f in spec.file_fields()} | set(table.extra)
    for name in raw:
        if name not in known:
            bad(name, f"unknown field (allowed: {', '.join(sorted(known))})")

    for spec in table.specs:
        value = _coerce_field(spec, raw, table.csv, bad)
        if value is not _MISSING:
            out[spec.attribute] = value
    return out, problems


class _Missing:
    pass


_MISSING: Any = _Missing()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _coerce_field(spec: Spec, raw: Mapping[str, Any], csv: bool, bad: Any) -> Any:
    kind = spec.kind
    if kind == "text":
        da, en = raw.get(f"{spec.name}_da"), raw.get(f"{spec.name}_en")
        if _blank(da) and _blank(en) and not spec.required:
            return None
        ok = True
        for lang, value in (("da", da), ("en", en)):
            if not isinstance(value, str) or not value.strip():
                bad(f"{spec.name}_{lang}", "missing or empty: every text needs Danish and English")
                ok = False
        return Text(str(da).strip(), str(en).strip()) if ok else _MISSING
    if kind == "texts":
        da, en = raw.get(f"{spec.name}_da"), raw.get(f"{spec.name}_en")
        if da is None and en is None and not spec.required:
            return ()
        lists = []
        for lang, value in (("da", da), ("en", en)):
            if not isinstance(value, list) or not all(
                isinstance(v, str) and v.strip() for v in value
            ):
                bad(f"{spec.name}_{lang}", "must be a list of non-empty strings")
                return _MISSING
            lists.append(value)
        if len(lists[0]) != len(lists[1]):
            bad(f"{spec.name}_en", f"has {len(lists[1])} items, {spec.name}_da has {len(lists[0])}")
            return _MISSING
        return tuple(Text(a.strip(), b.strip()) for a, b in zip(lists[0], lists[1], strict=True))

    value = raw.get(spec.name)
    name = spec.name
    if kind in ("strs", "codes", "atcs", "sources"):
        value = _split(value) if csv else value
        if value is None:
            if spec.required:
                bad(name, "missing")
                return _MISSING
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            bad(name, "must be a list of strings")
            return _MISSING
        items = [v.strip() for v in value]
        if any(not v for v in items):
            bad(name, "contains an empty string")
            return _MISSING
        if spec.required and not items:
            bad(name, "must name at least one" + (" source id" if kind == "sources" else " item"))
            return _MISSING
        for item in items:
            if kind in ("codes", "sources") and not ID_RE.match(item):
                bad(name, f"{item!r} is not a snake_case code")
                return _MISSING
            if kind == "atcs" and not ATC_RE.match(item):
                bad(name, f"{item!r} is not a well-formed ATC code")
                return _MISSING
        return tuple(items)

    if _blank(value):
        if spec.required:
            bad(name, "missing or empty")
            return _MISSING
        if kind in ("pos", "num"):
            return None
        return ""
    if kind in ("id", "str", "code", "atc"):
        if not isinstance(value, str):
            if kind == "str" and isinstance(value, int) and not isinstance(value, bool):
                value = str(value)  # e.g. pmid = 12011773 written as a number
            else:
                bad(name, f"must be a string, got {type(value).__name__}")
                return _MISSING
        value = value.strip()
        if kind in ("id", "code") and not ID_RE.match(value):
            bad(name, f"{value!r} is not a lower-case snake_case code")
            return _MISSING
        if kind == "atc" and not ATC_RE.match(value):
            bad(name, f"{value!r} is not a well-formed ATC code (e.g. J01MA02)")
            return _MISSING
        if spec.choices and value not in spec.choices:
            bad(name, f"{value!r} is not one of {', '.join(spec.choices)}")
            return _MISSING
        return value
    if kind == "bool":
        if csv and isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        if not isinstance(value, bool):
            bad(name, "must be true or false")
            return _MISSING
        return value
    if kind in ("int", "num", "pos"):
        number: float
        if isinstance(value, bool):
            bad(name, "must be a number")
            return _MISSING
        if isinstance(value, int | float):
            number = value
        else:
            try:
                number = float(str(value).strip())
            except ValueError:
                bad(name, f"{value!r} is not a number")
                return _MISSING
        if number != number or number in (float("inf"), float("-inf")):
            bad(name, "must be a finite number")
            return _MISSING
        if kind == "int":
            if number != int(number) or number <= 0:
                bad(name, f"{value!r} must be a positive whole number")
                return _MISSING
            return int(number)
        if kind == "pos" and number <= 0:
            bad(name, f"{value!r} must be greater than 0")
            return _MISSING
        if kind == "num" and number < 0:
            bad(name, f"{value!r} must not be negative")
            return _MISSING
        return float(number)
    raise AssertionError(f"unknown field kind {kind}")  # a bug in the specs above
