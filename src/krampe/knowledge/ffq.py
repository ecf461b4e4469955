"""The diet questionnaire in ``data/ffq.toml``: its tables, the assembled questionnaire, checks.

The questionnaire is data so that its items, portions and rules can be
read and reviewed like the rest of the knowledge base. Each item stands for
one food or an equal-weight mix of foods in ``foods.csv``; its portion is a
row of ``food_portions.csv``. :func:`check_ffq` lists every problem with
file, entry and field (``krampe kb check`` runs the same checks);
:func:`questionnaire` refuses broken data with a
:class:`~krampe.knowledge.schema.KnowledgeError`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import AfterValidator, ValidationInfo, field_validator, model_validator

from krampe.knowledge.checking import Knowledge, check
from krampe.knowledge.foods import FOODS, PORTIONS, Food, FoodGroup, FoodId, PortionUnit
from krampe.knowledge.schema import (
    Code,
    Codes,
    Count,
    Entry,
    FieldError,
    KnowledgeError,
    NotNegative,
    Positive,
    Problem,
    Ref,
    SomeCodes,
    SourceIds,
    Text,
)
from krampe.knowledge.tables import DataDir, Table, cached, data_root, load, register

FILE = "ffq.toml"
# "About 25 items" is the product promise; a few more or fewer is fine.
MIN_ITEMS = 20
MAX_ITEMS = 35
REQUIRED_NOTES = ("estimate", "blood_test")
E = TypeVar("E")


def _some_numbers(values: tuple[float, ...]) -> tuple[float, ...]:
    if not values:
        raise ValueError("must be a non-empty list of numbers")
    return values


class Head(Entry):
    """The ``[questionnaire]`` table: version, sources and the answer choices."""

    id: Code
    version: Count
    sources: SourceIds
    portion_choices: Annotated[tuple[Positive, ...], AfterValidator(_some_numbers)]
    per_day_choices: Annotated[tuple[NotNegative, ...], AfterValidator(_some_numbers)]


class Frequency(Entry):
    """An answer to "how often": ``per_week`` occasions a week."""

    code: Code
    label: Text
    per_week: NotNegative
    sources: SourceIds

    @property
    def per_day(self) -> float:
        return self.per_week / 7


class Group(Entry):
    """A group of items (one screen in the web app)."""

    id: Code
    title: Text
    sources: SourceIds


FoodIds = Annotated[Codes, Ref("foods", "{!r} is not a food in foods.csv")]


class Item(Entry):
    """One question. ``weights`` are the shares of ``foods`` (equal when not given)."""

    id: Code
    group: Annotated[Code, Ref("groups", "{!r} is not a [[group]] id")]
    name: Text
    question: Text
    ask: Literal["frequency", "per_day"]
    foods: Annotated[SomeCodes, Ref("foods", "{!r} is not a food in foods.csv")]
    portion_food: Code
    portion_unit: PortionUnit
    portion_grams: Positive
    portion_label: Text
    sources: SourceIds
    variants: FoodIds = ()
    weights: tuple[Positive, ...] = ()

    @field_validator("weights")
    @classmethod
    def _weights_share_the_foods(
        cls, weights: tuple[float, ...], info: ValidationInfo
    ) -> tuple[float, ...]:
        foods = info.data.get("foods")
        if foods is not None and len(weights) != len(foods):
            raise ValueError("must be one number above 0 per food in foods")
        if abs(sum(weights) - 1) > 1e-6:
            raise ValueError(f"must add up to 1, add up to {sum(weights):g}")
        return weights

    @model_validator(mode="after")
    def _portion_of_its_foods(self) -> Item:
        if self.variants and (len(self.foods) != 1 or self.foods[0] != self.variants[0]):
            raise FieldError("variants", "an item with variants has one food, the first variant")
        if self.portion_food not in (*self.foods, *self.variants):
            raise FieldError("portion_food", "must be one of the item's foods")
        return self

    def shares(self, variant: str | None = None) -> tuple[tuple[str, float], ...]:
        """(food id, share) pairs; a chosen variant replaces the foods."""
        if variant is not None:
            return ((variant, 1.0),)
        weights = self.weights or tuple(1 / len(self.foods) for _ in self.foods)
        return tuple(zip(self.foods, weights, strict=True))


class Exclusion(Entry):
    """A stated exclusion: the food groups and foods it rules out."""

    code: Code
    label: Text
    groups: tuple[FoodGroup, ...] = ()
    foods: FoodIds = ()
    sources: SourceIds

    @model_validator(mode="after")
    def _excludes_something(self) -> Exclusion:
        if not self.groups and not self.foods:
            raise FieldError("foods", "an exclusion needs groups or foods")
        return self

    def excludes(self, food: Food) -> bool:
        return food.group in self.groups or food.id in self.foods


class Suggestion(Entry):
    """An everyday portion offered to close a gap."""

    food_id: FoodId
    portion_unit: PortionUnit
    portion_grams: Positive
    sources: SourceIds
    note: Text | None = None


class Note(Entry):
    """A text shown with every estimate (e.g. "this is an estimate")."""

    code: Code
    text: Text
    sources: SourceIds


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: int
    sources: tuple[str, ...]
    portion_choices: tuple[float, ...]
    per_day_choices: tuple[float, ...]
    frequencies: tuple[Frequency, ...]
    groups: tuple[Group, ...]
    items: tuple[Item, ...]
    exclusions: tuple[Exclusion, ...]
    suggestions: tuple[Suggestion, ...]
    notes: tuple[Note, ...]

    def item(self, item_id: str) -> Item:
        """One item by id (KeyError if unknown)."""
        return _find(self.items, "id", item_id)

    def frequency(self, code: str) -> Frequency:
        """One frequency by code (KeyError if unknown)."""
        return _find(self.frequencies, "code", code)

    def exclusion(self, code: str) -> Exclusion:
        """One exclusion by code (KeyError if unknown)."""
        return _find(self.exclusions, "code", code)

    def note(self, code: str) -> Note:
        """One note by code (KeyError if unknown)."""
        return _find(self.notes, "code", code)

    def items_in(self, group_id: str) -> tuple[Item, ...]:
        """The items of one group, in file order."""
        return tuple(i for i in self.items if i.group == group_id)


def _find(entries: tuple[E, ...], field: str, key: str) -> E:
    for entry in entries:
        if getattr(entry, field) == key:
            return entry
    raise KeyError(key)


# --- checks that look across entries and files --------------------------------------


def _portion_rows(kb: Knowledge) -> set[tuple[str, str, float]]:
    return {(r.value.food_id, r.value.unit, r.value.grams) for r in kb.rows(PORTIONS)}


def _has_never(kb: Knowledge) -> Iterator[Problem]:
    if not any(r.value.code == "never" and r.value.per_week == 0 for r in kb.rows(FREQUENCIES)):
        yield Problem(FILE, "-", "frequency", "needs a frequency 'never' with per_week = 0")


def _groups_have_items(kb: Knowledge) -> Iterator[Problem]:
    used = kb.values(ITEMS, "group")
    for row in kb.rows(GROUPS):
        if row.value.id not in used:
            yield row.problem("id", "group has no items")


def _items(kb: Knowledge) -> Iterator[Problem]:
    rows = kb.rows(ITEMS)
    portions = _portion_rows(kb)
    for row in rows:
        item = row.value
        if (item.portion_food, item.portion_unit, item.portion_grams) not in portions:
            yield row.problem(
                "portion_grams",
                f"no row {item.portion_food},{item.portion_unit},{item.portion_grams:g} "
                "in food_portions.csv",
            )
    if not MIN_ITEMS <= len(rows) <= MAX_ITEMS:
        yield Problem(FILE, "-", "item", f"{len(rows)} items, need {MIN_ITEMS}-{MAX_ITEMS}")


def _suggested_portions_exist(kb: Knowledge) -> Iterator[Problem]:
    portions, foods = _portion_rows(kb), kb.values(FOODS)
    for row in kb.rows(SUGGESTIONS):
        s = row.value
        if s.food_id in foods and (s.food_id, s.portion_unit, s.portion_grams) not in portions:
            yield row.problem(
                "portion_grams",
                f"no row {s.food_id},{s.portion_unit},{s.portion_grams:g} in food_portions.csv",
            )


def _required_notes(kb: Knowledge) -> Iterator[Problem]:
    codes = kb.values(NOTES)
    for code in REQUIRED_NOTES:
        if code not in codes:
            yield Problem(FILE, "-", "note", f"needs a note with code {code!r}")


HEAD = register(Table("questionnaire", Head, FILE, key="questionnaire", single=True))
FREQUENCIES = register(
    Table("frequencies", Frequency, FILE, key="frequency", id_field="code", checks=(_has_never,))
)
GROUPS = register(Table("groups", Group, FILE, key="group", checks=(_groups_have_items,)))
ITEMS = register(Table("items", Item, FILE, key="item", checks=(_items,)))
EXCLUSIONS = register(Table("exclusions", Exclusion, FILE, key="exclusion", id_field="code"))
SUGGESTIONS = register(
    Table(
        "suggestions",
        Suggestion,
        FILE,
        key="suggestion",
        id_field="food_id",
        checks=(_suggested_portions_exist,),
    )
)
NOTES = register(Table("notes", Note, FILE, key="note", id_field="code", checks=(_required_notes,)))
FFQ_TABLES = (HEAD, FREQUENCIES, GROUPS, ITEMS, EXCLUSIONS, SUGGESTIONS, NOTES)


def check_ffq(data_dir: DataDir = None) -> list[Problem]:
    """Every problem in ``ffq.toml``, including references to foods, portions and sources."""
    return check(FFQ_TABLES, data_dir)


def questionnaire(data_dir: DataDir = None) -> Questionnaire:
    """The diet questionnaire: frequencies, groups, items, exclusions, suggestions, notes.

    Refused (:class:`KnowledgeError`) when :func:`check_ffq` finds any problem,
    references to other files included.
    """
    return _questionnaire(data_root(data_dir))


@cached
def _questionnaire(root: Path) -> Questionnaire:
    problems = check_ffq(root)
    if problems:
        raise KnowledgeError(problems)
    (head,) = load(HEAD, root)
    return Questionnaire(
        id=head.id,
        version=head.version,
        sources=head.sources,
        portion_choices=head.portion_choices,
        per_day_choices=head.per_day_choices,
        frequencies=load(FREQUENCIES, root),
        groups=load(GROUPS, root),
        items=load(ITEMS, root),
        exclusions=load(EXCLUSIONS, root),
        suggestions=load(SUGGESTIONS, root),
        notes=load(NOTES, root),
    )
