"""The all-clear invariant: the plan never claims more than was checked.

For random profiles, medicine lists (known, unknown, with and without times)
and trial designs, through the one plan journey that ``krampe plan``, the web
plan page, its calendar feed and .ics file, push reminders and the doctor
summary all read (and through the CLI itself, fewer examples):

- a magnesium time is offered only when every recognised medicine with a
  spacing rule has its times, and it keeps every rule (also at the same minute);
- a dose reminder exists only for such a time;
- the statement that the times keep the rules names only the medicines checked
  ("the medicines Krampe knows"), never a medicine it could not check;
- every medicine Krampe does not recognise is named as not checked, and so is
  every known medicine whose spacing no source read gives (liothyronine, quinine);
- an urgent finding leaves no reminder at all, and the .ics says why.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from krampe.cli.main import app
from krampe.domain.plan.build import Plan
from krampe.domain.plan.journey import PlanInputs, plan_for
from krampe.domain.plan.medicines import MedicineEntry
from krampe.domain.plan.reminders import daily_reminders, reminders_ics
from krampe.domain.plan.schedule import allowed, format_time
from krampe.domain.report.summary import build_summary
from krampe.domain.screening import parse_profile
from krampe.domain.trial.design import build_design

KNOWN = ["Ciproxin", "Eltroxin", "Crestor", "Neurontin", "Fosamax", "Losec", "Furix", "Panodil",
         "Genvoya", "Plaquenil", "Bricanyl", "kinin", "Hjertemagnyl", "Liothyronin"]  # fmt: skip
UNKNOWN = ["Vibradox", "Blabbermix", "Zorbatrix"]
SYMPTOMS = ["diarrhea", "leg_swelling_redness_warmth", "cold_pale_foot", "fever", "nausea"]
STAMP = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)

times = st.lists(st.integers(0, 24 * 60 - 1), max_size=2, unique=True)
medicine = st.tuples(st.sampled_from(KNOWN + UNKNOWN), times)


@st.composite
def cases(draw: st.DrawFn) -> tuple[dict[str, Any], list[tuple[str, list[int]]], str | None]:
    meds = draw(st.lists(medicine, max_size=5, unique_by=lambda m: m[0]))
    profile = {
        "age": draw(st.integers(0, 100)),
        "sex": draw(st.sampled_from(["female", "male"])),
        "egfr": draw(st.one_of(st.none(), st.integers(10, 120))),
        "takes_magnesium": draw(st.booleans()),
        "medicines": [name for name, _ in meds if draw(st.booleans())],
        "symptoms": draw(st.lists(st.sampled_from(SYMPTOMS), max_size=2, unique=True)),
    }
    timed = [(name, t) for name, t in meds if t]
    design = draw(st.sampled_from([None, "open", "blinded", "stretching"]))
    return profile, timed, design


def make(profile: dict[str, Any], timed: list[tuple[str, list[int]]], design: str | None) -> Plan:
    trial = None if design is None else build_design(design, dt.date(2026, 12, 1), seed=7)  # type: ignore[arg-type]
    entries = [MedicineEntry(name, tuple(t), "--med") for name, t in timed]
    inputs = PlanInputs(parse_profile(profile), medicines=entries, trial=trial, lang="en")
    return plan_for(inputs)


def check_invariant(plan: Plan) -> None:
    data = plan.to_dict()
    schedule = data["schedule"]
    advice = " ".join(schedule["advice"]) if schedule else ""
    unknown = [m for m in plan.medicines if not m.recognised]
    not_checked = [m for m in plan.medicines if m.recognised and not m.checked]
    ruled = [m for m in plan.medicines if m.recognised and m.doses().rules]
    reminders = daily_reminders(plan)
    dose_reminders = [r for r in reminders if r.key.startswith("dose-")]
    if schedule is not None and schedule["doses"]:
        assert all(m.times for m in ruled), "a time was offered for a medicine without times"
        doses = [m.doses() for m in plan.medicines]
        for dose in schedule["doses"]:
            hh, mm = dose["time"].split(":")
            assert allowed(int(hh) * 60 + int(mm), doses), dose
    else:
        assert not dose_reminders, "a reminder without a checked time"
    for reminder in dose_reminders:
        assert format_time(reminder.time.hour * 60 + reminder.time.minute) in {
            d["time"] for d in schedule["doses"]
        }
    if schedule is not None:
        for m in unknown:
            assert f"Krampe does not know {m.name}" in advice, (m.name, advice)
        for statement in ("Krampe knows (", "that Krampe knows ("):
            if statement in advice:
                named = advice.split(statement, 1)[1].split(")", 1)[0].split(", ")
                assert not {m.name for m in unknown} & set(named), advice
        if "keep the spacing rules" in advice:
            assert "for the medicines Krampe knows" in advice
            claimed = advice.split("Krampe knows (", 1)[1].split(")", 1)[0]
            assert all(m.name not in claimed.split(", ") for m in unknown)
            assert {m.name for m in ruled} <= set(claimed.split(", "))
        for m in ruled:
            if not m.times:
                assert f"Enter when you take {m.name}" in advice
        for m in not_checked:  # known, but no source gives its spacing: never "kept"
            assert f"Not checked: Krampe knows {m.name}" in advice, advice
            if "keep the spacing rules" in advice:
                claimed = advice.split("Krampe knows (", 1)[1].split(")", 1)[0]
                assert m.name not in claimed.split(", "), advice
    if plan.pause is not None:
        assert reminders == []
        body = reminders_ics(plan, STAMP).decode()
        assert body.count("BEGIN:VEVENT") == 1 and "paused" in body
    summary = build_summary(lang="en", today=STAMP.date(), plan=plan, chart=False)
    if summary.plan is not None:
        assert {m.name for m in unknown + not_checked} <= set(summary.plan.unchecked)
        if schedule is not None:
            assert summary.plan.advice == tuple(schedule["advice"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_the_plan_never_claims_more_than_was_checked(
    case: tuple[dict[str, Any], list[tuple[str, list[int]]], str | None],
) -> None:
    check_invariant(make(*case))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_krampe_plan_gives_the_same_checked_plan(
    tmp_path_factory: Any, case: tuple[dict[str, Any], list[tuple[str, list[int]]], str | None]
) -> None:
    profile, timed, design = case
    path = Path(tmp_path_factory.mktemp("p")) / "profile.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    args = ["plan", str(path), "--format", "json", "--lang", "en", "--start", "2026-12-01"]
    args += ["--design", design or "open", "--seed", "7"]
    for name, t in timed:
        args += ["--med", f"{name}@{','.join(format_time(x) for x in sorted(t))}"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    # stdout only: with a start already past (this fixed date, once the calendar moves
    # on) the command notes on stderr that the design is a plan only.
    out = json.loads(result.stdout)
    expected = make(profile, timed, design or "open").to_dict()
    assert out["schedule"] == expected["schedule"] and out["medicines"] == expected["medicines"]
    assert out["paused"] == expected["paused"]
