"""Text rules: free text a person types (no control characters, safe in a spreadsheet),
and a count with its noun in the singular or the plural ("1 nat", "2 nætter")."""

from __future__ import annotations

import re

# C0 controls, DEL and C1 controls. A multi-line text (a note) may keep tab and line breaks.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# The same rule as a pattern for a whole single-line text (pydantic's Field(pattern=)).
NO_CONTROL_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


def control_character(text: str, multiline: bool = False) -> str | None:
    """The first control character in ``text`` as ``U+XXXX``, or None when there is none.

    NUL and the other control characters are never part of what a person
    means; PostgreSQL cannot even store NUL.
    """
    match = (_CONTROL_MULTILINE if multiline else _CONTROL).search(text)
    return None if match is None else f"U+{ord(match.group()):04X}"


def neutralise_formula(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula.

    A cell that already starts with ``'`` followed by a formula start or
    another ``'`` is prefixed too, so :func:`restore_formula` gives back
    exactly the text that was written.
    """
    if cell.startswith(FORMULA_STARTS) or (
        cell.startswith(_QUOTE) and cell[1:2] in (*FORMULA_STARTS, _QUOTE)
    ):
        return _QUOTE + cell
    return cell


def restore_formula(cell: str) -> str:
    """Undo :func:`neutralise_formula`: ``'=1+1`` → ``=1+1``; other text is unchanged."""
    if cell.startswith(_QUOTE) and cell[1:2] in (*FORMULA_STARTS, _QUOTE):
        return cell[1:]
    return cell


def without_control_characters(text: str) -> str:
    """``text`` with every control character removed (for a search query, never stored)."""
    return _CONTROL.sub("", text)


# The nouns the domain's texts count, singular and plural in each language.
NOUNS: dict[str, dict[str, tuple[str, str]]] = {
    "night": {"en": ("night", "nights"), "da": ("nat", "nætter")},
    "counted_night": {
        "en": ("counted night", "counted nights"),
        "da": ("talt nat", "talte nætter"),
    },
    "pair": {"en": ("pair", "pairs"), "da": ("par", "par")},
    "week": {"en": ("week", "weeks"), "da": ("uge", "uger")},
    "hour": {"en": ("hour", "hours"), "da": ("time", "timer")},
    "extension": {"en": ("extension", "extensions"), "da": ("forlængelse", "forlængelser")},
    "day": {"en": ("day", "days"), "da": ("dag", "dage")},
    "medicine": {"en": ("medicine", "medicines"), "da": ("medicin", "mediciner")},
    "problem": {"en": ("problem", "problems"), "da": ("problem", "problemer")},
}


def plural(count: float, one: str, other: str) -> str:
    """``one`` when ``count`` is 1, else ``other``: Danish and English both put 0,
    decimals and every count but 1 in the plural ("0 nætter", "1 nat", "1,5 timer")."""
    return one if count == 1 else other


def count_noun(count: float, noun: str, lang: str, written: str | None = None) -> str:
    """``count`` with the noun of :data:`NOUNS` in the right number: "1 night",
    "2 nights", "1 nat", "0 nætter". ``written`` is the number as the text shows it
    when that is not ``str(count)`` (a decimal comma: "1,5 timer")."""
    one, other = NOUNS[noun][lang]
    return f"{count if written is None else written} {plural(count, one, other)}"
