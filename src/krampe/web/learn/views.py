"""Learn: the knowledge base in plain words, each clinical item with its sources.

These pages hold no personal data, so they are open before signing up too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext

from krampe.domain.labels import label
from krampe.domain.text import without_control_characters
from krampe.domain.vocab import Lang
from krampe.knowledge import catalogue, loaders
from krampe.knowledge.loaders import sources_for
from krampe.knowledge.models import Food, Form, Medicine, Source
from krampe.knowledge.search import SUGGEST_CUTOFF, normalize, search_foods, search_medicines
from krampe.web.core.request import current_lang

MAX_QUERY = 80
MAX_HITS = 30
FUZZY_BAND = 12.0  # show fuzzy hits this close to the best score
FUZZY_FLOOR = 70.0  # and never below the search module's suggestion cut-off


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "learn/index.html", {"section": "index"})


def evidence(request: HttpRequest) -> HttpResponse:
    lang = current_lang()
    statements = [
        {
            "entry": s,
            "topic": label("topic", s.topic, lang),
            "certainty": label("certainty", s.certainty, lang),
        }
        for s in loaders.evidence()
    ]
    return render(request, "learn/evidence.html", {"statements": statements, "section": "evidence"})


@dataclass(frozen=True)
class FormRow:
    form: Form
    laxative: str
    price: str


def forms(request: HttpRequest) -> HttpResponse:
    # Highest elemental share first: what a person compares when reading labels.
    lang = current_lang()
    entries = sorted(loaders.forms(), key=lambda f: -f.elemental_fraction)
    rows = [
        FormRow(f, label("laxative", f.laxative, lang), label("price", f.price_tier, lang))
        for f in entries
    ]
    return render(request, "learn/forms.html", {"rows": rows, "section": "forms"})


@dataclass(frozen=True)
class FoodRow:
    food: Food
    name: str
    group: str
    portion_label: str
    portion_mg: float | None
    source_ids: tuple[str, ...]
    refs: tuple[int, ...] = ()


def _food_row(food: Food, lang: Lang) -> FoodRow:
    portions = loaders.portions_for(food.id)
    # The first portion is the usual one (docs/knowledge-format.md).
    usual = portions[0] if portions else None
    return FoodRow(
        food=food,
        name=food.name.text(lang),
        group=label("food_group", food.group, lang),
        portion_label=usual.label.text(lang) if usual else "",
        portion_mg=usual.grams * food.mg_per_100g / 100 if usual else None,
        source_ids=food.sources + (usual.sources if usual else ()),
    )


class _Cited(Protocol):
    @property
    def source_ids(self) -> tuple[str, ...]: ...

    @property
    def refs(self) -> tuple[int, ...]: ...


R = TypeVar("R", bound=_Cited)


def _number_sources(rows: list[R]) -> tuple[list[R], list[Source]]:
    """Number the sources of the shown rows once, so each row cites them compactly."""
    numbers: dict[str, int] = {}
    for row in rows:
        for source_id in row.source_ids:
            numbers.setdefault(source_id, len(numbers) + 1)
    cited = [
        replace(row, refs=tuple(sorted({numbers[i] for i in row.source_ids})))  # type: ignore[type-var]
        for row in rows
    ]
    return cited, list(sources_for(numbers))


def _find_foods(query: str) -> list[Food]:
    """Foods for a typed query: fuzzy hits close to the best one, plus names containing it.

    The fuzzy search ranks everything above a low cut-off; a table a person
    reads should show only the plausible ones.
    """
    hits = search_foods(query, limit=MAX_HITS)
    best = hits[0].score if hits else 0.0
    found = [h.entry for h in hits if h.score >= max(best - FUZZY_BAND, FUZZY_FLOOR)]
    wanted = normalize(query)
    if len(wanted) >= 4:
        for food in loaders.foods():
            names = (food.name.da, food.name.en, *food.synonyms)
            if food not in found and any(wanted in normalize(n) for n in names):
                found.append(food)
    return found[:MAX_HITS]


def foods(request: HttpRequest) -> HttpResponse:
    lang = current_lang()
    query = without_control_characters(request.GET.get("q", "")).strip()[:MAX_QUERY]
    # Without a query: the whole table, richest first.
    found = _find_foods(query) if query else sorted(loaders.foods(), key=lambda f: -f.mg_per_100g)
    rows, cited = _number_sources([_food_row(f, lang) for f in found])
    context = {
        "rows": rows,
        "sources": cited,
        "query": query,
        "total": len(loaders.foods()),
        "section": "foods",
    }
    # HTMX live filtering swaps only the results; a plain GET renders the page.
    template = (
        "learn/_food_results.html" if request.headers.get("HX-Request") else "learn/foods.html"
    )
    return render(request, template, context)


@dataclass(frozen=True)
class MedicineRow:
    medicine: Medicine
    name: str
    components: tuple[str, ...]
    brands: tuple[str, ...]
    notes: tuple[str, ...]  # what the medicine means for magnesium, in plain words
    source_ids: tuple[str, ...]
    refs: tuple[int, ...] = ()


def _rule_note(before_h: float, after_h: float, action: str) -> str:
    """A spacing rule in plain words: "Take it at least 2 h before or 6 h after magnesium"."""
    if action == "avoid":
        return gettext("Do not combine with magnesium without a doctor's advice")

    def hours(value: float) -> str:
        return str(number_format(int(value) if value == int(value) else value))

    return gettext("Take it at least %(before)s h before or %(after)s h after magnesium") % {
        "before": hours(before_h),
        "after": hours(after_h),
    }


def _medicine_row(medicine: Medicine, lang: Lang) -> MedicineRow:
    parts = catalogue.parts(medicine)
    rules = catalogue.rules_for(medicine)
    notes = [_rule_note(r.med_before_mg_h, r.med_after_mg_h, r.action) for r in rules]
    flags = [
        flag
        for flag, present in (
            ("provokes_cramps", any(p.provokes_cramps for p in parts)),
            ("deficiency_risk", any(p.deficiency_risk for p in parts)),
            ("consult", any(p.consult and p.consult != "deficiency_risk_medicine" for p in parts)),
        )
        if present
    ]
    notes += [label("medicine_flag", flag, lang) for flag in flags]
    notes += [label("mineral", m, lang) for m in catalogue.contains(medicine)]
    if not notes:
        notes.append(label("medicine_flag", "none", lang))
    sources = list(medicine.sources)
    sources += [b.source for b in medicine.brand_info if b.source]
    sources += [s for r in rules for s in r.sources]
    return MedicineRow(
        medicine=medicine,
        name=medicine.name.text(lang),
        components=tuple(p.name.text(lang) for p in parts[1:]),
        brands=medicine.brands,
        notes=tuple(notes),
        source_ids=tuple(dict.fromkeys(sources)),
    )


def _find_medicines(query: str) -> list[Medicine]:
    """Medicines for a typed query: the matcher's answer, plus names containing the text."""
    found = [h.entry for h in search_medicines(query, limit=MAX_HITS, cutoff=SUGGEST_CUTOFF)]
    wanted = normalize(query)
    if len(wanted) >= 4:
        for medicine in loaders.medicines():
            if medicine not in found and any(wanted in normalize(n) for n in medicine.all_names):
                found.append(medicine)
    return found[:MAX_HITS]


