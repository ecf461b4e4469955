"""Dates and numbers as each language writes them: "tirsdag den 1. december",
"1. dec. 2026", "1,4" in Danish; "Tuesday 1 December", "1 Dec 2026", "1.4" in English.

One table of named formats per language, written in Django's date-format syntax
(``j``, ``l``, ``F``, ...). The web's format modules (``krampe.web.formats``)
take their formats from :data:`FORMATS`, so Django's ``date`` filter and this
module's :func:`format_date` (for the pure domain and the command line) write
the same date the same way; the month and weekday names here are those of
Django's own catalogs, and ``tests/web/test_formats.py`` holds the two to it.

Danish month and weekday names are lower case; the short month is the
newspaper style of Django's Danish catalog ("jan.", "marts", "maj", "sept.").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from krampe.domain.vocab import Lang, lang_or_default

MONTHS: Mapping[Lang, tuple[str, ...]] = {
    "da": (
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
# Django's "N" in Danish (newspaper style) and "M" in English: the short month.
MONTHS_SHORT: Mapping[Lang, tuple[str, ...]] = {
    "da": (
        "jan.",
        "feb.",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "aug.",
        "sept.",
        "okt.",
        "nov.",
        "dec.",
    ),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
WEEKDAYS: Mapping[Lang, tuple[str, ...]] = {
    "da": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
WEEKDAYS_SHORT: Mapping[Lang, tuple[str, ...]] = {
    "da": ("man", "tir", "ons", "tor", "fre", "lør", "søn"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}

# Named formats. The first five are Django's own names (the ``date`` filter takes
# them); the others are Krampe's (the ``datefmt`` template filter takes them).
FORMATS: Mapping[Lang, Mapping[str, str]] = {
    "da": {
        "DATE_FORMAT": "j. F Y",  # 1. december 2026
        "SHORT_DATE_FORMAT": "j. N Y",  # 1. dec. 2026
        "MONTH_DAY_FORMAT": "j. F",  # 1. december
        "YEAR_MONTH_FORMAT": "F Y",  # december 2026
        "DATETIME_FORMAT": "j. F Y H:i",  # 1. december 2026 21:30
        "WEEKDAY_DATE_FORMAT": r"l \d\e\n j. F",  # tirsdag den 1. december
        "WEEKDAY_FULL_DATE_FORMAT": r"l \d\e\n j. F Y",  # tirsdag den 1. december 2026
        "SHORT_MONTH_DAY_FORMAT": "j. N",  # 1. dec.
        "SHORT_WEEKDAY_FORMAT": "D. j. N",  # tir. 1. dec.
        "SHORT_MONTH_FORMAT": "N",  # dec.
        "SHORT_MONTH_YEAR_FORMAT": "N Y",  # dec. 2026
    },
    "en": {
        "DATE_FORMAT": "j F Y",  # 1 December 2026
        "SHORT_DATE_FORMAT": "j M Y",  # 1 Dec 2026
        "MONTH_DAY_FORMAT": "j F",  # 1 December
        "YEAR_MONTH_FORMAT": "F Y",  # December 2026
        "DATETIME_FORMAT": "j F Y, H:i",  # 1 December 2026, 21:30
        "WEEKDAY_DATE_FORMAT": "l j F",  # Tuesday 1 December
        "WEEKDAY_FULL_DATE_FORMAT": "l j F Y",  # Tuesday 1 December 2026
        "SHORT_MONTH_DAY_FORMAT": "j M",  # 1 Dec
        "SHORT_WEEKDAY_FORMAT": "D j M",  # Tue 1 Dec
        "SHORT_MONTH_FORMAT": "M",  # Dec
        "SHORT_MONTH_YEAR_FORMAT": "M Y",  # Dec 2026
    },
}
FORMAT_NAMES: tuple[str, ...] = tuple(FORMATS["da"])
DECIMAL_SEPARATOR: Mapping[Lang, str] = {"da": ",", "en": "."}
# Danish sets a space before the per cent sign, English none; a no-break space, so a
# line never starts with "%" (tests/test_typography.py holds the fixed texts to it).
PERCENT_SIGN: Mapping[Lang, str] = {"da": "\u00a0%", "en": "%"}


def _month(value: dt.date, lang: Lang, short: bool) -> str:
    names = MONTHS_SHORT if short else MONTHS
    return names[lang][value.month - 1]


def _part(char: str, value: dt.date, lang: Lang) -> str:
    """One format character of Django's syntax; the subset the named formats use."""
    match char:
        case "j":
            return str(value.day)
        case "d":
            return f"{value.day:02d}"
        case "n":
            return str(value.month)
        case "m":
            return f"{value.month:02d}"
        case "Y":
            return str(value.year)
        case "F":
            return _month(value, lang, short=False)
        case "N" | "M":
            return _month(value, lang, short=True)
        case "l":
            return WEEKDAYS[lang][value.weekday()]
        case "D":
            return WEEKDAYS_SHORT[lang][value.weekday()]
        case "H" | "i":
            if not isinstance(value, dt.datetime):
                raise ValueError(f"format character {char!r} needs a time, not only a date")
            return f"{value.hour:02d}" if char == "H" else f"{value.minute:02d}"
    raise ValueError(f"format character {char!r} is not one Krampe's formats use")


def render_format(value: dt.date, pattern: str, lang: Lang) -> str:
    """``value`` written by ``pattern`` (Django's syntax: a backslash makes a letter literal)."""
    out: list[str] = []
    escaped = False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char.isascii() and char.isalpha():
            out.append(_part(char, value, lang))
        else:
            out.append(char)
    return "".join(out)


def format_date(value: dt.date, name: str = "DATE_FORMAT", lang: str = "da") -> str:
    """``value`` in the named format of ``lang``: ``format_date(d, "SHORT_DATE_FORMAT")``
    is "1. dec. 2026" in Danish and "1 Dec 2026" in English."""
    code = lang_or_default(lang)
    try:
        pattern = FORMATS[code][name]
    except KeyError:
        raise ValueError(f"no date format {name!r}; one of {', '.join(FORMAT_NAMES)}") from None
    return render_format(value, pattern, code)


def decimal(value: float, digits: int = 1, lang: str = "da") -> str:
    """A rounded number with the language's decimal mark: 1,4 (Danish), 1.4 (English)."""
    text = f"{value:.{digits}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]  # -0.0 rounds to 0, and is written so
    return text.replace(".", DECIMAL_SEPARATOR[lang_or_default(lang)])


def amount(value: float, lang: str = "da") -> str:
    """A number as short as it is exact, with the language's decimal mark: 250, 62,5."""
    return f"{value:g}".replace(".", DECIMAL_SEPARATOR[lang_or_default(lang)])


def percent(fraction: float, digits: int = 0, lang: str = "da") -> str:
    """A fraction as a percentage: 0.603 → "60 %" (Danish), "60%" (English)."""
    code = lang_or_default(lang)
    return decimal(100 * fraction, digits, code) + PERCENT_SIGN[code]
