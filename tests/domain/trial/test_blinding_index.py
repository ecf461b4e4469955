"""Bang's blinding index, per arm, from the person's guesses per period."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from krampe.domain.trial.blinding import (
    BlindingCheckError,
    arm_index,
    bang_index,
    blinding_check,
    blinding_check_from_dict,
)
from krampe.domain.vocab import GUESSES

DAY = dt.date(2026, 6, 1)
CONTENTS = {
    1: "magnesium",
    2: "placebo",
    3: "placebo",
    4: "magnesium",
    5: "magnesium",
    6: "placebo",
}


def test_the_index_matches_the_published_package_example() -> None:
    # The 3x2 example of the R package BI (and BlindingIndex.jl): guesses
    # treatment/placebo/don't know = 48/4/330 in the treatment arm and 22/30/319
    # in the placebo arm give Bang's indexes 0.115 and 0.022.
    treated = arm_index("magnesium", ["magnesium"] * 48 + ["placebo"] * 4 + ["dont_know"] * 330)
    placebo = arm_index("placebo", ["magnesium"] * 22 + ["placebo"] * 30 + ["dont_know"] * 319)
    assert treated.value == pytest.approx(0.115, abs=5e-4)
    assert placebo.value == pytest.approx(0.022, abs=5e-4)


def test_every_guess_right_is_one_every_guess_wrong_is_minus_one_and_unsure_is_zero() -> None:
    right = blinding_check({p: c for p, c in CONTENTS.items()}, "very_sure", 6, DAY)
    result = bang_index(right, CONTENTS)
    assert (result.magnesium.value, result.placebo.value) == (1.0, 1.0)
    swap = {"magnesium": "placebo", "placebo": "magnesium"}
    wrong = blinding_check({p: swap[c] for p, c in CONTENTS.items()}, "fairly_sure", 6, DAY)
    assert bang_index(wrong, CONTENTS).magnesium.value == -1.0
    unsure = blinding_check(dict.fromkeys(CONTENTS, "dont_know"), "guessing", 6, DAY)
    assert bang_index(unsure, CONTENTS).placebo.value == 0.0


def test_one_guess_per_period_counts_in_its_own_arm() -> None:
    guesses = {
        1: "magnesium",
        2: "magnesium",
        3: "dont_know",
        4: "placebo",
        5: "magnesium",
        6: "placebo",
    }
    result = bang_index(blinding_check(guesses, "fairly_sure", 6, DAY), CONTENTS)
    # magnesium periods 1, 4, 5: right, wrong, right -> (2 - 1) / 3
    assert (result.magnesium.correct, result.magnesium.incorrect) == (2, 1)
    assert result.magnesium.value == pytest.approx(1 / 3)
    # placebo periods 2, 3, 6: wrong, don't know, right -> (1 - 1) / 3
    assert result.placebo.value == 0.0 and result.placebo.dont_know == 1
    assert result.to_dict()["source"] == "bang2004_blinding_index"


@given(st.lists(st.sampled_from(GUESSES), min_size=1, max_size=10))
def test_the_index_always_lies_between_minus_one_and_one(guesses: list[str]) -> None:
    value = arm_index("placebo", guesses).value  # type: ignore[arg-type]
    assert value is not None and -1.0 <= value <= 1.0


def test_answers_are_checked_and_survive_storage() -> None:
    with pytest.raises(BlindingCheckError, match="periods 1 to 6"):
        blinding_check({1: "magnesium"}, "guessing", 6, DAY)
    with pytest.raises(BlindingCheckError, match="period 2"):
        blinding_check({1: "magnesium", 2: "maybe"}, "guessing", 2, DAY)
    with pytest.raises(BlindingCheckError, match="certainty"):
        blinding_check({1: "magnesium"}, "certain", 1, DAY)
    check = blinding_check(dict.fromkeys(range(1, 7), "dont_know"), "guessing", 6, DAY)
    assert blinding_check_from_dict(check.to_dict()) == check