def medicines(request: HttpRequest) -> HttpResponse:
    lang = current_lang()
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    found = _find_medicines(query) if query else sorted(loaders.medicines(), key=lambda m: m.atc)
    rows, cited = _number_sources([_medicine_row(m, lang) for m in found])
    context = {
        "rows": rows,
        "sources": cited,
        "query": query,
        "total": len(loaders.medicines()),
        "section": "medicines",
    }
    template = (
        "learn/_medicine_results.html"
        if request.headers.get("HX-Request")
        else "learn/medicines.html"
    )
    return render(request, template, context)


def strategies(request: HttpRequest) -> HttpResponse:
    lang = current_lang()
    entries = [
        {"entry": s, "evidence": label("strategy_evidence", s.evidence, lang)}
        for s in loaders.strategies()
    ]
    return render(
        request, "learn/strategies.html", {"strategies": entries, "section": "strategies"}
    )


def see_a_doctor(request: HttpRequest) -> HttpResponse:
    lang = current_lang()
    flags = sorted(loaders.red_flags(), key=lambda f: f.severity != "urgent")
    rows = [{"entry": f, "severity": label("red_flag_severity", f.severity, lang)} for f in flags]
    return render(
        request,
        "learn/see_a_doctor.html",
        {"flags": rows, "reasons": loaders.consult_reasons(), "section": "doctor"},
    )
