"""Learn: the knowledge base in plain words, each clinical item with its sources.

These pages hold no personal data, so they are open before signing up too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from krampe.domain.text import without_control_characters
from krampe.knowledge import loaders
from krampe.knowledge.models import Food, Form, Source
from krampe.knowledge.search import normalize, search_foods
from krampe.web.learn import labels
from krampe.web.learn.templatetags.knowledge_tags import current_lang, resolve_sources

MAX_QUERY = 80
MAX_HITS = 30
FUZZY_BAND = 12.0  # show fuzzy hits this close to the best score
FUZZY_FLOOR = 70.0  # and never below the search module's suggestion cut-off


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "learn/index.html", {"section": "index"})


def evidence(request: HttpRequest) -> HttpResponse:
    statements = [
        {
            "entry": s,
            "topic": labels.label(labels.TOPIC, s.topic),
            "certainty": labels.label(labels.CERTAINTY, s.certainty),
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
    entries = sorted(loaders.forms(), key=lambda f: -f.elemental_fraction)
    rows = [
        FormRow(
            f, labels.label(labels.LAXATIVE, f.laxative), labels.label(labels.PRICE, f.price_tier)
        )
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


def _food_row(food: Food, lang: str) -> FoodRow:
    portions = loaders.portions_for(food.id)
    # The first portion is the usual one (docs/knowledge-format.md).
    usual = portions[0] if portions else None
    return FoodRow(
        food=food,
        name=food.name.text(lang),
        group=labels.label(labels.FOOD_GROUP, food.group),
        portion_label=usual.label.text(lang) if usual else "",
        portion_mg=usual.grams * food.mg_per_100g / 100 if usual else None,
        source_ids=food.sources + (usual.sources if usual else ()),
    )


def _number_sources(rows: list[FoodRow]) -> tuple[list[FoodRow], list[Source]]:
    """Number the sources of the shown rows once, so each row cites them compactly."""
    numbers: dict[str, int] = {}
    for row in rows:
        for source_id in row.source_ids:
            numbers.setdefault(source_id, len(numbers) + 1)
    cited = [replace(row, refs=tuple(sorted({numbers[i] for i in row.source_ids}))) for row in rows]
    return cited, resolve_sources(numbers)


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


def strategies(request: HttpRequest) -> HttpResponse:
    entries = [
        {"entry": s, "evidence": labels.label(labels.EVIDENCE, s.evidence)}
        for s in loaders.strategies()
    ]
    return render(
        request, "learn/strategies.html", {"strategies": entries, "section": "strategies"}
    )


def see_a_doctor(request: HttpRequest) -> HttpResponse:
    flags = sorted(loaders.red_flags(), key=lambda f: f.severity != "urgent")
    rows = [{"entry": f, "severity": labels.label(labels.SEVERITY, f.severity)} for f in flags]
    return render(
        request,
        "learn/see_a_doctor.html",
        {"flags": rows, "reasons": loaders.consult_reasons(), "section": "doctor"},
    )
