"""Names people type, resolved the way the screening does (tests/knowledge/data/medicine_names.csv).

The format and the split rule are in docs/medicines.md. The held-out names are
never used to choose a threshold; the figures they give are reported there.
"""

from __future__ import annotations

import csv
import re
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from krampe.domain.screening import resolve_medicine
from krampe.knowledge import catalogue, loaders

NAMES = Path(__file__).resolve().parent / "data" / "medicine_names.csv"
CATEGORIES = {"brand", "generic", "typo", "combination", "otc_mineral"}
ATC = re.compile(r"^[A-Z]([0-9]{2}([A-Z]([A-Z]([0-9]{2})?)?)?)?$")


@dataclass(frozen=True)
class Row:
    name: str
    expected_atc: str
    category: str
    split: str


@cache
def rows() -> tuple[Row, ...]:
    with NAMES.open(encoding="utf-8", newline="") as handle:
        return tuple(Row(**r) for r in csv.DictReader(handle))


def split_for(name: str) -> str:
    """The fixed rule, decided before any tuning."""
    return "tuning" if zlib.crc32(name.encode("utf-8")) % 3 == 0 else "heldout"


@cache
def _codes_that_matter() -> frozenset[str]:
    """ATC codes (entries' and brands' own) of catalogue entries that matter for magnesium."""
    codes: set[str] = set()
    for medicine in loaders.medicines():
        if catalogue.matters_for_magnesium(medicine):
            codes.add(medicine.atc)
            codes.update(b.atc for b in medicine.brand_info if b.atc)
    return frozenset(codes)


def test_the_file_follows_its_format() -> None:
    assert len(rows()) >= 400
    assert len({r.name for r in rows()}) == len(rows())
    for row in rows():
        assert row.category in CATEGORIES, row
        assert row.expected_atc == "" or ATC.match(row.expected_atc), row
        assert row.split == split_for(row.name), row
    assert set(Counter(r.category for r in rows())) == CATEGORIES
    assert Counter(r.split for r in rows())["tuning"] >= 100


def _heldout() -> list[Row]:
    return [r for r in rows() if r.split == "heldout"]


def _got(row: Row) -> str:
    resolution = resolve_medicine(row.name)
    return resolution.resolved.atc if resolution.resolved else ""


def test_held_out_names_resolve_to_the_right_atc_code() -> None:
    heldout = _heldout()
    wrong = [(r.name, r.expected_atc, _got(r)) for r in heldout if _got(r) != r.expected_atc]
    share = 1 - len(wrong) / len(heldout)
    assert share >= 0.95, wrong


def test_every_held_out_name_that_matters_for_magnesium_resolves() -> None:
    matters = [r for r in _heldout() if r.expected_atc in _codes_that_matter()]
    assert len(matters) >= 100
    wrong = [(r.name, r.expected_atc, _got(r)) for r in matters if _got(r) != r.expected_atc]
    assert wrong == []


def test_no_suggestion_comes_from_another_anatomical_group() -> None:
    for row in _heldout() + [r for r in rows() if r.split == "tuning"]:
        resolution = resolve_medicine(row.name)
        letters = {c.atc[0] for c in resolution.candidates}
        if resolution.resolved is not None and resolution.candidates:
            letters.add(resolution.resolved.atc[0])
        assert len(letters) <= 1, (row.name, [c.to_dict() for c in resolution.candidates])


@pytest.mark.parametrize(
    ("typed", "atc", "components"),
    [
        ("Cozaar Comp", "C09DA01", {"losartan", "hydrochlorothiazide"}),
        ("Atacand Plus 16/12,5 mg", "C09DA06", {"candesartan", "hydrochlorothiazide"}),
        ("Triatec Comp", "C09BA05", {"ramipril", "hydrochlorothiazide"}),
        ("Centyl med kaliumklorid", "C03AB01", {"bendroflumethiazide", "potassium_chloride"}),
        ("losartan og hydrochlorthiazid", "C09DA01", {"losartan", "hydrochlorothiazide"}),
    ],
)
def test_combinations_resolve_to_all_their_components(
    typed: str, atc: str, components: set[str]
) -> None:
    resolved = resolve_medicine(typed).resolved
    assert resolved is not None
    assert resolved.atc == atc
    assert {c.medicine_id for c in resolved.components} == components


def test_kaliumklorid_is_potassium_chloride_not_a_thiazide() -> None:
    resolved = resolve_medicine("kaliumklorid").resolved
    assert resolved is not None and resolved.medicine_id == "potassium_chloride"
    assert resolved.components == ()


@pytest.mark.parametrize("typed", ["Cozaar Comp", "Pinex Forte", "Emconcor Mite", "Atacand Plus"])
def test_comp_plus_forte_mite_are_never_dropped(typed: str) -> None:
    # The product with the word is a different product: never the plain brand.
    resolved = resolve_medicine(typed).resolved
    plain = resolve_medicine(typed.split(" ")[0]).resolved
    if resolved is not None and plain is not None:
        assert resolved.medicine_id != plain.medicine_id


def test_a_manufacturer_word_is_dropped_but_an_unknown_word_is_not() -> None:
    assert resolve_medicine("Atorvastatin Krka 40 mg").resolved is not None
    # "Zarator Extra" is not Zarator: an unknown word keeps the name unresolved.
    resolution = resolve_medicine("Zarator Extra Blå")
    assert resolution.resolved is None
