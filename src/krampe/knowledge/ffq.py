"""The diet questionnaire in ``data/ffq.toml``: typed loader and checks.

The questionnaire is data so that its items, portions and rules can be
read and reviewed like the rest of the knowledge base. Each item stands for
one food or an equal-weight mix of foods in ``foods.csv``; its portion is a
row of ``food_portions.csv``. :func:`check_ffq` lists every problem with
file, entry and field (``krampe kb check`` runs it); :func:`questionnaire`
refuses broken data with a :class:`~krampe.knowledge.schema.KnowledgeError`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from krampe.knowledge import loaders, models, schema
from krampe.knowledge.models import Text
from krampe.knowledge.schema import KnowledgeError, Problem, S, Table

FILE = "ffq.toml"
# "About 25 items" is the product promise; a few more or fewer is fine.
MIN_ITEMS = 20
MAX_ITEMS = 35
ASK_KINDS = ("frequency", "per_day")
REQUIRED_NOTES = ("estimate", "blood_test")

QUESTIONNAIRE = Table(
    FILE,
    "questionnaire",
    "id",
    (S("id", "id"), S("version", "int"), S("sources", "sources")),
    single=True,
    extra=("portion_choices", "per_day_choices"),
)
FREQUENCY = Table(
    FILE,
    "frequency",
    "code",
    (S("code", "id"), S("label", "text"), S("per_week", "num"), S("sources", "sources")),
)
GROUP = Table(FILE, "group", "id", (S("id", "id"), S("title", "text"), S("sources", "sources")))
ITEM = Table(
    FILE,
    "item",
    "id",
    (
        S("id", "id"),
        S("group", "code"),
        S("name", "text"),
        S("question", "text"),
        S("ask", choices=ASK_KINDS),
        S("foods", "codes"),
        S("variants", "codes", required=False),
        S("portion_food", "code"),
        S("portion_unit", choices=schema.PORTION_UNITS),
        S("portion_grams", "pos"),
        S("portion_label", "text"),
        S("sources", "sources"),
    ),
    extra=("weights",),
)
EXCLUSION = Table(
    FILE,
    "exclusion",
    "code",
    (
        S("code", "id"),
        S("label", "text"),
        S("groups", "codes", required=False),
        S("foods", "codes", required=False),
        S("sources", "sources"),
    ),
)
SUGGESTION = Table(
    FILE,
    "suggestion",
    "",
    (
        S("food_id", "code"),
        S("portion_unit", choices=schema.PORTION_UNITS),
        S("portion_grams", "pos"),
        S("note", "text", required=False),
        S("sources", "sources"),
    ),
)
NOTE = Table(FILE, "note", "code", (S("code", "id"), S("text", "text"), S("sources", "sources")))


@dataclass(frozen=True)
class Frequency:
    """An answer to "how often": ``per_week`` occasions a week."""

    code: str
    label: Text
    per_week: float
    sources: tuple[str, ...]

    @property
    def per_day(self) -> float:
        return self.per_week / 7


@dataclass(frozen=True)
class Group:
    """A group of items (one screen in the web app)."""

    id: str
    title: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    """One question. ``weights`` are the shares of ``foods`` (equal when not given)."""

    id: str
    group: str
    name: Text
    question: Text
    ask: str
    foods: tuple[str, ...]
    portion_food: str
    portion_unit: str
    portion_grams: float
    portion_label: Text
    sources: tuple[str, ...]
    variants: tuple[str, ...] = ()
    weights: tuple[float, ...] = ()

    def shares(self, variant: str | None = None) -> tuple[tuple[str, float], ...]:
        """(food id, share) pairs; a chosen variant replaces the foods."""
        if variant is not None:
            return ((variant, 1.0),)
        weights = self.weights or tuple(1 / len(self.foods) for _ in self.foods)
        return tuple(zip(self.foods, weights, strict=True))


@dataclass(frozen=True)
class Exclusion:
    """A stated exclusion: the food groups and foods it rules out."""

    code: str
    label: Text
    groups: tuple[str, ...]
    foods: tuple[str, ...]
    sources: tuple[str, ...]

    def excludes(self, food: models.Food) -> bool:
        return food.group in self.groups or food.id in self.foods


@dataclass(frozen=True)
class Suggestion:
    """An everyday portion offered to close a gap."""

    food_id: str
    portion_unit: str
    portion_grams: float
    sources: tuple[str, ...]
    note: Text | None = None


@dataclass(frozen=True)
class Note:
    """A text shown with every estimate (e.g. "this is an estimate")."""

    code: str
    text: Text
    sources: tuple[str, ...]


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
        for entry in self.items:
            if entry.id == item_id:
                return entry
        raise KeyError(item_id)

    def frequency(self, code: str) -> Frequency:
        """One frequency by code (KeyError if unknown)."""
        for entry in self.frequencies:
            if entry.code == code:
                return entry
        raise KeyError(code)

    def exclusion(self, code: str) -> Exclusion:
        """One exclusion by code (KeyError if unknown)."""
        for entry in self.exclusions:
            if entry.code == code:
                return entry
        raise KeyError(code)

    def note(self, code: str) -> Note:
        """One note by code (KeyError if unknown)."""
        for entry in self.notes:
            if entry.code == code:
                return entry
        raise KeyError(code)

    def items_in(self, group_id: str) -> tuple[Item, ...]:
        """The items of one group, in file order."""
        return tuple(i for i in self.items if i.group == group_id)


# --- parsing ------------------------------------------------------------------


def _numbers(value: Any) -> tuple[float, ...] | None:
    """A list of finite numbers as floats, or None when it is not one."""
    if not isinstance(value, list):
        return None
    out: list[float] = []
    for v in value:
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            return None
        out.append(float(v))
    return tuple(out)


def _parse(root: Path) -> tuple[Questionnaire | None, list[Problem]]:
    problems: list[Problem] = []

    def table(tab: Table, build: Any, extra: Any = None) -> list[Any]:
        raw_entries, read_problems = loaders.read_raw(root, tab)
        problems.extend(read_problems)
        problems.extend(_duplicates(tab, raw_entries))
        out = []
        for file, index, raw in raw_entries:
            label = schema.entry_label(tab, raw, index)
            kwargs, entry_problems = schema.coerce(tab, raw, file, label)
            if extra is not None:
                entry_problems.extend(extra(raw, kwargs, file, label))
            problems.extend(entry_problems)
            if not entry_problems:
                out.append(build(**kwargs))
        return out

    head: dict[str, Any] = {}

    def head_extra(
        raw: dict[str, Any], kwargs: dict[str, Any], file: str, label: str
    ) -> list[Problem]:
        found = []
        for name, least in (("portion_choices", 0.0), ("per_day_choices", -1.0)):
            numbers = _numbers(raw.get(name))
            if not numbers or any(n <= least for n in numbers):
                what = "above 0" if least == 0 else "0 or more"
                found.append(
                    Problem(file, label, name, f"must be a non-empty list of numbers {what}")
                )
            else:
                head[name] = numbers
        return found

    def item_extra(
        raw: dict[str, Any], kwargs: dict[str, Any], file: str, label: str
    ) -> list[Problem]:
        if "weights" not in raw:
            return []
        weights = _numbers(raw["weights"])
        foods = kwargs.get("foods", ())
        if weights is None or len(weights) != len(foods) or any(w <= 0 for w in weights):
            return [Problem(file, label, "weights", "must be one number above 0 per food in foods")]
        if abs(sum(weights) - 1) > 1e-6:
            return [
                Problem(file, label, "weights", f"must add up to 1, add up to {sum(weights):g}")
            ]
        kwargs["weights"] = weights
        return []

    heads = table(QUESTIONNAIRE, dict, head_extra)
    frequencies = table(FREQUENCY, Frequency)
    groups = table(GROUP, Group)
    items = table(ITEM, Item, item_extra)
    exclusions = table(EXCLUSION, Exclusion)
    suggestions = table(SUGGESTION, Suggestion)
    notes = table(NOTE, Note)
    if not heads or len(head) != 2:
        return None, problems
    built = Questionnaire(
        id=heads[0]["id"],
        version=heads[0]["version"],
        sources=heads[0]["sources"],
        portion_choices=head["portion_choices"],
        per_day_choices=head["per_day_choices"],
        frequencies=tuple(frequencies),
        groups=tuple(groups),
        items=tuple(items),
        exclusions=tuple(exclusions),
        suggestions=tuple(suggestions),
        notes=tuple(notes),
    )
    return built, problems


def _duplicates(tab: Table, raw_entries: Iterable[loaders.RawEntry]) -> list[Problem]:
    if not tab.id_field:
        return []
    seen: set[str] = set()
    found = []
    for file, _index, raw in raw_entries:
        value = raw.get(tab.id_field)
        if isinstance(value, str) and value.strip():
            if value.strip() in seen:
                found.append(
                    Problem(file, value.strip(), tab.id_field, f"duplicate {tab.id_field}")
                )
            seen.add(value.strip())
    return found


# --- checks -------------------------------------------------------------------


def check_ffq(data_dir: Path | str | None = None) -> list[Problem]:
    """Every problem in ``ffq.toml``, including references to foods, portions and sources."""
    root = loaders.DATA_DIR if data_dir is None else Path(data_dir).resolve()
    built, problems = _parse(root)
    if built is None:
        return sorted(set(problems))
    # Read the food table leniently: its own problems are reported by validate.check.
    foods = {f.id: f for f in loaders.parse_table(root, schema.FOOD, models.Food)[0]}
    portion_rows = {
        (p.food_id, p.unit, p.grams)
        for p in loaders.parse_table(root, schema.PORTION, models.Portion)[0]
    }
    source_ids = {s.id for s in loaders.parse_table(root, schema.SOURCE, models.Source)[0]}

    def bad(entry: str, field: str, message: str) -> None:
        problems.append(Problem(FILE, entry, field, message))

    cited: list[tuple[str, tuple[str, ...]]] = [(built.id, built.sources)]
    cited += [(f.code, f.sources) for f in built.frequencies]
    cited += [(g.id, g.sources) for g in built.groups]
    cited += [(i.id, i.sources) for i in built.items]
    cited += [(e.code, e.sources) for e in built.exclusions]
    cited += [(s.food_id, s.sources) for s in built.suggestions]
    cited += [(n.code, n.sources) for n in built.notes]
    for entry, sids in cited:
        for sid in sids:
            if sid not in source_ids:
                bad(entry, "sources", f"unknown source id {sid!r}")

    if not any(f.code == "never" and f.per_week == 0 for f in built.frequencies):
        bad("-", "frequency", "needs a frequency 'never' with per_week = 0")

    group_ids = {g.id for g in built.groups}
    for group in built.groups:
        if not built.items_in(group.id):
            bad(group.id, "id", "group has no items")
    for item in built.items:
        if item.group not in group_ids:
            bad(item.id, "group", f"{item.group!r} is not a [[group]] id")
        for food_id in (*item.foods, *item.variants):
            if food_id not in foods:
                bad(item.id, "foods", f"{food_id!r} is not a food in foods.csv")
        if item.variants and (len(item.foods) != 1 or item.foods[0] != item.variants[0]):
            bad(item.id, "variants", "an item with variants has one food, the first variant")
        if item.portion_food not in (*item.foods, *item.variants):
            bad(item.id, "portion_food", "must be one of the item's foods")
        if (item.portion_food, item.portion_unit, item.portion_grams) not in portion_rows:
            bad(
                item.id,
                "portion_grams",
                f"no row {item.portion_food},{item.portion_unit},{item.portion_grams:g} "
                "in food_portions.csv",
            )
    if not MIN_ITEMS <= len(built.items) <= MAX_ITEMS:
        bad("-", "item", f"{len(built.items)} items, need {MIN_ITEMS}-{MAX_ITEMS}")

    for exclusion in built.exclusions:
        for food_group in exclusion.groups:
            if food_group not in schema.FOOD_GROUPS:
                bad(exclusion.code, "groups", f"{food_group!r} is not a food group in foods.csv")
        for food_id in exclusion.foods:
            if food_id not in foods:
                bad(exclusion.code, "foods", f"{food_id!r} is not a food in foods.csv")
        if not exclusion.groups and not exclusion.foods:
            bad(exclusion.code, "foods", "an exclusion needs groups or foods")

    seen: set[str] = set()
    for suggestion in built.suggestions:
        label = suggestion.food_id
        if label in seen:
            bad(label, "food_id", "suggested twice")
        seen.add(label)
        if label not in foods:
            bad(label, "food_id", "not a food in foods.csv")
        elif (label, suggestion.portion_unit, suggestion.portion_grams) not in portion_rows:
            bad(
                label,
                "portion_grams",
                f"no row {label},{suggestion.portion_unit},{suggestion.portion_grams:g} "
                "in food_portions.csv",
            )

    for code in REQUIRED_NOTES:
        if not any(n.code == code for n in built.notes):
            bad("-", "note", f"needs a note with code {code!r}")
    return sorted(set(problems))


# --- loader -------------------------------------------------------------------


@cache
def _questionnaire(root: Path) -> Questionnaire:
    problems = check_ffq(root)
    built, _ = _parse(root)
    if problems or built is None:
        raise KnowledgeError(problems or [Problem(FILE, "-", "-", "cannot be read")])
    return built


def questionnaire(data_dir: Path | str | None = None) -> Questionnaire:
    """The diet questionnaire: frequencies, groups, items, exclusions, suggestions, notes."""
    root = loaders.DATA_DIR if data_dir is None else Path(data_dir).resolve()
    return _questionnaire(root)


def clear_cache() -> None:
    """Forget the loaded questionnaire (for tests that edit a data copy in place)."""
    _questionnaire.cache_clear()
