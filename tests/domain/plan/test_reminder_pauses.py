"""Two pauses stop every reminder: an urgent finding (the safety pause) and a check
during the trial (``watch.reminders_paused``); either alone is enough."""

from __future__ import annotations

import datetime as dt

import pytest

from krampe.domain.plan.build import PlanRequest, make_plan
from krampe.domain.plan.dose import DoseOptions
from krampe.domain.plan.elemental import make_product
from krampe.domain.plan.reminders import daily_reminders, reminders_ics
from krampe.domain.screening import parse_profile, screen
from krampe.domain.trial.design import build_design

START = dt.date(2026, 12, 1)
STAMP = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


def _plan(*, urgent: bool, watch_paused: bool, kind: str = "open"):  # type: ignore[no-untyped-def]
    symptoms = ["leg_swelling_redness_warmth"] if urgent else []
    screening = screen(parse_profile({"age": 60, "sex": "female", "symptoms": symptoms}), "en")
    return make_plan(
        PlanRequest(
            self_trial=screening.self_trial,
            findings=screening.findings,
            dose=DoseOptions(start_mg=200),
            product=make_product("citrate", elemental_mg=100),
            trial=build_design(kind, START, seed=7),  # type: ignore[arg-type]
            lang="en",
            reminders_paused=watch_paused,
        )
    )


@pytest.mark.parametrize("kind", ["open", "blinded"])
def test_without_either_pause_the_dose_and_diary_reminders_go_out(kind: str) -> None:
    plan = _plan(urgent=False, watch_paused=False, kind=kind)
    assert not plan.reminders_stopped
    keys = {r.key.split("-jar-")[0] for r in daily_reminders(plan)}
    assert {"diary", "dose-1"} <= keys
    assert "RRULE" in reminders_ics(plan, STAMP).decode()


@pytest.mark.parametrize("kind", ["open", "blinded"])
@pytest.mark.parametrize(("urgent", "watch_paused"), [(True, False), (False, True), (True, True)])
def test_either_pause_stops_every_reminder(kind: str, urgent: bool, watch_paused: bool) -> None:
    plan = _plan(urgent=urgent, watch_paused=watch_paused, kind=kind)
    assert plan.reminders_stopped
    assert daily_reminders(plan) == []
    body = reminders_ics(plan, STAMP).decode()
    assert "RRULE" not in body
    if urgent:
        # The safety pause: one notice saying why, no milestones.
        assert body.count("BEGIN:VEVENT") == 1 and "paused" in body
        assert plan.pause_note is not None
    else:
        # The trial's own pause: the trial's dates stay, only the reminders stop.
        assert body.count("BEGIN:VEVENT") > 1
        assert plan.pause is None and plan.pause_note is None
