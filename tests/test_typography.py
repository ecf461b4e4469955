"""Percent signs follow each language's convention wherever a person reads them.

Danish writes a space before the sign, and it must be a no-break space so "28 %"
never wraps as "28" / "%" on a phone; English writes no space ("28%"). The one
formatter (``krampe.domain.formats.percent``) does this for computed numbers; the
fixed texts are checked here:

- the knowledge base: ``*_da`` / ``*_en`` and ``da`` / ``en`` in the TOML files, and
  the food names in foods.csv;
- the text tables of the domain and the command line (every module-level dict,
  walked for strings under a ``da`` or ``en`` key);
- the web's message catalogs (every msgstr, by the catalog's language).
"""

from __future__ import annotations

import csv
import importlib
import pkgutil
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib

import krampe.cli
import krampe.domain
import krampe.knowledge
import krampe.web

DATA = Path(krampe.knowledge.__file__).parent / "data"
WEB = Path(krampe.web.__file__).parent
# A number, or a message's placeholder ("%(pct)s"), then the sign; the catalogs write
# a literal sign as "%%", which these match too.
DANISH_PLAIN_SPACE = re.compile(r"(\d|\)s) %")  # an ordinary space before the sign
ENGLISH_ANY_SPACE = re.compile(r"(\d|\)s)\s%")

Found = list[tuple[str, str, str]]  # (where, language, text)


def _knowledge_texts(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _knowledge_texts(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _knowledge_texts(item, key)
    elif isinstance(value, str) and (key in ("da", "en") or key.endswith(("_da", "_en"))):
        yield key[-2:], value


def _knowledge() -> Found:
    found = []
    for path in sorted(DATA.rglob("*.toml")):
        for lang, text in _knowledge_texts(tomllib.loads(path.read_text(encoding="utf-8"))):
            found.append((path.name, lang, text))
    with (DATA / "foods.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found += [("foods.csv", "da", row["name_da"]), ("foods.csv", "en", row["name_en"])]
    return found


def _table_texts(value: Any, where: str, lang: str | None) -> Iterator[tuple[str, str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            inner = key if key in ("da", "en") else lang
            yield from _table_texts(item, f"{where}.{key}", inner)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _table_texts(item, where, lang)
    elif isinstance(value, str) and lang is not None:
        yield where, lang, value


def _text_tables() -> Found:
    found: Found = []
    for package in (krampe.domain, krampe.cli):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            for name, value in vars(importlib.import_module(module.name)).items():
                if isinstance(value, dict) and not name.startswith("__"):
                    found += _table_texts(value, f"{module.name}.{name}", None)
    return found


def _catalogs() -> Found:
    found: Found = []
    for path in sorted(WEB.rglob("django.po")):
        lang = path.parent.parent.name
        for entry in polib.pofile(str(path)):
            for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                found.append((str(path.relative_to(WEB)), lang, text))
    return found


def _wrong(found: Found) -> Found:
    return [
        (where, lang, text)
        for where, lang, text in found
        if (lang == "da" and DANISH_PLAIN_SPACE.search(text))
        or (lang == "en" and ENGLISH_ANY_SPACE.search(text))
    ]


def test_the_checks_read_the_texts_that_have_percentages():
    # each source is read in both languages, so an empty walk cannot pass the checks
    # below unnoticed; the knowledge base and the text tables hold texts with the sign
    # (the catalogs none today: their percentages come from the formatter)
    for found, at_least in ((_knowledge(), 1000), (_text_tables(), 400), (_catalogs(), 1000)):
        assert len(found) > at_least
        assert {lang for _, lang, _ in found} == {"da", "en"}
    for found in (_knowledge(), _text_tables()):
        with_sign = {lang for _, lang, text in found if re.search(r"(\d|\)s)\s?%", text)}
        assert with_sign == {"da", "en"}


def test_danish_percentages_have_a_no_break_space_and_english_none():
    assert _wrong(_knowledge()) == []
    assert _wrong(_text_tables()) == []
    assert _wrong(_catalogs()) == []


def test_the_checks_know_a_wrong_text_from_a_right_one():
    samples: Found = [
        ("x", "da", "omkring 28 %"),
        ("x", "da", "omkring 28\u00a0%"),
        ("x", "en", "about 28 %"),
        ("x", "en", "about 28%"),
        ("x", "da", "på %(pct)s %% af nætterne"),
    ]
    assert [text for _, _, text in _wrong(samples)] == [
        "omkring 28 %",
        "about 28 %",
        "på %(pct)s %% af nætterne",
    ]
    assert any("28\u00a0%" in text for _, lang, text in _knowledge() if lang == "da")
    assert any("95\u00a0% troværdighedsinterval" in text for _, _, text in _text_tables())
