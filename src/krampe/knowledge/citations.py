"""From source ids to the sources themselves: the one lookup every page and report uses.

Each source links the same way everywhere, through
:attr:`~krampe.knowledge.models.Source.link` (DOI, then PubMed, then the URL).
"""

from __future__ import annotations

from collections.abc import Iterable

from krampe.knowledge import loaders
from krampe.knowledge.models import Source


def sources_for(ids: Iterable[str]) -> list[Source]:
    """The sources of ``ids`` in the order given, each once.

    An id the knowledge base does not hold is left out: it is not shown as a
    citation (``krampe kb check`` reports such ids in the data).
    """
    known = loaders.sources()
    return [known[i] for i in dict.fromkeys(ids) if i in known]
