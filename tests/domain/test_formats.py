"""Dates and numbers as Danes (and the English) write them, from the domain's one table."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from krampe.domain.formats import (
    FORMAT_NAMES,
    amount,
    decimal,
    format_date,
    percent,
    render_format,
)

TUESDAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("name", "da", "en"),
    [
        ("DATE_FORMAT", "1. december 2026", "1 December 2026"),
        ("SHORT_DATE_FORMAT", "1. dec. 2026", "1 Dec 2026"),
        ("MONTH_DAY_FORMAT", "1. december", "1 December"),
        ("WEEKDAY_DATE_FORMAT", "tirsdag den 1. december", "Tuesday 1 December"),
        ("WEEKDAY_FULL_DATE_FORMAT", "tirsdag den 1. december 2026", "Tuesday 1 December 2026"),
        ("SHORT_MONTH_DAY_FORMAT", "1. dec.", "1 Dec"),
        ("SHORT_WEEKDAY_FORMAT", "tir. 1. dec.", "Tue 1 Dec"),
        ("SHORT_MONTH_YEAR_FORMAT", "dec. 2026", "Dec 2026"),
    ],
)
def test_each_named_format_reads_as_each_language_writes_dates(name, da, en) -> None:
    assert format_date(TUESDAY, name, "da") == da
    assert format_date(TUESDAY, name, "en") == en


def test_danish_months_are_lower_case_with_the_ordinal_dot() -> None:
    assert format_date(dt.date(2026, 10, 6), "SHORT_DATE_FORMAT", "da") == "6. okt. 2026"
    assert format_date(dt.date(2027, 2, 22), "DATE_FORMAT", "da") == "22. februar 2027"
    assert format_date(dt.date(2026, 5, 6), "SHORT_DATE_FORMAT", "da") == "6. maj 2026"
    assert format_date(dt.date(2026, 9, 12), "SHORT_MONTH_DAY_FORMAT", "en") == "12 Sep"


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_danish_dates_never_carry_an_english_or_capitalised_name(day: dt.date) -> None:
    for name in FORMAT_NAMES:
        value = dt.datetime.combine(day, dt.time(21, 30)) if name == "DATETIME_FORMAT" else day
        text = format_date(value, name, "da")
        assert text == text.lower()
        assert not any(word in text for word in ("Dec", "Oct", "May", "day"))


def test_an_unknown_format_or_letter_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="LONG_FORMAT"):
        format_date(TUESDAY, "LONG_FORMAT", "da")
    with pytest.raises(ValueError, match="'z'"):
        render_format(TUESDAY, "z", "da")
    assert render_format(TUESDAY, r"\d\e\n j.", "da") == "den 1."


def test_numbers_take_the_decimal_comma_in_danish() -> None:
    assert decimal(1.43, 1, "da") == "1,4"
    assert decimal(1.43, 1, "en") == "1.4"
    assert decimal(-0.04, 1, "da") == "0,0"
    assert percent(0.603, 0, "da") == "60\u00a0%"
    assert percent(0.603, 1, "da") == "60,3\u00a0%"
    assert percent(0.603, 0, "en") == "60%"


def test_an_amount_is_as_short_as_it_is_exact_with_the_languages_mark() -> None:
    assert amount(250.0, "da") == "250"
    assert amount(62.5, "da") == "62,5"
    assert amount(62.5, "en") == "62.5"
    assert amount(0.25, "da") == "0,25"
