"""The medicine catalogue files (data/catalogue/<LETTER>.toml), read as plain TOML.

Until the loaders read the catalogue, every entry of medicines.toml must be in
the catalogue with the same code, class and flags; the catalogue keeps its names
and brands and may add more.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "src" / "krampe" / "knowledge" / "data"
CATALOGUE = DATA / "catalogue"


def _entries() -> dict[str, tuple[str, str, dict[str, Any]]]:
    out: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for path in sorted(CATALOGUE.glob("*.toml")):
        with path.open("rb") as fh:
            document = tomllib.load(fh)
        for kind in ("substance", "combination"):
            for entry in document.get(kind, []):
                assert entry["id"] not in out, entry["id"]
                out[entry["id"]] = (path.stem, kind, entry)
    return out


ENTRIES = _entries()


def test_one_file_per_anatomical_group_and_codes_in_their_file() -> None:
    assert {p.stem for p in CATALOGUE.glob("*.toml")} >= set("ABCDGHJLMNPRSV")
    for entry_id, (letter, _kind, entry) in ENTRIES.items():
        assert entry["atc"][0] == letter, entry_id


def test_every_old_medicine_is_in_the_catalogue_unchanged() -> None:
    with (DATA / "medicines.toml").open("rb") as fh:
        old = tomllib.load(fh)["medicine"]
    for m in old:
        _letter, kind, entry = ENTRIES[m["id"]]
        assert (entry["atc"], entry["class"]) == (m["atc"], m["class"]), m["id"]
        assert (entry["name_da"], entry["name_en"]) == (m["name_da"], m["name_en"])
        assert set(m["names"]) <= set(entry["spellings"]), m["id"]
        assert set(m["brands"]) <= {b["name"] for b in entry["brands"]}, m["id"]
        flags = _effective(entry)
        assert flags["provokes_cramps"] == m["provokes_cramps"], m["id"]
        assert flags["deficiency_risk"] == m["deficiency_risk"], m["id"]
        assert flags["consult"] == m["consult"], m["id"]
        assert set(m["sources"]) <= set(entry["sources"]), m["id"]
        assert (kind == "combination") == bool(entry.get("components")), m["id"]


def _effective(entry: dict[str, Any]) -> dict[str, Any]:
    parts = [entry] + [ENTRIES[c][2] for c in entry.get("components", [])]
    consults = [p.get("consult", "") for p in parts if p.get("consult")]
    return {
        "provokes_cramps": any(p.get("provokes_cramps", False) for p in parts),
        "deficiency_risk": any(p.get("deficiency_risk", False) for p in parts),
        "consult": consults[0] if consults else "",
    }


def test_brands_say_how_they_were_checked() -> None:
    leaflets: dict[str, dict[str, Any]] = {}
    for path in sorted((DATA / "sources").glob("*.toml")):
        with path.open("rb") as fh:
            leaflets.update({s["id"]: s for s in tomllib.load(fh)["source"]})
    for entry_id, (_letter, _kind, entry) in ENTRIES.items():
        for brand in entry["brands"]:
            has_source, has_basis = "source" in brand, "basis" in brand
            assert has_source != has_basis, (entry_id, brand)
            if has_source:
                assert leaflets[brand["source"]]["kind"] in {"leaflet", "smpc"}
            else:
                assert brand["basis"] == "general_knowledge", (entry_id, brand)


def test_combination_components_exist() -> None:
    for entry_id, (_letter, kind, entry) in ENTRIES.items():
        if kind == "combination":
            assert entry["components"], entry_id
            for component in entry["components"]:
                assert ENTRIES[component][1] == "substance", (entry_id, component)
