"""Template helpers shared by every app. They only format what the view gave them:
a code as its label, a knowledge text in the page's language, source ids as
citations, numbers the way the language writes them. None of them queries a
person's data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import template
from django.utils import dateformat, formats
from django.utils.translation import get_language

from krampe.domain import formats as krampe_formats
from krampe.domain.labels import Vocabulary
from krampe.domain.labels import label as code_label
from krampe.domain.plan import texts as plan_texts
from krampe.domain.plan.schedule import format_time
from krampe.knowledge.loaders import sources_for
from krampe.knowledge.models import Text
from krampe.web.core.request import current_lang

register = template.Library()


@register.filter
def label(code: str | None, vocabulary: Vocabulary) -> str:
    """A code as the person reads it: ``{{ night.phase|label:"phase" }}``."""
    if not code:
        return ""
    return code_label(vocabulary, code, current_lang())


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


@register.inclusion_tag("cite.html")
def cite(ids: Iterable[str], label: str = "") -> dict[str, Any]:
    """A compact, folded list of sources (title, publisher, year, link)."""
    return {"sources": sources_for(ids), "label": label}


@register.inclusion_tag("cite_inline.html")
def cite_inline(ids: Iterable[str]) -> dict[str, Any]:
    """The sources of one statement in brackets after it: "(Source: ..., 2020)"."""
    return {"sources": sources_for(ids)}


@register.filter
def percent(value: float, digits: int = 1) -> str:
    """0.603 → "60,3 %" in Danish, "60.3%" in English."""
    return krampe_formats.percent(value, digits, current_lang())


@register.filter
def number(value: float, digits: int = 0) -> str:
    """A rounded number with the page language's decimal mark (Django's formats)."""
    return formats.number_format(value, digits)


def named_date_format(name: str) -> str:
    """The page language's format called ``name``: one of Django's (``DATE_FORMAT``) or
    one Krampe adds in ``krampe.web.formats`` (``WEEKDAY_DATE_FORMAT``)."""
    for module in formats.get_format_modules(lang=get_language()):
        pattern = getattr(module, name, None)
        if isinstance(pattern, str):
            return pattern
    if name in formats.FORMAT_SETTINGS:
        return str(formats.get_format(name))
    raise template.TemplateSyntaxError(f"no date format called {name!r}")


@register.filter(expects_localtime=True)
def datefmt(value: dt.date | None, name: str) -> str:
    """A date in a named format of the page's language:
    ``{{ night.date|datefmt:"WEEKDAY_DATE_FORMAT" }}`` is "tirsdag den 1. december"."""
    if value is None or value == "":
        return ""
    return dateformat.format(value, named_date_format(name))


@register.filter
def mg(value: float) -> str:
    """Milligrams with at most one decimal, in the page's language: 97,2 or 200."""
    return plan_texts.format_mg(value, current_lang())


@register.filter
def tablets(count: float) -> str:
    """A tablet count in words: "1½ tabletter", "2 tablets"."""
    return plan_texts.plural("tablet_word", current_lang(), count)


@register.filter
def clock(minute: int) -> str:
    """Minutes after midnight as "HH:MM"."""
    return format_time(minute)
