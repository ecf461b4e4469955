"""Everyday portions that close a magnesium gap, most magnesium per portion first."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from krampe.domain.vocab import LANGS
from krampe.knowledge import ffq, loaders
from krampe.knowledge.models import Text

from .answers import DietError

DEFAULT_LIMIT = 8

_SENTENCE = {
    "da": "{name}: {portion} giver {mg} mg – {n} × om dagen dækker forskellen",
    "en": "{name}: {portion} gives {mg} mg – {n} × a day closes the gap",
}


@dataclass(frozen=True)
class SuggestedPortion:
    """One suggestion: a usual portion, its magnesium, and how many close the gap."""

    food_id: str
    name: Text
    portion: Text
    grams: float
    mg_per_portion: float
    portions_to_close_gap: int
    sources: tuple[str, ...]
    note: Text | None = None
    lang: str = "da"

    def text(self, lang: str | None = None) -> str:
        """A one-line suggestion in ``lang`` (default: the language it was made in)."""
        lang = lang or self.lang
        template = _SENTENCE["da" if lang == "da" else "en"]
        portion = self.portion.text(lang)
        if " g" not in portion and "ml" not in portion:
            portion += f" ({self.grams:g} g)"
        return template.format(
            name=self.name.text(lang),
            portion=portion,
            mg=f"{self.mg_per_portion:.0f}",
            n=self.portions_to_close_gap,
        )


def excluded_food_ids(
    exclusions: Iterable[str], *, data_dir: Path | str | None = None
) -> frozenset[str]:
    """Ids of the foods the stated exclusions rule out (DietError for an unknown code)."""
    questions = ffq.questionnaire(data_dir)
    known = {e.code: e for e in questions.exclusions}
    rules = []
    for code in exclusions:
        if code not in known:
            raise DietError(f"exclusions: {code!r} is not allowed; allowed: {', '.join(known)}")
        rules.append(known[code])
    return frozenset(
        food.id for food in loaders.foods(data_dir) if any(r.excludes(food) for r in rules)
    )


def suggestions(
    gap_mg_per_day: float,
    exclusions: Iterable[str] = (),
    lang: str = "da",
    *,
    limit: int = DEFAULT_LIMIT,
    data_dir: Path | str | None = None,
) -> tuple[SuggestedPortion, ...]:
    """Everyday portions that close ``gap_mg_per_day``, most magnesium per portion first.

    Foods ruled out by ``exclusions`` (codes from ffq.toml: nut_allergy,
    vegan, no_fish) are left out. Each suggestion says how many of its
    portions a day would close the gap on their own. No gap, no suggestions.
    ``lang`` ("da" or "en") is the language of :meth:`SuggestedPortion.text`;
    names and portions carry both languages.
    """
    if lang not in LANGS:
        raise DietError(f"lang: {lang!r} is not allowed; allowed: {', '.join(LANGS)}")
    excluded = excluded_food_ids(exclusions, data_dir=data_dir)
    if gap_mg_per_day <= 0:
        return ()
    found = []
    for entry in ffq.questionnaire(data_dir).suggestions:
        if entry.food_id in excluded:
            continue
        food = loaders.food(entry.food_id, data_dir)
        portion = next(
            p
            for p in loaders.portions_for(food.id, data_dir)
            if p.unit == entry.portion_unit and p.grams == entry.portion_grams
        )
        mg = entry.portion_grams * food.mg_per_100g / 100
        if mg <= 0:
            continue
        found.append(
            SuggestedPortion(
                food_id=food.id,
                name=food.name,
                portion=portion.label,
                grams=entry.portion_grams,
                mg_per_portion=mg,
                # A tiny tolerance so 2.0000001 portions does not become 3.
                portions_to_close_gap=math.ceil(gap_mg_per_day / mg - 1e-9),
                sources=tuple(dict.fromkeys((*food.sources, *portion.sources, *entry.sources))),
                note=entry.note,
                lang=lang,
            )
        )
    found.sort(key=lambda s: (-s.mg_per_portion, s.food_id))
    return tuple(found[:limit])
