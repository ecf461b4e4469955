"""Foods, everyday portions and waters (``foods.csv``, ``food_portions.csv``, ``water.toml``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import model_validator

from krampe.knowledge.checking import Knowledge
from krampe.knowledge.schema import (
    Code,
    Entry,
    FieldError,
    Labels,
    NotNegative,
    Positive,
    Problem,
    Ref,
    SourceIds,
    Text,
)
from krampe.knowledge.tables import DataDir, Table, by_id, cached, data_root, load, register

MIN_FOODS = 150
FoodGroup = Literal[
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
]
FOOD_GROUPS: tuple[str, ...] = get_args(FoodGroup)
PortionUnit = Literal[
    "skive", "dl", "håndfuld", "stk", "spsk", "tsk", "glas", "kop", "portion", "liter"
]
FoodId = Annotated[Code, Ref("foods", "{!r} is not a food in foods.csv")]


class Food(Entry):
    id: Code
    group: FoodGroup
    name: Text
    synonyms: Labels = ()  # extra search words in either language
    mg_per_100g: NotNegative  # per 100 ml for drinks and water
    sources: SourceIds
    source_food_id: str = ""  # the food's id in its source (NDB number, Ciqual code)
    note: str = ""


class Portion(Entry):
    food_id: FoodId
    unit: PortionUnit
    label: Text
    grams: Positive
    sources: SourceIds


class Water(Entry):
    id: Code
    food_id: FoodId
    name: Text
    mg_per_litre: NotNegative
    mg_per_litre_min: NotNegative
    mg_per_litre_max: NotNegative
    sources: SourceIds

    @model_validator(mode="after")
    def _typical_in_range(self) -> Water:
        if not self.mg_per_litre_min <= self.mg_per_litre <= self.mg_per_litre_max:
            raise FieldError("mg_per_litre", "must lie between the min and max")
        return self


def _at_least_150_foods(kb: Knowledge) -> Iterator[Problem]:
    count = len(kb.rows(FOODS))
    if count < MIN_FOODS:
        yield Problem(FOODS.files, "-", "-", f"{count} foods, need at least {MIN_FOODS}")


def _portion_row(raw: Mapping[str, Any], index: int) -> str:
    return f"row {index + 2} ({raw.get('food_id') or '?'})"  # +2: header, 1-based


FOODS = register(Table("foods", Food, "foods.csv", checks=(_at_least_150_foods,)))
PORTIONS = register(
    Table("portions", Portion, "food_portions.csv", id_field="", label=_portion_row)
)
WATERS = register(Table("waters", Water, "water.toml", key="water"))


def foods(data_dir: DataDir = None) -> tuple[Food, ...]:
    """Foods with magnesium per 100 g (per 100 ml for drinks)."""
    return load(FOODS, data_dir)


def food(food_id: str, data_dir: DataDir = None) -> Food:
    """One food by id (KeyError if unknown)."""
    return by_id(FOODS, data_dir)[food_id]


def portions(data_dir: DataDir = None) -> tuple[Portion, ...]:
    """Every portion of every food, in file order."""
    return load(PORTIONS, data_dir)


@cached
def _portions_by_food(root: Path) -> dict[str, tuple[Portion, ...]]:
    grouped: dict[str, list[Portion]] = {}
    for portion in portions(root):
        grouped.setdefault(portion.food_id, []).append(portion)
    return {k: tuple(v) for k, v in grouped.items()}


def portions_for(food_id: str, data_dir: DataDir = None) -> tuple[Portion, ...]:
    """A food's portions; the first one is its usual portion. Empty if none."""
    return _portions_by_food(data_root(data_dir)).get(food_id, ())


def waters(data_dir: DataDir = None) -> tuple[Water, ...]:
    """Tap water and mineral waters."""
    return load(WATERS, data_dir)
