"""From what a person typed to a medicine in the knowledge base.

``resolve_medicine`` accepts brand names, substance names and ATC codes, in any
case, with æ/ø/å or written as ae/oe/aa, and with small typos. It resolves a
name only when the answer is clear:

- an exact name, brand or ATC code (after normalising) → ``match="exact"``
  or ``match="atc"``;
- an ATC code below a group entry of the knowledge base (``B03AC02`` under
  ``B03AC``, iron sucrose) → ``match="atc_group"``;
- a normalised match (strengths, dose forms and manufacturer words dropped;
  "comp", "plus", "forte", "mite" kept) → ``match="exact"`` as well;
- a fuzzy match scoring at least :data:`FUZZY_CUTOFF` (83 of 100, the
  knowledge base's confident-match cut-off) and at least :data:`FUZZY_MARGIN`
  points above the next medicine → ``match="fuzzy"``.

A combination resolves with its own ATC code and lists its components.

Anything else stays unresolved, with the candidates that came close; the
screening turns it into an ``unknown_medicine`` finding instead of dropping it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from krampe.domain.vocab import MedicineMatch
from krampe.knowledge import catalogue, loaders, search
from krampe.knowledge.models import Medicine
from krampe.knowledge.schema import ATC_RE

FUZZY_CUTOFF = search.MATCH_CUTOFF
# A typed name must beat the next medicine by this much; on the tuning names
# every margin from 4 to 10 gave the same answers, and 8 lies inside that range.
FUZZY_MARGIN = 8.0
CANDIDATE_LIMIT = 5


@dataclass(frozen=True)
class Component:
    """One substance of a combination product."""

    medicine_id: str
    name: str  # display name in the requested language
    atc: str

    def to_dict(self) -> dict[str, Any]:
        return {"medicine_id": self.medicine_id, "name": self.name, "atc": self.atc}


@dataclass(frozen=True)
class ResolvedMedicine:
    """The medicine a typed name was taken as."""

    atc: str
    name: str  # display name in the requested language
    medicine_id: str
    match: MedicineMatch
    matched_name: str  # the name, brand or code that matched
    score: float
    components: tuple[Component, ...] = ()  # a combination's substances; empty otherwise

    def to_dict(self) -> dict[str, Any]:
        return {
            "atc": self.atc,
            "name": self.name,
            "medicine_id": self.medicine_id,
            "match": self.match,
            "matched_name": self.matched_name,
            "score": round(self.score, 1),
            "components": [c.to_dict() for c in self.components],
        }


@dataclass(frozen=True)
class Candidate:
    """A medicine the typed name may mean. Also readable like its JSON dict (``c["atc"]``)."""

    atc: str
    name: str
    score: float
    medicine_id: str
    matched_name: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "atc": self.atc,
            "name": self.name,
            "score": round(self.score, 1),
            "medicine_id": self.medicine_id,
            "matched_name": self.matched_name,
        }

    def __getitem__(self, key: str) -> Any:
        return self.to_dict()[key]


@dataclass(frozen=True)
class MedicineResolution:
    """The answer for one typed name: the medicine, or None with candidates."""

    query: str
    resolved: ResolvedMedicine | None
    candidates: tuple[Candidate, ...]

    @property
    def medicine(self) -> Medicine | None:
        """The knowledge-base entry, when resolved."""
        if self.resolved is None:
            return None
        return loaders.medicine(self.resolved.medicine_id)

    @property
    def atc_query(self) -> str | None:
        """The typed text as an ATC code, when it is shaped like one."""
        code = self.query.strip().upper()
        return code if len(code) >= 3 and ATC_RE.match(code) else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``krampe medicine``."""
        return {
            "query": self.query,
            "resolved": None if self.resolved is None else self.resolved.to_dict(),
            "candidates": [c.to_dict() for c in self.candidates],
        }


def _resolved(
    medicine: Medicine, match: MedicineMatch, matched: str, score: float, lang: str
) -> ResolvedMedicine:
    # A brand may be classified under its own code (Emgesan, G04BX01).
    brand_atc = next((b.atc for b in medicine.brand_info if b.name == matched and b.atc), "")
    components = tuple(
        Component(part.id, part.name.text(lang), part.atc) for part in catalogue.parts(medicine)[1:]
    )
    return ResolvedMedicine(
        brand_atc or medicine.atc,
        medicine.name.text(lang),
        medicine.id,
        match,
        matched,
        score,
        components,
    )


def _candidate(medicine: Medicine, matched: str, score: float, lang: str) -> Candidate:
    return Candidate(medicine.atc, medicine.name.text(lang), score, medicine.id, matched)


def _by_atc(query: str, code: str, lang: str) -> MedicineResolution:
    entries = loaders.medicines()
    for entry in entries:
        if entry.atc == code:
            return MedicineResolution(query, _resolved(entry, "atc", entry.atc, 100.0, lang), ())
    # A substance code under a group entry (B03AC02 under iron sucrose, B03AC).
    groups = [e for e in entries if code.startswith(e.atc)]
    if groups:
        best = max(groups, key=lambda e: len(e.atc))
        return MedicineResolution(query, _resolved(best, "atc_group", best.atc, 95.0, lang), ())
    # A group code (C03, diuretics) names no single medicine.
    below = sorted((e for e in entries if e.atc.startswith(code)), key=lambda e: e.atc)
    candidates = tuple(_candidate(e, e.atc, 95.0, lang) for e in below[:CANDIDATE_LIMIT])
    return MedicineResolution(query, None, candidates)


def spacing_checked(resolution: MedicineResolution) -> bool:
    """Whether the medicine's times can be checked against magnesium: recognised, and
    no part of it may need a spacing that no source read gives (the catalogue's
    ``spacing_not_checked``). The one rule the screening and the plan both follow."""
    found = resolution.resolved
    if found is None:
        return False
    entry = catalogue.by_id().get(found.medicine_id)
    return entry is None or not catalogue.spacing_not_checked(entry)


def resolve_medicine(name: str, lang: str = "da") -> MedicineResolution:
    """Resolve a typed medicine name or ATC code (see the module docstring for the rules).

    ``lang`` ("da" or "en") picks the display names of the answer.
    """
    query = name.strip()
    if not query:
        return MedicineResolution(name, None, ())
    code = query.upper()
    if len(code) >= 3 and ATC_RE.match(code):
        return _by_atc(name, code, lang)

    matches = search.match_medicine(query, limit=CANDIDATE_LIMIT)
    candidates = tuple(_candidate(m.medicine, m.matched_name, m.score, lang) for m in matches)
    if not matches:
        return MedicineResolution(name, None, ())
    top = matches[0]
    if top.stage in ("exact", "normalized"):
        if len(matches) == 1:
            resolved = _resolved(top.medicine, "exact", top.matched_name, top.score, lang)
            return MedicineResolution(name, resolved, ())
        return MedicineResolution(name, None, candidates)  # one name, several medicines
    runner_up = max((m.score for m in matches[1:] if m.medicine.id != top.medicine.id), default=0.0)
    if top.score >= FUZZY_CUTOFF and top.score - runner_up >= FUZZY_MARGIN:
        resolved = _resolved(top.medicine, "fuzzy", top.matched_name, top.score, lang)
        return MedicineResolution(name, resolved, candidates)
    return MedicineResolution(name, None, candidates)
