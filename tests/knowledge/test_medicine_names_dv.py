"""The test names for catalogue groups D, G, H, J, L, M, N, P, R, S and V
(tests/knowledge/data/medicine_names_dv.csv), held to the format documented for
medicine_names.csv in docs/medicines.md."""

from __future__ import annotations

import csv
import tomllib
import zlib
from pathlib import Path

from knowledge.test_medicine_names import _codes_that_matter
from krampe.domain.screening import resolve_medicine

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE.parents[1] / "src" / "krampe" / "knowledge" / "data" / "catalogue"
NAMES = HERE / "data" / "medicine_names_dv.csv"
CATEGORIES = {"brand", "generic", "typo", "combination", "otc_mineral"}
GROUPS = set("DGHJLMNPRSV")


def _rows() -> list[dict[str, str]]:
    with NAMES.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["name", "expected_atc", "category", "split"]
        return list(reader)


def _catalogue_codes() -> set[str]:
    codes: set[str] = set()
    for path in CATALOGUE.glob("*.toml"):
        with path.open("rb") as fh:
            document = tomllib.load(fh)
        for kind in ("substance", "combination"):
            codes.update(entry["atc"] for entry in document.get(kind, []))
    return codes


def test_names_follow_the_format_and_the_split_rule() -> None:
    rows = _rows()
    assert len(rows) >= 250
    seen: set[str] = set()
    for row in rows:
        assert row["name"].strip() == row["name"] and row["name"], row
        assert row["name"].casefold() not in seen, row["name"]
        seen.add(row["name"].casefold())
        assert row["category"] in CATEGORIES, row
        crc = zlib.crc32(row["name"].encode("utf-8"))
        assert row["split"] == ("tuning" if crc % 3 == 0 else "heldout"), row


def test_expected_codes_are_in_these_groups_and_in_the_catalogue() -> None:
    codes = _catalogue_codes()
    for row in _rows():
        if row["expected_atc"]:
            assert row["expected_atc"][0] in GROUPS, row
            assert row["expected_atc"] in codes, row


def test_every_category_that_applies_is_represented() -> None:
    counts = {c: sum(r["category"] == c for r in _rows()) for c in CATEGORIES}
    assert all(counts[c] >= 20 for c in ("brand", "generic", "typo", "combination")), counts
    assert counts["otc_mineral"] >= 1, counts


# Resolved the way the screening does, held to the same bar as medicine_names.csv
# (tests/knowledge/test_medicine_names.py): the held-out names are never tuned on.


def _got(name: str) -> str:
    resolution = resolve_medicine(name)
    return resolution.resolved.atc if resolution.resolved else ""


def _heldout() -> list[dict[str, str]]:
    return [r for r in _rows() if r["split"] == "heldout"]


def test_held_out_names_resolve_to_the_right_atc_code() -> None:
    heldout = _heldout()
    wrong = [(r["name"], r["expected_atc"], _got(r["name"])) for r in heldout]
    wrong = [w for w in wrong if w[1] != w[2]]
    assert 1 - len(wrong) / len(heldout) >= 0.95, wrong


def test_every_held_out_name_that_matters_for_magnesium_resolves() -> None:
    codes = _codes_that_matter()
    matters = [r for r in _heldout() if r["expected_atc"] in codes]
    assert len(matters) >= 90
    wrong = [(r["name"], r["expected_atc"], _got(r["name"])) for r in matters]
    assert [w for w in wrong if w[1] != w[2]] == []


def test_no_suggestion_comes_from_another_anatomical_group() -> None:
    for row in _rows():
        resolution = resolve_medicine(row["name"])
        letters = {c.atc[0] for c in resolution.candidates}
        if resolution.resolved is not None and resolution.candidates:
            letters.add(resolution.resolved.atc[0])
        assert len(letters) <= 1, (row["name"], [c.to_dict() for c in resolution.candidates])
