"""The doctor summary names a trial's extension: pairs planned, pairs added and when, and
the rule for the repeated looks, as verdict.py applies it (CERTAINTY_BY_PAIRS)."""

from __future__ import annotations

import datetime as dt

import pytest

from krampe.domain.report.summary import build_summary, extension_note
from krampe.domain.trial.design import add_reserve_pair, blinded_design, open_label_design
from krampe.domain.trial.running import RunningTrial
from krampe.domain.trial.simulate import simulate_diary
from krampe.domain.trial.verdict import CERTAINTY_BY_PAIRS

START = dt.date(2025, 1, 6)
FIRST_ADDED = dt.date(2025, 5, 12)
SECOND_ADDED = dt.date(2025, 6, 9)


def _extended(times: int) -> RunningTrial:
    design = blinded_design(START, seed=41)
    for added_on in (FIRST_ADDED, SECOND_ADDED)[:times]:
        design = add_reserve_pair(design, added_on=added_on)
    return RunningTrial(design)


def test_a_trial_never_extended_says_nothing_of_extensions():
    assert extension_note(RunningTrial(blinded_design(START, seed=41)), "en") == ""
    assert extension_note(RunningTrial(open_label_design(START)), "da") == ""
    assert extension_note(None, "en") == ""


def test_one_pair_added_in_english():
    note = extension_note(_extended(1), "en")
    assert note.startswith("Extended: 3 pairs planned, 1 added (pair 4 on 12 May 2025).")
    assert "a pair only when a look before unblinding gives no clear answer" in note
    assert "grows with the pairs (97.5% after 3 pairs, 98% after 4, 98.5% after 5)" in note
    assert note.endswith("about 5% in simulated trials.")


def test_two_pairs_added_in_danish():
    note = extension_note(_extended(2), "da")
    assert note.startswith(
        "Forlænget: 3 par planlagt, 2 lagt til (par 4 den 12. maj 2025; par 5 den 9. juni 2025)."
    )
    schedule = "(97,5 % efter 3 par, 98 % efter 4, 98,5 % efter 5)".replace(" %", "\u00a0%")
    assert f"vokser med parrene {schedule}" in note
    assert note.endswith("omkring 5\u00a0% i simulerede forsøg.")


def test_the_schedule_named_is_the_one_the_verdict_uses(monkeypatch):
    monkeypatch.setitem(CERTAINTY_BY_PAIRS, 4, 0.99)
    assert "99% after 4," in extension_note(_extended(1), "en")


@pytest.mark.parametrize("unblinded", [False, True])
def test_the_summary_carries_the_note_blind_or_unblinded(unblinded):
    trial = RunningTrial(_extended(1).design, unblinded=unblinded)
    nights = simulate_diary(trial.design, 0.5, 3)
    s = build_summary(lang="en", today=dt.date(2025, 9, 1), nights=nights, trial=trial)
    assert s.extension == extension_note(trial, "en") and s.extension
    assert s.analysis is not None
    assert s.analysis.status == ("done" if unblinded else "hidden")
