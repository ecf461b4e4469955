"""Template helpers for knowledge-base content: the person's language and citations.

Clinical text lives in the knowledge base in Danish and English side by side;
these helpers pick the active language and render the sources of an entry, so
every page shows clinical items the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils import translation

from krampe.knowledge import loaders
from krampe.knowledge.models import Source, Text

register = template.Library()


def current_lang() -> str:
    """ "da" or "en": the language the page is rendered in."""
    return (translation.get_language() or "da")[:2]


@register.filter
def tr(value: Text | None) -> str:
    """A knowledge-base text in the page's language (empty for None)."""
    if value is None:
        return ""
    return value.text(current_lang())


@register.filter
def tr_list(values: Iterable[Text]) -> list[str]:
    """Each text of a list (steps of a routine) in the page's language."""
    lang = current_lang()
    return [v.text(lang) for v in values]


def resolve_sources(ids: Iterable[str]) -> list[Source]:
    """The Source entries for ``ids``, in order, skipping repeats."""
    known = loaders.sources()
    seen: dict[str, Source] = {}
    for source_id in ids:
        if source_id in known and source_id not in seen:
            seen[source_id] = known[source_id]
    return list(seen.values())


@register.inclusion_tag("learn/_sources.html")
def cite(ids: Iterable[str], label: str = "") -> dict[str, Any]:
    """A compact list of sources (title, year, link) for one clinical item."""
    return {"sources": resolve_sources(ids), "label": label}


@register.filter
def percent(value: float, digits: int = 1) -> str:
    """0.603 → "60.3 %" (Danish: "60,3 %")."""
    number = f"{value * 100:.{digits}f}"
    if current_lang() == "da":
        number = number.replace(".", ",")
    return f"{number} %"


@register.filter
def number(value: float, digits: int = 0) -> str:
    """A rounded number with the page language's decimal mark."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if current_lang() == "da" else text
