"""Magnesium from the diet in mg/day, against the person's reference intake.

Every amount becomes grams (ml for drinks) a day, and magnesium is
grams × mg per 100 g / 100 from ``foods.csv``:

- questionnaire: portions a day = occasions a week / 7 × portions each
  time (or portions a day, or litres a day for drinks), grams a day =
  portions a day × the item's portion grams; a mixed item uses the
  weighted mean of its foods' values;
- food log: grams, or portions × the portion's grams; a weekly log is
  divided by 7.

Water counts: it is real magnesium. The reference is the NNR 2023
adequate intake for age, sex, pregnancy and lactation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from krampe.knowledge import ffq, loaders, search
from krampe.knowledge.models import Food, Intake, Portion, Text

from .answers import (
    DietAnswers,
    DietError,
    FoodLog,
    QuestionnaireAnswers,
    UnknownFoodError,
    parse_answers,
)
from .suggest import SuggestedPortion, suggestions

REFERENCE_SYSTEM = "NNR2023"
# Notes shown with every estimate, in this order (texts and sources in ffq.toml).
NOTE_CODES = ("estimate", "blood_test", "adequate_intake", "water")
# How many near matches an unknown food name lists.
MATCHES_SHOWN = 5


@dataclass(frozen=True)
class Contributor:
    """Magnesium a day from one questionnaire item or one logged food."""

    id: str
    kind: str  # "item" (questionnaire) or "food" (food log)
    food_ids: tuple[str, ...]
    name: Text
    mg_per_day: float
    share: float  # of the total intake, 0..1
    sources: tuple[str, ...]


@dataclass(frozen=True)
class FoodMatch:
    """How a typed food name in a food log was read."""

    query: str
    food_id: str
    name: Text
    matched_name: str
    score: float


@dataclass(frozen=True)
class DietEstimate:
    """The estimate with everything needed to show and explain it."""

    method: str  # "questionnaire" or "food_log"
    intake_mg_per_day: float
    reference: Intake
    gap_mg_per_day: float
    contributors: tuple[Contributor, ...]
    suggestions: tuple[SuggestedPortion, ...]
    exclusions: tuple[str, ...]
    notes: tuple[ffq.Note, ...]
    matches: tuple[FoodMatch, ...] = ()
    implausible: bool = False  # far above the reference: the person is asked to check

    @property
    def reference_mg_per_day(self) -> float:
        return self.reference.mg_per_day

    @property
    def share_of_reference(self) -> float:
        """The intake as a share of the reference (0.8 = 80 % of it)."""
        return self.intake_mg_per_day / self.reference_mg_per_day

    @property
    def reference_source(self) -> str:
        """The source id of the reference value (``nnr2023``)."""
        return self.reference.sources[0]

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        """A JSON-ready dict; ``name``, ``portion`` and ``text`` are in ``lang``."""
        return {
            "method": self.method,
            "lang": lang,
            "intake_mg_per_day": round(self.intake_mg_per_day, 1),
            "reference_mg_per_day": self.reference_mg_per_day,
            "reference_source": self.reference_source,
            "reference": {
                "id": self.reference.id,
                "system": self.reference.system,
                "kind": self.reference.kind,
                "sources": list(self.reference.sources),
            },
            "gap_mg_per_day": round(self.gap_mg_per_day, 1),
            "implausible": self.implausible,
            "contributors": [
                {
                    "id": c.id,
                    "kind": c.kind,
                    "food_ids": list(c.food_ids),
                    "name": c.name.text(lang),
                    "name_da": c.name.da,
                    "name_en": c.name.en,
                    "mg_per_day": round(c.mg_per_day, 1),
                    "share": round(c.share, 3),
                    "sources": list(c.sources),
                }
                for c in self.contributors
            ],
            "suggestions": [
                {
                    "food_id": s.food_id,
                    "name": s.name.text(lang),
                    "name_da": s.name.da,
                    "name_en": s.name.en,
                    "portion": s.portion.text(lang),
                    "portion_da": s.portion.da,
                    "portion_en": s.portion.en,
                    "grams": s.grams,
                    "mg_per_portion": round(s.mg_per_portion, 1),
                    "portions_to_close_gap": s.portions_to_close_gap,
                    "text": s.text(lang),
                    "note": s.note.text(lang) if s.note else None,
                    "sources": list(s.sources),
                }
                for s in self.suggestions
            ],
            "exclusions": list(self.exclusions),
            "notes": [
                {"code": n.code, "text": n.text.text(lang), "sources": list(n.sources)}
                for n in self.notes
            ],
            "matched_foods": [
                {
                    "input": m.query,
                    "food_id": m.food_id,
                    "name": m.name.text(lang),
                    "matched_name": m.matched_name,
                    "score": round(m.score, 1),
                }
                for m in self.matches
            ],
        }


def estimate(
    answers: DietAnswers | dict[str, Any],
    lang: str = "da",
    *,
    data_dir: Path | str | None = None,
) -> DietEstimate:
    """Estimate magnesium a day from questionnaire answers or a food log.

    ``answers`` is a decoded answers file (checked here) or an already
    parsed model. Raises :class:`DietError` (and its subclass
    :class:`UnknownFoodError`) naming the field and what is allowed.
    """
    parsed = answers if not isinstance(answers, dict) else parse_answers(answers, data_dir=data_dir)
    if isinstance(parsed, QuestionnaireAnswers):
        method = "questionnaire"
        raw = _from_questionnaire(parsed, data_dir)
        matches: tuple[FoodMatch, ...] = ()
    else:
        method = "food_log"
        raw, matches = _from_food_log(parsed, data_dir)
    total = sum(mg for *_, mg, _sources in raw)
    contributors = tuple(
        sorted(
            (
                Contributor(
                    id=key,
                    kind="item" if method == "questionnaire" else "food",
                    food_ids=food_ids,
                    name=name,
                    mg_per_day=mg,
                    share=mg / total if total > 0 else 0.0,
                    sources=sources,
                )
                for key, food_ids, name, mg, sources in raw
                if mg > 0
            ),
            key=lambda c: (-c.mg_per_day, c.id),
        )
    )
    profile = parsed.profile
    reference = loaders.reference_intake(
        profile.age,
        profile.sex,
        profile.pregnant,
        profile.lactating,
        system=REFERENCE_SYSTEM,
        data_dir=data_dir,
    )
    if reference is None:  # the profile model already keeps age >= 1, where NNR sets values
        raise DietError(
            f"profile.age: no {REFERENCE_SYSTEM} reference intake for age {profile.age}"
        )
    gap = max(0.0, reference.mg_per_day - total)
    questions = ffq.questionnaire(data_dir)
    flagged = implausible_total(total, reference.mg_per_day, questions.implausible_factor)
    note_codes = (("implausible",) if flagged else ()) + NOTE_CODES
    return DietEstimate(
        method=method,
        intake_mg_per_day=total,
        reference=reference,
        gap_mg_per_day=gap,
        contributors=contributors,
        suggestions=suggestions(gap, parsed.exclusions, lang, data_dir=data_dir),
        exclusions=tuple(parsed.exclusions),
        notes=tuple(questions.note(code) for code in note_codes),
        matches=matches,
        implausible=flagged,
    )


def implausible_total(total: float, reference: float, factor: float) -> bool:
    """Whether a total is more than ``factor`` times the reference: likely a slip in the answers."""
    return total > factor * reference


# (id, food ids, name, mg/day, sources)
_Raw = tuple[str, tuple[str, ...], Text, float, tuple[str, ...]]


def _unique(*groups: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for group in groups for s in group))


def _from_questionnaire(parsed: QuestionnaireAnswers, data_dir: Path | str | None) -> list[_Raw]:
    questions = ffq.questionnaire(data_dir)
    out: list[_Raw] = []
    for item_id, answer in parsed.answers.items():
        item = questions.item(item_id)
        if answer.frequency is not None:
            per_day = questions.frequency(answer.frequency).per_day * (answer.portions or 1.0)
        elif answer.per_day is not None:
            per_day = answer.per_day
        else:
            # litres a day; a drink's portion grams are millilitres
            per_day = (answer.litres_per_day or 0.0) * 1000 / item.portion_grams
        grams_per_day = per_day * item.portion_grams
        shares = item.shares(answer.variant)
        foods = [loaders.food(food_id, data_dir) for food_id, _ in shares]
        mg_per_100g = sum(
            f.mg_per_100g * share for f, (_, share) in zip(foods, shares, strict=True)
        )
        mg = grams_per_day * mg_per_100g / 100
        name = foods[0].name if answer.variant else item.name
        sources = _unique(*(f.sources for f in foods), item.sources)
        out.append((item.id, tuple(f.id for f in foods), name, mg, sources))
    return out


def find_food(query: str, *, field: str = "food", data_dir: Path | str | None = None) -> FoodMatch:
    """The food a typed name means, or :class:`UnknownFoodError` with the closest matches.

    A food id, an exact name or synonym, or a name that matches confidently
    (see :mod:`krampe.knowledge.search`) and better than any other food, is
    accepted; anything less is refused rather than guessed.
    """
    text = query.strip()
    for food in loaders.foods(data_dir):
        if food.id == text:
            return FoodMatch(query, food.id, food.name, food.id, 100.0)
    root = None if data_dir is None else Path(data_dir).resolve()
    hits = search.search_foods(text, limit=MATCHES_SHOWN, cutoff=50.0, data_dir=root)
    if hits and hits[0].score >= search.MATCH_CUTOFF:
        best = hits[0]
        # A fuzzy match that ties with another food ("mandelmælk": milk or almonds?)
        # is a guess, so it is refused; an exact name or synonym is not.
        tied = len(hits) > 1 and hits[1].score >= best.score
        if best.score >= 100 or not tied:
            return FoodMatch(query, best.entry.id, best.entry.name, best.matched_name, best.score)
    names = tuple(f"{h.entry.name.da} / {h.entry.name.en} ({h.entry.id})" for h in hits)
    raise UnknownFoodError(field, query, names)


def _pick_portion(
    food: Food, wanted: str | None, field: str, data_dir: Path | str | None
) -> Portion:
    options = loaders.portions_for(food.id, data_dir)
    if not options:
        raise DietError(f"{field}: {food.name.en} has no everyday portions; give grams instead")
    if wanted is None:
        return options[0]
    key = search.normalize(wanted)
    for portion in options:
        if search.normalize(portion.unit) == key:
            return portion
    for portion in options:
        if key in (search.normalize(portion.label.da), search.normalize(portion.label.en)):
            return portion
    allowed = ", ".join(dict.fromkeys([p.unit for p in options] + [p.label.da for p in options]))
    raise DietError(f"{field}: {wanted!r} is not a portion of {food.name.en}; allowed: {allowed}")


def _from_food_log(
    parsed: FoodLog, data_dir: Path | str | None
) -> tuple[list[_Raw], tuple[FoodMatch, ...]]:
    days = 7.0 if parsed.period == "week" else 1.0
    totals: dict[str, float] = {}
    foods: dict[str, Food] = {}
    sources: dict[str, tuple[str, ...]] = {}
    matches = []
    for index, entry in enumerate(parsed.entries):
        where = f"entries[{index}]"
        match = find_food(entry.food, field=f"{where}.food", data_dir=data_dir)
        matches.append(match)
        food = loaders.food(match.food_id, data_dir)
        if entry.grams is not None:
            grams = entry.grams
            portion_sources: tuple[str, ...] = ()
        else:
            portion = _pick_portion(food, entry.portion, f"{where}.portion", data_dir)
            grams = (entry.portions or 0.0) * portion.grams
            portion_sources = portion.sources
        foods[food.id] = food
        totals[food.id] = totals.get(food.id, 0.0) + grams / days * food.mg_per_100g / 100
        sources[food.id] = _unique(sources.get(food.id, food.sources), portion_sources)
    raw: list[_Raw] = [
        (fid, (fid,), foods[fid].name, mg, sources[fid]) for fid, mg in totals.items()
    ]
    return raw, tuple(matches)
