"""The whole plan, the trial calendar and the iCalendar reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from icalendar import Calendar

from krampe.domain.plan import texts
from krampe.domain.plan.build import PlanRequest, make_plan
from krampe.domain.plan.calendar import trial_calendar
from krampe.domain.plan.ics import build_ics
from krampe.domain.plan.schedule import MedicineDoses, rules_for_atc
from krampe.domain.trial.design import blinded_design
from krampe.knowledge import loaders

START = dt.date(2025, 3, 3)
STAMP = dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC)


@dataclass(frozen=True)
class FakeFinding:
    kind: str
    severity: str
    title: str
    advice: str
    sources: tuple[str, ...] = ("nice_cks_leg_cramps",)


@pytest.mark.parametrize("level", ["urgent", "see_doctor_first"])
def test_no_supplement_plan_after_urgent_or_see_doctor_first(level: str) -> None:
    finding = FakeFinding(
        "red_flag", "urgent" if level == "urgent" else "soon", "Swollen calf", "Go today."
    )
    info = FakeFinding("info", "info", "Reference intake", "300 mg")
    plan = make_plan(
        PlanRequest(self_trial=level, findings=[finding, info], start=START, lang="en")
    )
    data = plan.to_dict()
    assert data["plan"] is False
    assert data["dose"] is None and data["schedule"] is None and data["calendar"] is None
    assert any("Swollen calf" in r["text"] for r in data["reasons"])
    assert not any("Reference intake" in r["text"] for r in data["reasons"])
    assert len(data["bring_to_doctor"]) >= 3
    assert plan.reminders() == []


def test_plan_places_the_dose_around_levothyroxine() -> None:
    eltroxin = MedicineDoses("Eltroxin", "H03AA01", (20 * 60,), rules_for_atc("H03AA01"))
    plan = make_plan(
        PlanRequest(
            self_trial="ok_with_precautions",
            medicines=[eltroxin],
            wake=7 * 60,
            bed=23 * 60,
            start=START,
            lang="en",
        )
    )
    schedule = plan.to_dict()["schedule"]
    # Levothyroxine at 20:00 blocks 16:00-24:00, so the evening preference cannot hold.
    assert schedule["feasible"] and schedule["doses"] == [{"time": "16:00", "mg": 200}]


def test_medicine_with_a_rule_but_no_time_gives_no_time() -> None:
    cipro = MedicineDoses("Ciproxin", "J01MA02", (), rules_for_atc("J01MA02"))
    plan = make_plan(PlanRequest(self_trial="ok", medicines=[cipro], lang="en"))
    schedule = plan.to_dict()["schedule"]
    assert not schedule["feasible"] and schedule["doses"] == []
    assert schedule["missing_times"] == ["Ciproxin"]


def test_open_calendar_dates() -> None:
    cal = trial_calendar(START, "open", lang="en")
    dates = {m.key: m.date for m in cal.milestones}
    assert dates["baseline"] == START
    assert dates["intervention"] == START + dt.timedelta(days=21)
    assert dates["tolerance_check"] == dates["intervention"] + dt.timedelta(days=7)
    assert dates["evaluation_4w"] == dates["intervention"] + dt.timedelta(weeks=4)
    assert dates["evaluation_6w"] == dates["intervention"] + dt.timedelta(weeks=6)
    assert any(n.id == "stop_rule" for n in cal.notes)


def test_blinded_calendar_follows_the_trial_engine_and_hides_content() -> None:
    cal = trial_calendar(START, "blinded", seed=42, lang="da")
    design = blinded_design(START, 42)
    starts = [m.date for m in cal.milestones if m.key.startswith("period_")]
    assert starts == [p.start for p in design.periods]
    shown = cal.to_dict()
    assert {p["phase"] for p in shown["periods"]} == {"capsules"}
    assert "placebo" not in str(shown) and "magnesium" not in str(shown)


def _events(body: bytes) -> list:
    return list(Calendar.from_ical(body).walk("VEVENT"))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_ics_parses_back_with_the_planned_events(lang: str) -> None:
    plan = make_plan(
        PlanRequest(
            self_trial="ok",
            wake=6 * 60 + 30,
            bed=22 * 60 + 30,
            start=START,
            lang=lang,
            medicines=[
                MedicineDoses("Ciproxin", "J01MA02", (8 * 60, 20 * 60), rules_for_atc("J01MA02"))
            ],
        )
    )
    body = build_ics(plan.reminders(), plan.calendar, lang=lang, stamp=STAMP)
    events = _events(body)
    by_summary = {str(e["SUMMARY"]): e for e in events}
    diary = by_summary[texts.note("ics_diary", lang).text]
    assert diary.decoded("DTSTART") == dt.datetime(2025, 3, 4, 6, 45)
    assert diary["RRULE"]["FREQ"] == ["DAILY"]
    stretch = by_summary[texts.note("ics_stretch", lang).text]
    assert stretch.decoded("DTSTART").time() == dt.time(22, 0)
    dose_time = plan.to_dict()["schedule"]["doses"][0]["time"]
    doses = [e for e in events if str(e["SUMMARY"]).startswith("Magnesium")]
    assert len(doses) == 1
    start = doses[0].decoded("DTSTART")
    assert start.strftime("%H:%M") == dose_time == "22:00"
    assert start.date() == START + dt.timedelta(days=21)
    assert doses[0]["RRULE"]["UNTIL"][0].date() == START + dt.timedelta(days=21 + 41)
    all_day = {
        e.decoded("DTSTART") for e in events if not isinstance(e.decoded("DTSTART"), dt.datetime)
    }
    assert {m.date for m in plan.calendar.milestones} == all_day  # type: ignore[union-attr]
    for event in events:
        assert event.walk("VALARM"), event["SUMMARY"]
    # Stable UIDs: the same plan gives the same file, and no UID repeats.
    again = build_ics(plan.reminders(), plan.calendar, lang=lang, stamp=STAMP)
    assert again == body
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_blinded_reminders_say_capsules_not_magnesium() -> None:
    plan = make_plan(PlanRequest(self_trial="ok", start=START, design="blinded", seed=7, lang="en"))
    events = _events(build_ics(plan.reminders(), plan.calendar, lang="en", stamp=STAMP))
    summaries = [str(e["SUMMARY"]) for e in events]
    assert any(s.startswith("Trial capsules") for s in summaries)
    assert not any("Magnesium" in s or "placebo" in s.lower() for s in summaries)


def test_every_text_has_both_languages_and_known_sources() -> None:
    known = set(loaders.sources())
    for entry in texts.texts().values():
        assert entry.da.strip() and entry.en.strip(), entry.id
        assert entry.status in texts.STATUSES, entry.id
        assert set(entry.sources) <= known, entry.id
        if entry.status != "ui":
            assert entry.sources, f"{entry.id} makes a claim without a source"


@pytest.mark.parametrize(
    ("self_trial", "designs"),
    [
        ("urgent", ()),
        ("see_doctor_first", ("stretching",)),
        ("ok_with_precautions", ("open", "blinded", "stretching")),
        ("ok", ("open", "blinded", "stretching")),
    ],
)
def test_the_screening_decides_which_trials_may_start(
    self_trial: str, designs: tuple[str, ...]
) -> None:
    from krampe.domain.plan.build import allowed_trial_designs

    assert allowed_trial_designs(self_trial) == designs


@pytest.mark.parametrize(
    ("self_trial", "allowed"),
    [("urgent", False), ("see_doctor_first", False), ("ok_with_precautions", True), ("ok", True)],
)
def test_a_supplement_plan_only_when_no_doctor_comes_first(self_trial: str, allowed: bool) -> None:
    from krampe.domain.plan.build import supplement_plan_allowed

    assert supplement_plan_allowed(self_trial) is allowed
