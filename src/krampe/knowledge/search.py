"""Forgiving search over foods and medicines.

People type "rugbrod" for rugbrød, "mandle" for mandler and "eltroxn" for
Eltroxin. Every name is normalised (lower case, æ→ae, ø→oe, å→aa, other
accents stripped, spaces collapsed) and also folded to plain letters
(ø→o, å→a), and compared with rapidfuzz.

Scores run 0–100. ``match_medicine`` sorts candidates into:

- ``score == 100``: the typed name equals a known name or brand (after normalising);
- ``score >= MATCH_CUTOFF`` (88): a confident match, e.g. one or two typos in a
  long name; safe to use, but show the user what it was taken as;
- ``SUGGEST_CUTOFF <= score < MATCH_CUTOFF`` (70–87): a suggestion the user must confirm;
- below ``SUGGEST_CUTOFF``: not returned.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

from krampe.knowledge import loaders
from krampe.knowledge.models import Food, Form, Medicine
from krampe.knowledge.schema import ATC_RE
from krampe.knowledge.tables import cached

MATCH_CUTOFF = 88.0
SUGGEST_CUTOFF = 70.0

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ß": "ss"})
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss"})
_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w%+/.\- ]")
# Strength and dose-form words people add to a medicine name ("Eltroxin 50 mikrog tablet").
_DOSE_WORD = re.compile(
    r"^(\d+([.,]\d+)?(mg|g|mcg|µg|ug|mikrog|ml|%)?|mg|g|mcg|µg|ug|mikrog|ml|tabl?|tablet(ter)?|"
    r"kapsl?|kapsler|kapsel|capsules?|depot|retard|mite|forte|stk)$"
)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize(text: str) -> str:
    """Lower case, æ→ae, ø→oe, å→aa, other accents stripped, spaces collapsed."""
    lowered = text.casefold().translate(_DANISH)
    return _SPACE.sub(" ", _PUNCT.sub(" ", _strip_accents(lowered))).strip()


def fold(text: str) -> str:
    """Like :func:`normalize` but ø→o and å→a: what people type without Danish keys."""
    lowered = text.casefold().translate(_FOLD)
    return _SPACE.sub(" ", _PUNCT.sub(" ", _strip_accents(lowered))).strip()


def _keys(name: str) -> set[str]:
    return {k for k in (normalize(name), fold(name)) if k}


E = TypeVar("E")


@dataclass(frozen=True)
class Hit(Generic[E]):
    """One search result: the entry, the name that matched, and a 0–100 score."""

    entry: E
    matched_name: str
    score: float


@dataclass(frozen=True)
class _Index:
    keys: tuple[str, ...]
    owners: tuple[tuple[int, str], ...]  # (entry position, original name) per key


def _build_index(names_per_entry: list[list[str]]) -> _Index:
    keys: list[str] = []
    owners: list[tuple[int, str]] = []
    for position, names in enumerate(names_per_entry):
        for name in names:
            for key in _keys(name):
                keys.append(key)
                owners.append((position, name))
    return _Index(tuple(keys), tuple(owners))


def _score(query: str, key: str) -> float:
    if query == key:
        return 100.0
    if key.startswith(query + " ") or key.endswith(" " + query) or f" {query} " in f" {key} ":
        return 95.0  # a whole word of a longer name ("mandler" in "mandler, ristede")
    score = float(fuzz.WRatio(query, key))
    if len(query) < 0.6 * len(key):
        # A fragment ("ibu") may point the right way but is never a confident match.
        score = min(score, MATCH_CUTOFF - 3)
    return score


def _search(
    index: _Index, entries: tuple[E, ...], query: str, limit: int, cutoff: float
) -> list[Hit[E]]:
    queries = _keys(query)
    if not queries:
        return []
    best: dict[int, Hit[E]] = {}
    for q in queries:
        found = process.extract(
            q,
            index.keys,
            scorer=lambda a, b, **_: _score(a, b),
            limit=max(limit * 8, 40),
            score_cutoff=cutoff,
        )
        for _key, score, key_index in found:
            position, name = index.owners[key_index]
            current = best.get(position)
            # Prefer the higher score; on a tie, the shorter (more exact) name.
            if current is None or (score, -len(name)) > (current.score, -len(current.matched_name)):
                best[position] = Hit(entries[position], name, float(score))
    ranked = sorted(best.values(), key=lambda h: (-h.score, len(h.matched_name), h.matched_name))
    return ranked[:limit]


@cached
def _food_index(data_dir: Path | None) -> tuple[tuple[Food, ...], _Index]:
    entries = loaders.foods(data_dir)
    names = [[f.name.da, f.name.en, *f.synonyms] for f in entries]
    return entries, _build_index(names)


def search_foods(
    query: str, limit: int = 10, *, cutoff: float = 60.0, data_dir: Path | None = None
) -> list[Hit[Food]]:
    """Foods ranked by how well their Danish, English or synonym names match ``query``."""
    entries, index = _food_index(data_dir)
    return _search(index, entries, query, limit, cutoff)


@cached
def _form_index(data_dir: Path | None) -> tuple[tuple[Form, ...], _Index]:
    entries = loaders.forms(data_dir)
    names = [[f.name.da, f.name.en, f.family, f.id] for f in entries]
    return entries, _build_index(names)


def search_forms(
    query: str, limit: int = 20, *, cutoff: float = 75.0, data_dir: Path | None = None
) -> list[Hit[Form]]:
    """Magnesium forms whose names, family or id match ``query`` ("citrat", "glycinat")."""
    entries, index = _form_index(data_dir)
    return _search(index, entries, query, limit, cutoff)


@cached
def _medicine_index(data_dir: Path | None) -> tuple[tuple[Medicine, ...], _Index]:
    entries = loaders.medicines(data_dir)
    return entries, _build_index([list(m.all_names) for m in entries])


def clean_medicine_query(text: str) -> str:
    """Drop strengths and dose forms: "Eltroxin 100 mikrog tabletter" → "Eltroxin"."""
    words = [w for w in normalize(text).split(" ") if not _DOSE_WORD.match(w)]
    return " ".join(words) or text


def search_medicines(
    query: str, limit: int = 10, *, cutoff: float = 60.0, data_dir: Path | None = None
) -> list[Hit[Medicine]]:
    """Medicines ranked by name, brand or ATC code match.

    A query shaped like an ATC code ("C03", "J01MA02") matches by prefix.
    """
    entries, index = _medicine_index(data_dir)
    code = query.strip().upper()
    if len(code) >= 3 and ATC_RE.match(code):
        hits = [
            Hit(m, m.atc, 100.0 if m.atc == code else 95.0)
            for m in entries
            if m.atc.startswith(code)
        ]
        if hits:
            return sorted(hits, key=lambda h: (-h.score, h.entry.atc))[:limit]
    return _search(index, entries, clean_medicine_query(query), limit, cutoff)


@dataclass(frozen=True)
class MedicineMatch:
    """A candidate medicine for a typed name. See the module docstring for the cut-offs."""

    medicine: Medicine
    matched_name: str
    score: float

    @property
    def exact(self) -> bool:
        return self.score >= 100.0

    @property
    def confident(self) -> bool:
        return self.score >= MATCH_CUTOFF


def match_medicine(
    name: str, *, limit: int = 5, data_dir: Path | None = None
) -> list[MedicineMatch]:
    """Candidates for one typed medicine name, best first, scores ``>= SUGGEST_CUTOFF``.

    An exact match hides the fuzzy ones, so "Ciproxin" gives ciprofloxacin alone.
    """
    hits = search_medicines(name, limit=limit, cutoff=SUGGEST_CUTOFF, data_dir=data_dir)
    matches = [MedicineMatch(h.entry, h.matched_name, h.score) for h in hits]
    exact = [m for m in matches if m.exact]
    return exact or matches
