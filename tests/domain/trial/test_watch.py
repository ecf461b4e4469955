"""The checks during a trial: a sharp, sustained rise, diarrhoea night after night, a
red flag in a note. Each prompts; only the red flag pauses the reminders."""

from __future__ import annotations

import datetime as dt

import pytest

from krampe.domain.trial.diary import Night
from krampe.domain.trial.watch import (
    DIARRHEA_NIGHTS,
    REFERENCE_MIN,
    RISE_FACTOR,
    RISE_MIN_CRAMPS,
    RISE_NIGHTS,
    red_flag_in,
    reminders_paused,
    safety_prompts,
)

START = dt.date(2026, 3, 1)


def diary(
    counts: list[int], *, side: dict[int, str] | None = None, notes: dict[int, str] | None = None
) -> list[Night]:
    side, notes = side or {}, notes or {}
    return [
        Night(
            START + dt.timedelta(days=i),
            "baseline",
            c,
            5 if c else None,
            side_effect=side.get(i, "none"),
            note=notes.get(i, ""),
        )  # type: ignore[arg-type]
        for i, c in enumerate(counts)
    ]


def prompts(nights: list[Night], **kwargs: object) -> list[str]:
    today = nights[-1].date + dt.timedelta(days=1)
    found = safety_prompts(
        nights, start=START, end=START + dt.timedelta(days=83), today=today, **kwargs
    )  # type: ignore[arg-type]
    return [p.code for p in found]


def test_the_thresholds_are_the_documented_ones() -> None:
    assert (RISE_NIGHTS, RISE_MIN_CRAMPS, RISE_FACTOR, REFERENCE_MIN, DIARRHEA_NIGHTS) == (
        3,
        3,
        2.0,
        7,
        3,
    )


def test_a_sharp_sustained_rise_prompts() -> None:
    nights = diary([1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 8, 9, 8])
    found = safety_prompts(
        nights, start=START, end=START + dt.timedelta(days=83), today=nights[-1].date
    )
    (rise,) = found
    assert rise.code == "cramps_rising" and not rise.pauses_reminders
    assert rise.values["recent_mean"] == pytest.approx(25 / 3)
    assert rise.values["reference_mean"] == pytest.approx(1.3)
    assert not reminders_paused(found)


@pytest.mark.parametrize(
    "counts",
    [
        [1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 8, 9],  # only two nights: not sustained
        [1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 8, 2, 9],  # a quiet night in between
        [2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 4, 4, 4],  # higher, but not twice the usual
        [1, 1, 1, 8, 9, 8],  # too few nights to compare with
    ],
)
def test_no_rise_prompt_below_the_thresholds(counts: list[int]) -> None:
    assert "cramps_rising" not in prompts(diary(counts))


def test_a_night_not_logged_breaks_the_run() -> None:
    nights = diary([1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 8, 9, 8])
    del nights[11]
    assert prompts(nights) == []


def test_diarrhoea_three_nights_in_a_row_prompts_and_two_do_not() -> None:
    counts = [1] * 10
    three = diary(counts, side={7: "diarrhea", 8: "diarrhea", 9: "diarrhea"})
    assert prompts(three) == ["diarrhea_streak"]
    two = diary(counts, side={8: "diarrhea", 9: "diarrhea"})
    assert prompts(two) == []
    loose = diary(counts, side={7: "loose_stools", 8: "diarrhea", 9: "diarrhea"})
    assert prompts(loose) == []


def test_an_old_streak_does_not_prompt_a_week_later() -> None:
    nights = diary([1] * 10, side={7: "diarrhea", 8: "diarrhea", 9: "diarrhea"})
    later = nights[-1].date + dt.timedelta(days=7)
    found = safety_prompts(nights, start=START, end=START + dt.timedelta(days=83), today=later)
    assert found == []


@pytest.mark.parametrize(
    ("note", "flag"),
    [
        ("Læggen er hævet og varm", "possible_dvt"),
        ("swollen calf this morning", "possible_dvt"),
        ("Kold fod om natten", "acute_arterial"),
        ("numbness in the toes", "neurological_signs"),
        ("Følelsesløshed i foden", "neurological_signs"),
        ("feber i aftes", "systemic_signs"),
    ],
)
def test_a_red_flag_in_a_note_prompts_and_pauses_the_reminders(note: str, flag: str) -> None:
    nights = diary([1] * 10, notes={9: note})
    found = safety_prompts(
        nights, start=START, end=START + dt.timedelta(days=83), today=nights[-1].date
    )
    (prompt,) = found
    assert (prompt.code, prompt.values["red_flag"]) == ("red_flag_note", flag)
    assert prompt.pauses_reminders and reminders_paused(found)


@pytest.mark.parametrize(
    "note", ["ingen hævelse", "no swelling", "a number of cramps", "Rødvin til middag", ""]
)
def test_a_note_without_a_warning_sign_does_not_prompt(note: str) -> None:
    assert red_flag_in(note) is None


def test_resuming_after_the_red_flag_night_clears_it_until_a_new_one() -> None:
    nights = diary([1] * 10, notes={5: "hævet læg"})
    assert prompts(nights, resumed_through=nights[5].date) == []
    later = diary([1] * 10, notes={5: "hævet læg", 9: "kold fod"})
    assert prompts(later, resumed_through=later[5].date) == ["red_flag_note"]


def test_the_checks_read_only_the_diary_so_every_jar_gives_the_same_prompt() -> None:
    # Two diaries that differ only in the (stored) phase give the same prompts.
    nights = diary([1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 8, 9, 8], notes={12: "hævet"})
    relabelled = [Night(n.date, "placebo", n.cramps, n.worst_pain, note=n.note) for n in nights]
    assert prompts(nights) == prompts(relabelled) == ["red_flag_note", "cramps_rising"]


def test_the_word_a_prompt_quotes_has_no_pattern_mark() -> None:
    found = red_flag_in("Benet har hævelser i aften")
    assert found is not None and found[1] == "hævelse"
