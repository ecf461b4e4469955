"""Source links for plan texts: every clinical statement shows where it comes from."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from krampe.knowledge import loaders
from krampe.knowledge.models import Source

register = template.Library()


@register.simple_tag
def sources_for(ids: Iterable[str]) -> list[Source]:
    """The knowledge-base sources behind a text, in the given order (unknown ids skipped)."""
    known = loaders.sources()
    return [known[i] for i in dict.fromkeys(ids) if i in known]
