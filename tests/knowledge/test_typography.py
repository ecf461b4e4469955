"""Percent signs in the knowledge base follow each language's convention.

Danish writes a space before the sign, and it must be a no-break space so "28 %"
never wraps as "28" / "%" on a phone; English writes no space ("28%"). Every text a
person reads in Danish or English (``*_da`` / ``*_en`` and ``da`` / ``en`` in the TOML
files, the food names in foods.csv) is checked.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import krampe.knowledge

DATA = Path(krampe.knowledge.__file__).parent / "data"
DANISH_PLAIN_SPACE = re.compile(r"\d %")  # an ordinary space before the sign
ENGLISH_ANY_SPACE = re.compile(r"\d\s%")


def _texts(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _texts(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, key)
    elif isinstance(value, str) and (key in ("da", "en") or key.endswith(("_da", "_en"))):
        yield key[-2:], value


def _all_texts() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(DATA.rglob("*.toml")):
        for lang, text in _texts(tomllib.loads(path.read_text(encoding="utf-8"))):
            found.append((path.name, lang, text))
    with (DATA / "foods.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found += [("foods.csv", "da", row["name_da"]), ("foods.csv", "en", row["name_en"])]
    return found


def test_the_check_reads_the_texts_with_percentages():
    texts = _all_texts()
    assert len(texts) > 1000
    with_sign = [(lang, text) for _, lang, text in texts if re.search(r"\d\s?%", text)]
    # the open-label caveat's 28 % in both languages, among others
    assert {lang for lang, _ in with_sign} == {"da", "en"} and len(with_sign) >= 20


def test_danish_percentages_have_a_no_break_space():
    wrong = [(f, t) for f, lang, t in _all_texts() if lang == "da" and DANISH_PLAIN_SPACE.search(t)]
    assert wrong == []
    assert any("28\u00a0%" in t for _, lang, t in _all_texts() if lang == "da")


def test_english_percentages_have_no_space():
    wrong = [(f, t) for f, lang, t in _all_texts() if lang == "en" and ENGLISH_ANY_SPACE.search(t)]
    assert wrong == []
