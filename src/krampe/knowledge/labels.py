"""The label catalog: what each code reads as, from ``data/labels.toml``.

The file holds one table per vocabulary (``[phase]``, ``[verdict]``, ...),
each code with its Danish and English label. This module only reads and
checks the file; :mod:`krampe.domain.labels` is what the shells call.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from krampe.knowledge.loaders import DATA_DIR
from krampe.knowledge.models import Text

LABELS_FILE = "labels.toml"

Catalog = Mapping[str, Mapping[str, Text]]


class LabelCatalogError(ValueError):
    """The label file is broken; the message names the table, the code and the field."""


def _text(vocabulary: str, code: str, raw: object) -> Text:
    where = f"{LABELS_FILE}: [{vocabulary}] {code}"
    if not isinstance(raw, dict) or set(raw) != {"da", "en"}:
        raise LabelCatalogError(f"{where}: must be {{ da = ..., en = ... }}")
    da, en = raw["da"], raw["en"]
    for lang, value in (("da", da), ("en", en)):
        if not isinstance(value, str) or not value.strip():
            raise LabelCatalogError(f"{where}: {lang} must be a text")
    return Text(str(da), str(en))


@cache
def _load(path: Path) -> Catalog:
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    catalog: dict[str, dict[str, Text]] = {}
    for vocabulary, table in raw.items():
        if not isinstance(table, dict):
            raise LabelCatalogError(f"{LABELS_FILE}: [{vocabulary}] must be a table")
        catalog[vocabulary] = {
            str(code): _text(vocabulary, str(code), entry) for code, entry in table.items()
        }
    return catalog


@cache
def _shipped() -> Catalog:
    return _load(DATA_DIR / LABELS_FILE)


def catalog(data_dir: Path | str | None = None) -> Catalog:
    """Every vocabulary's labels, by vocabulary and code."""
    if data_dir is None:
        # Every label shown goes through here (a year's FHIR export: 60,000 times):
        # no path is built and hashed again for each.
        return _shipped()
    return _load(Path(data_dir).resolve() / LABELS_FILE)


def clear_cache() -> None:
    """Forget the file read (tests that edit a copy of the data)."""
    _shipped.cache_clear()
    _load.cache_clear()
