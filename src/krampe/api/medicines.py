"""Medicine look-up: what a typed name resolves to, and names to suggest while typing.

The same domain function (``resolve_medicine``) decides what the profile's
screening will take a name as, so what the autocomplete shows is what the
screening uses.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from ninja import Query, Router, Schema
from pydantic import Field

from krampe.domain.screening import resolve_medicine
from krampe.domain.screening.profile import MAX_NAME_LENGTH
from krampe.domain.text import NO_CONTROL_PATTERN
from krampe.knowledge import catalogue, search

router = Router(tags=["medicines"])

SUGGESTIONS = 8


class MedicineOut(Schema):
    """A medicine: the name that matched (brand or substance), the substance, its ATC code.

    A combination product says so and names its substances.
    """

    name: str
    substance: str
    atc: str
    combination: bool = False
    components: list[str] = Field(
        default_factory=list, description="A combination's substances; empty otherwise."
    )


class LookupOut(Schema):
    query: str
    resolved: MedicineOut | None = Field(
        description="What the screening will take the name as; null when not recognised."
    )
    candidates: list[MedicineOut] = Field(description="Names to suggest, best first.")


class LookupIn(Schema):
    q: str = Field(
        min_length=1,
        max_length=MAX_NAME_LENGTH,
        pattern=NO_CONTROL_PATTERN,
        description="The typed name (no control characters).",
    )
    lang: Literal["da", "en"] | None = Field(
        default=None, description="Language of substance names (default: the request's)."
    )


def lookup(query: str, lang: str) -> LookupOut:
    """Resolve ``query`` and list suggestions, in ``lang``."""
    resolution = resolve_medicine(query, lang)
    resolved = None
    if resolution.resolved is not None:
        r = resolution.resolved
        resolved = MedicineOut(
            name=r.matched_name,
            substance=r.name,
            atc=r.atc,
            combination=bool(r.components),
            components=[c.name for c in r.components],
        )
    hits = search.search_medicines(query, limit=SUGGESTIONS, cutoff=search.SUGGEST_CUTOFF)
    candidates = [
        MedicineOut(
            name=h.matched_name,
            substance=h.entry.name.text(lang),
            atc=h.entry.atc,
            combination=h.entry.is_combination,
            components=[p.name.text(lang) for p in catalogue.parts(h.entry)[1:]],
        )
        for h in hits
    ]
    return LookupOut(query=query, resolved=resolved, candidates=candidates)


@router.get("/medicines", response=LookupOut, url_name="medicines")
def medicines(request: HttpRequest, params: Query[LookupIn]) -> LookupOut | HttpResponse:
    """Look up a typed medicine name (brand, substance or ATC code).

    For HTMX requests the answer is an HTML fragment for the profile form:
    the substance the name resolved to, and the suggestions as a datalist.
    """
    lang = params.lang or (translation.get_language() or "da")[:2]
    result = lookup(params.q.strip() or params.q, lang)
    if request.headers.get("HX-Request"):
        html = render_to_string(
            "profiles/_medicine_lookup.html", {"result": result}, request=request
        )
        return HttpResponse(html)
    return result
