"""What an entry of the data files may hold: field types, the entry base model, problems.

Every table's entries are pydantic models (see :mod:`krampe.knowledge.tables`)
built from the field types below. Each type says in one word what a field may
hold, and its validators raise the message ``krampe kb check`` prints. A
bilingual field is one :class:`Text` attribute written as ``<name>_da`` and
``<name>_en`` in the file; :class:`Entry` folds the pair before validation, so
a problem still names the file's field (``title_en``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    AllowInfNan,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Strict,
    ValidationInfo,
    model_validator,
)

Lang = Literal["da", "en"]
LANGS: tuple[Lang, ...] = ("da", "en")

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


class FieldError(ValueError):
    """Raised by a model validator to name the data file's field that is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


# --- validators -------------------------------------------------------------------


def _csv(parse: Callable[[str], Any]) -> BeforeValidator:
    """Convert a CSV cell (always a string) before validation; TOML values pass as they are."""

    def convert(value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str) and info.context is not None and info.context.get("csv"):
            return parse(value)
        return value

    return BeforeValidator(convert)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number") from None


def _flag(text: str) -> bool:
    if text.lower() not in ("true", "false"):
        raise ValueError("must be true or false")
    return text.lower() == "true"


def _split(text: str) -> list[str]:
    """CSV lists are ``;``-separated."""
    return [part.strip() for part in text.split(";") if part.strip()]


