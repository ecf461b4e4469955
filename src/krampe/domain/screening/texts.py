"""The screening's own texts: templates, the report's headings and the breastfeeding finding.

They live in ``knowledge/data/screening_texts.toml`` (Danish and English side
by side) so the code holds no prose a person reads (the labels of its codes, levels,
kinds and severities, are in the label catalog). The knowledge package's
loaders do not know this file, so it is read here, with the same checks:
every text has both languages and every source id exists.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from krampe.knowledge import loaders
from krampe.knowledge.models import Text

TEXTS_FILE = "screening_texts.toml"


@dataclass(frozen=True)
class Template:
    """A titled text with optional advice and sources, placeholders still in."""

    title: Text | None
    advice: Text | None
    note: Text | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ScreeningTexts:
    duration: Mapping[str, Text]
    templates: Mapping[str, Template]
    findings: Mapping[str, Template]
    report: Mapping[str, Text]


def _text(table: Mapping[str, Any], name: str, where: str) -> Text | None:
    da, en = table.get(f"{name}_da"), table.get(f"{name}_en")
    if da is None and en is None:
        return None
    if not isinstance(da, str) or not da.strip() or not isinstance(en, str) or not en.strip():
        raise ValueError(f"{TEXTS_FILE}: {where}: {name} needs both _da and _en texts")
    return Text(da.strip(), en.strip())


def _pairs(table: Mapping[str, Any], where: str) -> dict[str, Text]:
    names = {key[: -len("_da")] for key in table if key.endswith("_da")}
    names |= {key[: -len("_en")] for key in table if key.endswith("_en")}
    out: dict[str, Text] = {}
    for name in sorted(names):
        text = _text(table, name, where)
        assert text is not None  # a name was found from one of its keys
        out[name] = text
    return out


def _templates(tables: Mapping[str, Any], where: str, known: set[str]) -> dict[str, Template]:
    out: dict[str, Template] = {}
    for name, table in tables.items():
        label = f"[{where}.{name}]"
        sources = tuple(table.get("sources", ()))
        unknown = [s for s in sources if s not in known]
        if unknown:
            raise ValueError(f"{TEXTS_FILE}: {label}: unknown source id(s) {', '.join(unknown)}")
        out[name] = Template(
            title=_text(table, "title", label),
            advice=_text(table, "advice", label),
            note=_text(table, "note", label),
            sources=sources,
        )
    return out


@cache
def _load(path: Path) -> ScreeningTexts:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    known = set(loaders.sources(path.parent))
    return ScreeningTexts(
        duration=_pairs(data["duration"], "[duration]"),
        templates=_templates(data["template"], "template", known),
        findings=_templates(data["finding"], "finding", known),
        report=_pairs(data["report"], "[report]"),
    )


def screening_texts(data_dir: Path | str | None = None) -> ScreeningTexts:
    """The screening texts from ``data_dir`` (default: the packaged knowledge data)."""
    base = loaders.DATA_DIR if data_dir is None else Path(data_dir).resolve()
    return _load(base / TEXTS_FILE)


def duration(hours: float, lang: str) -> str:
    """A rule's hours as people say them: "30 minutter", "1 time", "4 timer"."""
    texts = screening_texts().duration
    if hours < 1:
        return texts["minutes"].text(lang).format(n=round(hours * 60))
    if hours == 1:
        return texts["hour"].text(lang)
    shown = int(hours) if float(hours).is_integer() else hours
    return texts["hours"].text(lang).format(n=shown)
