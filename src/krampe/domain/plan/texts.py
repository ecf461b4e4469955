"""Danish and English texts of the plan, read from ``knowledge/data/plan_texts.toml``.

Clinical statements there carry source ids from ``data/sources``; the plan
returns those ids next to each text so a shell can show where a claim comes
from.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from krampe.domain.formats import decimal
from krampe.knowledge.loaders import DATA_DIR

TEXTS_FILE = "plan_texts.toml"
STATUSES = ("evidence", "convention", "ui")


@dataclass(frozen=True)
class PlanText:
    """One text in both languages, with the status and sources of its claim."""

    id: str
    da: str
    en: str
    status: str
    sources: tuple[str, ...]

    def render(self, lang: str, **values: Any) -> str:
        """The text in ``lang`` ("da", anything else English) with placeholders filled."""
        template = self.da if lang == "da" else self.en
        return template.format(**values)


@dataclass(frozen=True)
class Note:
    """A rendered text: what a person reads, and the sources behind it."""

    id: str
    text: str
    status: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "text": self.text,
            "status": self.status,
            "sources": list(self.sources),
        }


@cache
def _texts(path: Path) -> dict[str, PlanText]:
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    out: dict[str, PlanText] = {}
    for entry in raw.get("text", []):
        text = PlanText(
            id=str(entry["id"]),
            da=str(entry["da"]),
            en=str(entry["en"]),
            status=str(entry["status"]),
            sources=tuple(str(s) for s in entry.get("sources", [])),
        )
        if text.id in out:
            raise ValueError(f"{path.name}: text id {text.id!r} is repeated")
        out[text.id] = text
    return out


def texts(data_dir: Path | str | None = None) -> dict[str, PlanText]:
    """Every plan text by id."""
    base = DATA_DIR if data_dir is None else Path(data_dir)
    return _texts((base / TEXTS_FILE).resolve())


def text(text_id: str) -> PlanText:
    """One plan text by id (KeyError if unknown)."""
    return texts()[text_id]


def note(text_id: str, lang: str, **values: Any) -> Note:
    """Render a plan text into a :class:`Note` for ``lang``."""
    entry = text(text_id)
    return Note(entry.id, entry.render(lang, **values), entry.status, entry.sources)


def plural(text_id: str, lang: str, n: float) -> str:
    """Render a "singular|plural" text for ``n`` (halves are written 1½, 2½)."""
    singular, many = text(text_id).render(lang, n=format_count(n, lang)).split("|")
    return singular if n <= 1 else many


def format_count(n: float, lang: str) -> str:
    """Write a tablet count: 2, ½, 1½."""
    whole = int(n)
    if n == whole:
        return str(whole)
    return f"{whole}½" if whole else "½"


def format_mg(value: float, lang: str = "en") -> str:
    """Milligrams with at most one decimal: 97.2 (Danish 97,2), 200."""
    rounded = round(value, 1)
    return decimal(rounded, 0 if rounded == int(rounded) else 1, lang)
