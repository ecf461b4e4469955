"""A count with its noun: singular only for exactly 1, in Danish and English."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from krampe.domain.text import NOUNS, count_noun, plural


@pytest.mark.parametrize(
    ("noun", "lang", "zero", "one", "two"),
    [
        ("night", "en", "0 nights", "1 night", "2 nights"),
        ("night", "da", "0 nætter", "1 nat", "2 nætter"),
        ("pair", "en", "0 pairs", "1 pair", "2 pairs"),
        ("pair", "da", "0 par", "1 par", "2 par"),
        ("week", "en", "0 weeks", "1 week", "2 weeks"),
        ("week", "da", "0 uger", "1 uge", "2 uger"),
        ("medicine", "da", "0 mediciner", "1 medicin", "2 mediciner"),
    ],
)
def test_zero_one_and_two(noun, lang, zero, one, two):
    assert [count_noun(n, noun, lang) for n in (0, 1, 2)] == [zero, one, two]


@given(st.integers(min_value=0, max_value=10_000), st.sampled_from(sorted(NOUNS)))
def test_only_one_takes_the_singular(count, noun):
    for lang in ("da", "en"):
        singular, plural_form = NOUNS[noun][lang]
        expected = singular if count == 1 else plural_form
        assert count_noun(count, noun, lang) == f"{count} {expected}"
        assert plural(count, "one", "other") == ("one" if count == 1 else "other")


def test_decimals_take_the_plural_and_keep_their_written_form():
    assert count_noun(1.5, "hour", "da", "1,5") == "1,5 timer"
    assert count_noun(1.0, "hour", "en", "1") == "1 hour"
    assert count_noun(0.5, "hour", "en", "0.5") == "0.5 hours"
