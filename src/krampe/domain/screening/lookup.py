"""The medicine look-up while typing: what a name resolves to, and names to suggest.

The same resolution the screening uses (:func:`resolve_medicine`) decides what
the name is taken as, so what the profile form shows is what the screening
uses. The web form's live look-up and the API both call :func:`lookup_medicine`.
"""

from __future__ import annotations

from dataclasses import dataclass

from krampe.domain.screening.medicines import resolve_medicine
from krampe.domain.vocab import Lang
from krampe.knowledge import catalogue, search

SUGGESTIONS = 8


@dataclass(frozen=True)
class MedicineName:
    """A medicine by the name that matched (brand or substance), its substance and ATC.

    A combination product names its substances in ``components``.
    """

    name: str
    substance: str
    atc: str
    components: tuple[str, ...] = ()

    @property
    def combination(self) -> bool:
        return bool(self.components)


@dataclass(frozen=True)
class MedicineLookup:
    query: str
    resolved: MedicineName | None  # what the screening takes the name as; None: not recognised
    candidates: tuple[MedicineName, ...]  # names to suggest, best first


def lookup_medicine(query: str, lang: Lang) -> MedicineLookup:
    """Resolve ``query`` and list suggestions, with substance names in ``lang``."""
    resolution = resolve_medicine(query, lang)
    resolved = None
    if resolution.resolved is not None:
        found = resolution.resolved
        components = tuple(c.name for c in found.components)
        resolved = MedicineName(found.matched_name, found.name, found.atc, components)
    hits = search.search_medicines(query, limit=SUGGESTIONS, cutoff=search.SUGGEST_CUTOFF)
    candidates = tuple(
        MedicineName(
            h.matched_name,
            h.entry.name.text(lang),
            h.entry.atc,
            tuple(p.name.text(lang) for p in catalogue.parts(h.entry)[1:]),
        )
        for h in hits
    )
    return MedicineLookup(query, resolved, candidates)
