"""The blinding check at the end of a blinded trial: the person's guesses and Bang's index.

Before unblinding the person says, period by period, whether they think it was
magnesium, placebo, or that they do not know, and how sure they are overall.
After unblinding the guesses are compared with the allocation.

Bang's blinding index (Bang, Ni and Davis 2004, source ``bang2004_blinding_index``)
is computed per arm: for the periods that held one arm,

    BI = (correct − incorrect) / all guesses, "don't know" included,

which is ``(2 · correct/(correct + incorrect) − 1) · (correct + incorrect)/n`` in
the paper's form. It runs from −1 (every guess wrong) through 0 (as many right
as wrong, what random guessing gives on average; also all "don't know") to 1
(every guess right: the blind did not hold for that arm).

In a trial of one person each period is one guess: the magnesium index counts
the guesses about the magnesium periods, the placebo index those about the
placebo periods. With three periods per arm an index can only be −1, −⅔, −⅓,
0, ⅓, ⅔ or 1, so it describes this trial's guesses; it is not a test. The
overall certainty is reported beside it and does not enter the index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from krampe.domain.vocab import (
    CERTAINTIES,
    GUESSES,
    Certainty,
    Content,
    Guess,
    VocabularyError,
    one_of,
)

BLINDING_SOURCE = "bang2004_blinding_index"
ARMS: tuple[Content, Content] = ("magnesium", "placebo")


class BlindingCheckError(ValueError):
    """A blinding check that cannot be used; ``field`` names the answer."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True, slots=True)
class BlindingCheck:
    """The person's answers before unblinding: a guess per period and the certainty."""

    guesses: Mapping[int, Guess]  # period number -> guess
    certainty: Certainty
    answered_on: dt.date

    def to_dict(self) -> dict[str, Any]:
        return {
            "guesses": {str(period): guess for period, guess in sorted(self.guesses.items())},
            "certainty": self.certainty,
            "answered_on": self.answered_on.isoformat(),
        }


def blinding_check(
    guesses: Mapping[int, str], certainty: str, periods: int, answered_on: dt.date
) -> BlindingCheck:
    """The answers checked: one guess for each of periods 1 to ``periods``."""
    if sorted(guesses) != list(range(1, periods + 1)):
        raise BlindingCheckError("guesses", f"give one guess for each of periods 1 to {periods}")
    try:
        checked = {p: one_of(GUESSES, g, f"period {p}") for p, g in guesses.items()}
        level = one_of(CERTAINTIES, certainty, "certainty")
    except VocabularyError as exc:
        raise BlindingCheckError(exc.field, f"not one of {', '.join(exc.allowed)}") from None
    return BlindingCheck(checked, level, answered_on)


def blinding_check_from_dict(data: Mapping[str, Any]) -> BlindingCheck:
    """Read a check written by :meth:`BlindingCheck.to_dict`."""
    try:
        guesses = {int(p): str(g) for p, g in dict(data["guesses"]).items()}
        answered = dt.date.fromisoformat(str(data["answered_on"]))
        certainty = str(data["certainty"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BlindingCheckError("blinding_check", f"cannot be read ({exc})") from None
    return blinding_check(guesses, certainty, len(guesses), answered)


@dataclass(frozen=True, slots=True)
class ArmIndex:
    """Bang's index for the periods of one arm, with the counts it comes from."""

    arm: Content
    correct: int
    incorrect: int
    dont_know: int

    @property
    def periods(self) -> int:
        return self.correct + self.incorrect + self.dont_know

    @property
    def value(self) -> float | None:
        """(correct − incorrect) / periods; None when the arm had no period."""
        if not self.periods:
            return None
        return (self.correct - self.incorrect) / self.periods


@dataclass(frozen=True, slots=True)
class BlindingResult:
    """Bang's index per arm for one trial, and the certainty the person gave."""

    magnesium: ArmIndex
    placebo: ArmIndex
    certainty: Certainty

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": "bang",
            "magnesium": _arm_dict(self.magnesium),
            "placebo": _arm_dict(self.placebo),
            "certainty": self.certainty,
            "source": BLINDING_SOURCE,
        }


def _arm_dict(arm: ArmIndex) -> dict[str, Any]:
    return {
        "value": arm.value,
        "periods": arm.periods,
        "correct": arm.correct,
        "incorrect": arm.incorrect,
        "dont_know": arm.dont_know,
    }


def arm_index(arm: Content, guesses: list[Guess]) -> ArmIndex:
    """Bang's index of the guesses about the periods that held ``arm``."""
    other = ARMS[1] if arm == ARMS[0] else ARMS[0]
    return ArmIndex(
        arm,
        correct=sum(1 for g in guesses if g == arm),
        incorrect=sum(1 for g in guesses if g == other),
        dont_know=sum(1 for g in guesses if g == "dont_know"),
    )


def bang_index(check: BlindingCheck, contents: Mapping[int, Content]) -> BlindingResult:
    """Bang's index per arm: the guesses of ``check`` against the revealed ``contents``
    (period number -> magnesium or placebo). Periods without a guess are left out."""
    by_arm: dict[Content, list[Guess]] = {arm: [] for arm in ARMS}
    for period, content in contents.items():
        guess = check.guesses.get(period)
        if guess is not None and content in by_arm:
            by_arm[content].append(guess)
    return BlindingResult(
        arm_index("magnesium", by_arm["magnesium"]),
        arm_index("placebo", by_arm["placebo"]),
        check.certainty,
    )
