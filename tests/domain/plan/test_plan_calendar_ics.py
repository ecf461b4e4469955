"""The whole plan, the trial calendar and the iCalendar reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from icalendar import Calendar

from krampe.domain.plan import texts
from krampe.domain.plan.build import PlanRequest, make_plan
from krampe.domain.plan.calendar import trial_calendar
from krampe.domain.plan.ics import build_ics
from krampe.domain.plan.medicines import MedicineEntry, resolve_plan_medicines
from krampe.domain.plan.reminders import daily_reminders
from krampe.domain.screening.findings import Finding
from krampe.domain.trial.design import blinded_design, build_design, open_label_design
from krampe.domain.vocab import SelfTrial
from krampe.knowledge import loaders

START = dt.date(2025, 3, 3)
STAMP = dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC)


def finding(kind: Any, severity: Any, title: str, advice: str) -> Finding:
    return Finding(kind, "test", severity, (), None, title, advice, ("nice_cks_leg_cramps",))


def medicines(*given: tuple[str, tuple[int, ...]]) -> Any:
    return resolve_plan_medicines([MedicineEntry(n, t) for n, t in given], lang="en")


@pytest.mark.parametrize("level", ["urgent", "see_doctor_first"])
def test_no_supplement_plan_after_urgent_or_see_doctor_first(level: SelfTrial) -> None:
    flag = finding("red_flag", "urgent" if level == "urgent" else "soon", "Swollen calf", "Go.")
    info = finding("info", "info", "Reference intake", "300 mg")
    plan = make_plan(
        PlanRequest(
            self_trial=level,
            findings=[flag, info],
            trial=open_label_design(START),
            lang="en",
        )
    )
    data = plan.to_dict()
    assert data["plan"] is False
    assert data["dose"] is None and data["schedule"] is None and data["calendar"] is None
    assert any("Swollen calf" in r["text"] for r in data["reasons"])
    assert not any("Reference intake" in r["text"] for r in data["reasons"])
    assert len(data["bring_to_doctor"]) >= 3
    assert daily_reminders(plan) == []


def test_plan_places_the_dose_around_levothyroxine() -> None:
    plan = make_plan(
        PlanRequest(
            self_trial="ok_with_precautions",
            medicines=medicines(("Eltroxin", (20 * 60,))),
            wake=7 * 60,
            bed=23 * 60,
            trial=open_label_design(START),
            lang="en",
        )
    )
    schedule = plan.to_dict()["schedule"]
    # Levothyroxine at 20:00 blocks 16:00-24:00, so the evening preference cannot hold.
    assert schedule["feasible"] and schedule["doses"] == [{"time": "16:00", "mg": 200}]


def test_medicine_with_a_rule_but_no_time_gives_no_time() -> None:
    plan = make_plan(PlanRequest(self_trial="ok", medicines=medicines(("Ciproxin", ())), lang="en"))
    schedule = plan.to_dict()["schedule"]
    assert not schedule["feasible"] and schedule["doses"] == []
    assert schedule["missing_times"] == ["Ciproxin"]
    advice = " ".join(schedule["advice"])
    assert "keep" not in advice and "Enter when you take Ciproxin" in advice


def test_an_unknown_medicine_is_named_and_its_times_are_not_claimed_checked() -> None:
    plan = make_plan(
        PlanRequest(self_trial="ok", medicines=medicines(("Xyzzyq", (8 * 60,))), lang="en")
    )
    data = plan.to_dict()
    assert data["medicines"][0]["name"] == "Xyzzyq" and not data["medicines"][0]["recognised"]
    advice = " ".join(data["schedule"]["advice"])
    assert "Krampe does not know Xyzzyq" in advice
    assert "keep every spacing rule for your medicines" not in advice


def test_open_calendar_dates() -> None:
    cal = trial_calendar(build_design("open", START), lang="en")
    dates = {m.key: m.date for m in cal.milestones}
    assert dates["baseline"] == START
    assert dates["intervention"] == START + dt.timedelta(days=21)
    assert dates["tolerance_check"] == dates["intervention"] + dt.timedelta(days=7)
    assert dates["evaluation_4w"] == dates["intervention"] + dt.timedelta(weeks=4)
    assert dates["evaluation_6w"] == dates["intervention"] + dt.timedelta(weeks=6)
    assert any(n.id == "stop_rule" for n in cal.notes)


def test_blinded_calendar_follows_the_trial_engine_and_hides_content() -> None:
    design = blinded_design(START, 42)
    cal = trial_calendar(design, lang="da")
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
            trial=open_label_design(START),
            lang=lang,
            medicines=medicines(("Ciproxin", (8 * 60, 20 * 60))),
        )
    )
    body = build_ics(daily_reminders(plan), plan.calendar, lang=lang, stamp=STAMP)
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
    again = build_ics(daily_reminders(plan), plan.calendar, lang=lang, stamp=STAMP)
    assert again == body
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_blinded_reminders_say_capsules_not_magnesium() -> None:
    plan = make_plan(PlanRequest(self_trial="ok", trial=blinded_design(START, 7), lang="en"))
    events = _events(build_ics(daily_reminders(plan), plan.calendar, lang="en", stamp=STAMP))
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


def test_the_calendar_follows_the_stored_design_not_the_default_lengths() -> None:
    short = open_label_design(START, baseline_nights=7, treatment_nights=28)
    cal = trial_calendar(short, lang="en")
    dates = {m.key: m.date for m in cal.milestones}
    assert dates["intervention"] == START + dt.timedelta(days=7)
    assert cal.end == short.end + dt.timedelta(days=1)
