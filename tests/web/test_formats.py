"""Django's localisation and the domain's formats write every date alike.

The web's format modules take their patterns from ``krampe.domain.formats``;
the month and weekday names come from Django's catalogs on the pages and from
the domain's tables in the domain and the command line. Every day of two
years, in every named format and both languages, must come out the same.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import dateformat, formats, translation

from krampe.domain.formats import FORMAT_NAMES, FORMATS, format_date
from krampe.web.core.templatetags.krampe_tags import named_date_format

DAYS = [dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(731)]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_django_and_the_domain_write_every_date_alike(lang: str) -> None:
    with translation.override(lang):
        for name in FORMAT_NAMES:
            pattern = named_date_format(name)
            assert pattern == FORMATS[lang][name]
            for day in DAYS:
                value = dt.datetime.combine(day, dt.time(21, 30)) if "H" in pattern else day
                assert dateformat.format(value, pattern) == format_date(value, name, lang)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("da", "tirsdag den 1. december · 1. dec. 2026 · 1. december 2026 · 1,4 · 60\u00a0%"),
        ("en", "Tuesday 1 December · 1 Dec 2026 · 1 December 2026 · 1.4 · 60%"),
    ],
)
def test_templates_write_dates_and_numbers_in_the_pages_language(lang, expected) -> None:
    template = Template(
        '{% load krampe_tags %}{{ d|datefmt:"WEEKDAY_DATE_FORMAT" }} · '
        '{{ d|date:"SHORT_DATE_FORMAT" }} · {{ d|date }} · {{ x|floatformat:1 }} · '
        "{{ p|percent:0 }}"
    )
    with translation.override(lang):
        text = template.render(Context({"d": dt.date(2026, 12, 1), "x": 1.43, "p": 0.6}))
    assert text == expected


def test_a_date_field_renders_iso_for_the_date_input() -> None:
    with translation.override("da"):
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%Y-%m-%d"
