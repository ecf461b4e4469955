"""A blinded trial's plan and reminders speak of capsules from the period's jar."""

from __future__ import annotations

import dataclasses
import datetime as dt

from krampe.domain.plan.build import PlanRequest, make_plan
from krampe.domain.plan.dose import DoseOptions
from krampe.domain.plan.elemental import make_product
from krampe.domain.plan.occurrences import is_push_reminder
from krampe.domain.plan.reminders import capsule_instruction, daily_reminders, is_capsule_reminder
from krampe.domain.trial.running import start_trial

START = dt.date(2026, 3, 10)


def _plan(paused: bool = False, capsules: int | None = None):  # type: ignore[no-untyped-def]
    design = start_trial("blinded", START, START).design
    if capsules is not None:
        design = dataclasses.replace(
            design, params={**design.params, "capsules_per_dose": capsules}
        )
    return make_plan(
        PlanRequest(
            self_trial="ok",
            dose=DoseOptions(start_mg=200),
            product=make_product("citrate", elemental_mg=100),
            trial=design,
            lang="en",
            reminders_paused=paused,
        )
    )


def test_one_capsule_reminder_per_dose_and_jar_naming_the_jar_never_the_content() -> None:
    reminders = [r for r in daily_reminders(_plan()) if r.key.startswith("dose-")]
    assert [r.key for r in reminders] == [
        f"dose-1-jar-{j}" for j in ("1A", "1B", "2A", "2B", "3A", "3B")
    ]
    assert reminders[0].summary == "Trial capsules: 2 capsules from jar 1A"
    assert (reminders[0].first, reminders[0].last) == (START, START + dt.timedelta(days=20))
    assert all(is_capsule_reminder(r.key) and is_push_reminder(r.key) for r in reminders)
    text = " ".join(r.summary for r in reminders).lower()
    assert "tablet" not in text and "magnesium" not in text and "placebo" not in text


def test_the_plan_says_capsules_from_the_current_jar_and_the_helpers_count() -> None:
    plan = _plan(capsules=3)
    assert capsule_instruction(plan, START - dt.timedelta(days=1)) == (
        "3 capsules from the jar of the period you are in (first jar: 1A)"
    )
    assert capsule_instruction(plan, START + dt.timedelta(days=27)) == (
        "3 capsules from the jar of the period you are in (now jar 1B)"
    )
    assert capsule_instruction(plan, START + dt.timedelta(days=126)) is None


def test_paused_reminders_are_none_at_all() -> None:
    assert daily_reminders(_plan(paused=True)) == []
    assert daily_reminders(_plan()) != []
