"""Forgiving search over foods and medicines.

People type "rugbrod" for rugbrød, "mandle" for mandler and "eltroxn" for
Eltroxin. Every name is normalised (krampe.knowledge.names: lower case,
æ→ae, ø→oe, å→aa, other accents stripped, spaces collapsed) and also folded
to plain letters (ø→o, å→a), and compared with rapidfuzz.

Medicines are matched in three stages (see the medicine section below and
docs/medicines.md): exact, normalised (strengths and dose forms dropped,
manufacturer words aside), fuzzy. Scores run 0–100:

- ``score == 100``: the typed name equals a known name or brand (after normalising);
- ``score >= MATCH_CUTOFF`` (83): a confident fuzzy match, e.g. one or two typos in a
  long name; safe to use, but show the user what it was taken as;
- ``SUGGEST_CUTOFF <= score < MATCH_CUTOFF`` (80–82): a suggestion the user must confirm;
- below ``SUGGEST_CUTOFF``: not returned. Both cut-offs were chosen on the tuning
  names of tests/knowledge/data/medicine_names.csv.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

from krampe.knowledge import loaders
from krampe.knowledge.models import Food, Form, Medicine
from krampe.knowledge.names import clean_medicine_words, keys, medicine_key, phonetic
from krampe.knowledge.names import fold as fold  # re-exported: callers use search.fold
from krampe.knowledge.names import normalize as normalize  # and search.normalize
from krampe.knowledge.schema import ATC_RE
from krampe.knowledge.tables import cached

MATCH_CUTOFF = 83.0  # middle of the best plateau on the tuning names, see docs/medicines.md
SUGGEST_CUTOFF = 80.0


def _keys(name: str) -> set[str]:
    return keys(name)


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


# --- medicines -------------------------------------------------------------
#
# Three stages, in order (docs/medicines.md, "How a typed name is matched"):
# 1. exact: the typed name equals a name or brand after normalize()/fold();
# 2. normalised: the same after medicine_key() (strengths, dose forms, spaces,
#    hyphens dropped; comp/plus/forte/mite kept), or every word of the name is
#    an exact name of one entry, apart from manufacturer words ("Atorvastatin
#    Krka"), or the words name exactly the components of one combination;
# 3. fuzzy: rapidfuzz's ratio on the compact keys; suggestions only from the
#    ATC anatomical group of the best lexical match.

# Manufacturer and parallel-importer words Danish generic names carry
# ("Pantoprazol Aurobindo", "Furosemid Orifarm"): they say nothing about the substance.
MANUFACTURER_WORDS = frozenset(
    """
    1a abcur accord actavis alternova amneal apotex aristo aurobindo bluefish
    cipla dak ebb eql epione evolan farma generics glenmark hexal jubilant krka
    lupin macleods medical mylan navamedic nycomed orifarm orion paranova pensa
    pharma ranbaxy ratiopharm sad sandoz stada sun teva valley viatris xiromed zentiva
    2care4 abacus
    """.split()  # noqa: SIM905 - a word list reads best as text
)


@dataclass(frozen=True)
class MedicineMatch:
    """A candidate medicine for a typed name. See the module docstring for the cut-offs.

    ``stage`` is "exact", "normalized" or "fuzzy": how the name was found.
    """

    medicine: Medicine
    matched_name: str
    score: float
    stage: str = "fuzzy"

    @property
    def exact(self) -> bool:
        return self.score >= 100.0

    @property
    def confident(self) -> bool:
        return self.score >= MATCH_CUTOFF


@dataclass(frozen=True)
class _MedicineIndex:
    entries: tuple[Medicine, ...]
    exact: dict[str, tuple[tuple[int, str], ...]]  # normalize()/fold() key -> owners
    compact: dict[str, tuple[tuple[int, str], ...]]  # medicine_key() -> owners
    fuzzy_keys: tuple[str, ...]
    fuzzy_owners: tuple[tuple[int, str], ...]
    combinations: dict[frozenset[str], int]  # component ids -> combination position


def _add(table: dict[str, list[tuple[int, str]]], key: str, owner: tuple[int, str]) -> None:
    if key and owner not in table.setdefault(key, []):
        table[key].append(owner)


@cached
def _medicine_index(data_dir: Path | None) -> _MedicineIndex:
    entries = loaders.medicines(data_dir)
    exact: dict[str, list[tuple[int, str]]] = {}
    compact: dict[str, list[tuple[int, str]]] = {}
    fuzzy: dict[str, tuple[int, str]] = {}
    combinations: dict[frozenset[str], int] = {}
    for position, medicine in enumerate(entries):
        for name in medicine.all_names:
            for key in keys(name):
                _add(exact, key, (position, name))
            for key in {medicine_key(name), medicine_key(name, folded=True)}:
                _add(compact, key, (position, name))
                fuzzy.setdefault(key, (position, name))
                fuzzy.setdefault(phonetic(key), (position, name))
        if medicine.components and not medicine.other_components:
            combinations[frozenset(medicine.components)] = position
    return _MedicineIndex(
        entries,
        {k: tuple(v) for k, v in exact.items()},
        {k: tuple(v) for k, v in compact.items()},
        tuple(fuzzy),
        tuple(fuzzy.values()),
        combinations,
    )


def clean_medicine_query(text: str) -> str:
    """Drop strengths and dose forms: "Eltroxin 100 mikrog tabletter" → "eltroxin"."""
    return clean_medicine_words(text)


def _owners_to_matches(
    index: _MedicineIndex, owners: tuple[tuple[int, str], ...], stage: str
) -> list[MedicineMatch]:
    seen: dict[int, MedicineMatch] = {}
    for position, name in owners:
        seen.setdefault(position, MedicineMatch(index.entries[position], name, 100.0, stage))
    return list(seen.values())


def _word_match(index: _MedicineIndex, query: str) -> list[MedicineMatch]:
    """Stage 2b: every word names one entry (manufacturer words aside), or a combination."""
    words = [w for w in clean_medicine_words(query).split(" ") if w]
    if len(words) < 2:
        return []
    found: dict[int, str] = {}
    for word in words:
        owners = index.compact.get(medicine_key(word)) or index.compact.get(
            medicine_key(word, folded=True)
        )
        if owners is None:
            if word in MANUFACTURER_WORDS or word in ("og", "and", "med", "with", "+", "/"):
                continue
            return []  # an unknown word may change the product ("Cozaar Comp")
        positions = {p for p, _ in owners}
        if len(positions) != 1:
            return []
        position = positions.pop()
        found.setdefault(position, owners[0][1])
    if len(found) == 1:
        [(position, name)] = found.items()
        return [MedicineMatch(index.entries[position], name, 100.0, "normalized")]
    ids = frozenset(index.entries[p].id for p in found)
    combination = index.combinations.get(ids)
    if combination is not None:
        medicine = index.entries[combination]
        return [MedicineMatch(medicine, medicine.name.da, 100.0, "normalized")]
    return []


def _fuzzy(index: _MedicineIndex, query: str, limit: int, cutoff: float) -> list[MedicineMatch]:
    best: dict[int, MedicineMatch] = {}
    plain = medicine_key(query)
    for q in {plain, medicine_key(query, folded=True), phonetic(plain)}:
        if not q:
            continue
        found = process.extract(
            q, index.fuzzy_keys, scorer=fuzz.ratio, limit=max(limit * 8, 40), score_cutoff=cutoff
        )
        for _key, score, key_index in found:
            position, name = index.fuzzy_owners[key_index]
            current = best.get(position)
            if current is None or (score, -len(name)) > (current.score, -len(current.matched_name)):
                best[position] = MedicineMatch(index.entries[position], name, float(score))
    ranked = sorted(best.values(), key=lambda m: (-m.score, len(m.matched_name), m.matched_name))
    if not ranked:
        return []
    # Never suggest a medicine from another ATC anatomical group than the best match's.
    letter = ranked[0].medicine.atc[0]
    return [m for m in ranked if m.medicine.atc[0] == letter][:limit]


def _prefix_matches(index: _MedicineIndex, query: str, cutoff: float) -> list[MedicineMatch]:
    q = medicine_key(query)
    if len(q) < 3:
        return []
    out: dict[int, MedicineMatch] = {}
    for key, (position, name) in zip(index.fuzzy_keys, index.fuzzy_owners, strict=True):
        if key.startswith(q) and key != q:
            score = min(MATCH_CUTOFF - 3, 70 + 30 * len(q) / len(key))
            if score >= cutoff and position not in out:
                out[position] = MedicineMatch(index.entries[position], name, score)
    return list(out.values())


def match_medicine(
    name: str,
    *,
    limit: int = 5,
    cutoff: float | None = None,
    data_dir: Path | None = None,
) -> list[MedicineMatch]:
    """Candidates for one typed medicine name, best first, scores ``>= cutoff``.

    An exact or normalised match hides the fuzzy ones, so "Ciproxin 500 mg" gives
    ciprofloxacin alone. ``cutoff`` defaults to :data:`SUGGEST_CUTOFF`.
    """
    index = _medicine_index(data_dir)
    floor = SUGGEST_CUTOFF if cutoff is None else cutoff
    for key in keys(name):
        owners = index.exact.get(key)
        if owners:
            return _owners_to_matches(index, owners, "exact")[:limit]
    for key in (medicine_key(name), medicine_key(name, folded=True)):
        owners = index.compact.get(key)
        if owners:
            return _owners_to_matches(index, owners, "normalized")[:limit]
    words = _word_match(index, name)
    if words:
        return words
    fuzzy = _fuzzy(index, name, limit, floor)
    seen = {m.medicine.id for m in fuzzy}
    prefixes = [m for m in _prefix_matches(index, name, floor) if m.medicine.id not in seen]
    ranked = sorted(fuzzy + prefixes, key=lambda m: (-m.score, len(m.matched_name), m.matched_name))
    if not ranked:
        return []
    # Never suggest a medicine from another ATC anatomical group than the best match's.
    letter = ranked[0].medicine.atc[0]
    return [m for m in ranked if m.medicine.atc[0] == letter][:limit]


def search_medicines(
    query: str, limit: int = 10, *, cutoff: float = 60.0, data_dir: Path | None = None
) -> list[Hit[Medicine]]:
    """Medicines ranked by name, brand or ATC code match, for browsing and autocomplete.

    A query shaped like an ATC code ("C03", "J01MA02") matches by prefix; a
    started name ("zara") finds the names it begins.
    """
    index = _medicine_index(data_dir)
    code = query.strip().upper()
    if len(code) >= 3 and ATC_RE.match(code):
        hits = [
            Hit(m, m.atc, 100.0 if m.atc == code else 95.0)
            for m in index.entries
            if m.atc.startswith(code)
        ]
        if hits:
            return sorted(hits, key=lambda h: (-h.score, h.entry.atc))[:limit]
    matches = match_medicine(query, limit=limit, cutoff=cutoff, data_dir=data_dir)
    return [Hit(m.medicine, m.matched_name, m.score) for m in matches[:limit]]