def _non_empty(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


def _snake(value: str) -> str:
    value = value.strip()
    if not ID_RE.match(value):
        raise ValueError(f"{value!r} is not a lower-case snake_case code")
    return value


def _atc(value: str) -> str:
    value = value.strip()
    if not ATC_RE.match(value):
        raise ValueError(f"{value!r} is not a well-formed ATC code (e.g. J01MA02)")
    return value


def _positive(value: float) -> float:
    if value <= 0:
        raise ValueError(f"{value:g} must be greater than 0")
    return value


def _not_negative(value: float) -> float:
    if value < 0:
        raise ValueError(f"{value:g} must not be negative")
    return value


def _some(values: tuple[Any, ...]) -> tuple[Any, ...]:
    if not values:
        raise ValueError("must name at least one item")
    return values


def _cited(values: tuple[str, ...]) -> tuple[str, ...]:
    if not values:
        raise ValueError("must name at least one source id")
    return values


@dataclass(frozen=True)
class Ref:
    """Marks a field whose values must exist in another table.

    ``table`` is the registered name of that table; ``field`` the field (as
    written in its files) holding the values, by default the table's id field.
    ``message`` is formatted with the unknown value: ``"unknown source id {!r}"``.
    """

    table: str
    message: str
    field: str = ""


# --- field types ------------------------------------------------------------------

# Strings are stripped. A Label must not be empty; a plain ``str`` with default "" is optional.
Label = Annotated[str, Strict(), AfterValidator(_non_empty)]
Code = Annotated[str, Strict(), AfterValidator(_snake)]  # lower-case snake_case
AtcCode = Annotated[str, Strict(), AfterValidator(_atc)]
# Numbers: a CSV cell is parsed; in TOML a number must be written as a number.
Number = Annotated[float, Strict(), AllowInfNan(False), _csv(_number)]
Positive = Annotated[Number, AfterValidator(_positive)]
NotNegative = Annotated[Number, AfterValidator(_not_negative)]
Count = Annotated[int, Strict(), _csv(_whole), AfterValidator(_positive)]
Flag = Annotated[bool, Strict(), _csv(_flag)]
# Lists: in CSV one cell, ``;``-separated. "Some" lists need at least one item.
Labels = Annotated[tuple[Label, ...], _csv(_split)]
SomeLabels = Annotated[tuple[Label, ...], _csv(_split), AfterValidator(_some)]
Codes = Annotated[tuple[Code, ...], _csv(_split)]
SomeCodes = Annotated[tuple[Code, ...], _csv(_split), AfterValidator(_some)]
SomeAtcCodes = Annotated[tuple[AtcCode, ...], _csv(_split), AfterValidator(_some)]
SourceIds = Annotated[
    tuple[Code, ...],
    _csv(_split),
    AfterValidator(_cited),
    Ref("sources", "unknown source id {!r}"),
]


@dataclass(frozen=True)
class Text:
    """One text in Danish and English (``<name>_da`` and ``<name>_en`` in a file)."""

    da: Label
    en: Label

    def text(self, lang: str) -> str:
        """The text in ``lang`` ("da" or "en"); anything else gives English."""
        return self.da if lang == "da" else self.en

    def __str__(self) -> str:
        return self.en


def _zip_texts(value: Any, info: ValidationInfo) -> Any:
    """``{"da": [...], "en": [...]}`` (a folded ``<name>_da``/``_en`` pair) to a list of Texts."""
    if not isinstance(value, Mapping):
        return value
    name = info.field_name or "texts"
    lists = []
    for lang in LANGS:
        items = value.get(lang)
        if not isinstance(items, list) or not all(isinstance(v, str) and v for v in items):
            raise FieldError(f"{name}_{lang}", "must be a list of non-empty strings")
        lists.append(items)
    da, en = lists
    if len(da) != len(en):
        raise FieldError(f"{name}_en", f"has {len(en)} items, {name}_da has {len(da)}")
    return [Text(a, b) for a, b in zip(da, en, strict=True)]


Texts = Annotated[tuple[Text, ...], BeforeValidator(_zip_texts)]


def _mentions(kind: Any, wanted: type) -> bool:
    return kind is wanted or any(_mentions(arg, wanted) for arg in get_args(kind))


@cache
def bilingual_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` written as a ``_da``/``_en`` pair in the files."""
    return tuple(n for n, f in model.model_fields.items() if _mentions(f.annotation, Text))


def file_name(model: type[BaseModel], name: str) -> str:
    """What the files call attribute ``name`` of ``model`` (``class`` for ``drug_class``)."""
    alias = model.model_fields[name].validation_alias
    return alias if isinstance(alias, str) else name


@cache
def file_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """Every field name an entry of ``model`` may use in a data file, sorted."""
    names: list[str] = []
    for name in model.model_fields:
        if name in bilingual_fields(model):
            names += [f"{name}_{lang}" for lang in LANGS]
        else:
            names.append(file_name(model, name))
    return tuple(sorted(names))


class Entry(BaseModel):
    """Base of every table model: frozen, no unknown fields, bilingual pairs folded.

    Strings are stripped and a blank value counts as left out, so an optional
    field may be written empty (as CSV cells are) and a required one reports
    "missing or empty".
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
        defer_build=True,
    )

    @model_validator(mode="before")
    @classmethod
    def _from_file(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        out: dict[str, Any] = {}
        for key, value in data.items():
            if isinstance(value, str):
                value = value.strip()
                if not value:
                    continue
            elif isinstance(value, list):
                value = [v.strip() if isinstance(v, str) else v for v in value]
            out[key] = value
        for name in bilingual_fields(cls):
            pair = {lang: out.pop(f"{name}_{lang}") for lang in LANGS if f"{name}_{lang}" in out}
            # ``name`` itself is given by code building a model from Text values (or, in
            # a file, by mistake: then that is the one problem reported for the pair).
            if name not in out and (pair or cls.model_fields[name].is_required()):
                out[name] = pair
        return out

    def to_dict(self) -> dict[str, Any]:
        """A flat, JSON-ready dict with the data file's field names.

        ``Text`` fields become ``<name>_da`` and ``<name>_en``; tuples become lists.
        """
        out: dict[str, Any] = {}
        model = type(self)
        for name in model.model_fields:
            value = getattr(self, name)
            key = file_name(model, name)
            if name in bilingual_fields(model):
                if isinstance(value, tuple):
                    out[f"{key}_da"] = [t.da for t in value]
                    out[f"{key}_en"] = [t.en for t in value]
                else:
                    out[f"{key}_da"] = value.da if value is not None else None
                    out[f"{key}_en"] = value.en if value is not None else None
            elif isinstance(value, tuple):
                out[key] = list(value)
            else:
                out[key] = value
        return out
