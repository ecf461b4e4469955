"""`krampe plan` and `krampe schedule` from the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from krampe.cli.main import app
from krampe.domain.plan.schedule import DAY, MedicineDoses, allowed, parse_time, rules_for_atc

runner = CliRunner()
ISSUE_EXAMPLE = [
    "schedule", "--wake", "07:00", "--bed", "23:00", "--dose-mg", "200",
    "--med", "Eltroxin@07:00", "--med", "Ciproxin@08:00,20:00",
]  # fmt: skip


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_schedule_issue_example_contract() -> None:
    code, out, _ = run(*ISSUE_EXAMPLE, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["feasible"] is True
    assert data["doses"] == [{"time": "22:00", "mg": 200}]
    assert {(r["medicine"], r["atc"], r["before_h"], r["after_h"]) for r in data["rules"]} == {
        ("Eltroxin", "H03AA01", 4.0, 4.0),
        ("Ciproxin", "J01MA02", 2.0, 6.0),
    }
    assert data["conflicts"] == [] and isinstance(data["advice"], list)


@pytest.mark.parametrize("total", [200, 201, 7])
def test_split_doses_add_up_and_keep_the_rules(total: int) -> None:
    code, out, _ = run(*ISSUE_EXAMPLE[:6], str(total), *ISSUE_EXAMPLE[7:], "--doses", "2")
    assert code == 0
    data = json.loads(out)
    assert sum(d["mg"] for d in data["doses"]) == total
    meds = [
        MedicineDoses("Eltroxin", "H03AA01", (420,), rules_for_atc("H03AA01")),
        MedicineDoses("Ciproxin", "J01MA02", (480, 1200), rules_for_atc("J01MA02")),
    ]
    for dose in data["doses"]:
        assert allowed(parse_time(dose["time"], "t") % DAY, meds)


def test_infeasible_schedule_names_the_conflicts_and_advises() -> None:
    code, out, _ = run(
        "schedule", "--wake", "07:00", "--bed", "23:00", "--dose-mg", "200",
        "--med", "moxifloxacin@07:00,15:00", "--med", "Ciproxin@23:00", "--lang", "en",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["feasible"] is False and data["doses"] == []
    assert {c["rule"] for c in data["conflicts"]} == {"moxifloxacin", "ciprofloxacin"}
    assert any("pharmacist" in a for a in data["advice"])


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--wake", "7.00"], "--wake"),
        (["--bed", "24:00"], "--bed"),
        (["--med", "Eltroxin"], "--med"),
        (["--med", "Eltroxin@25:00"], "--med"),
        (["--med", "Xqzzyv@08:00"], "--med"),
        (["--dose-mg", "0"], "--dose-mg"),
        (["--bed", "07:00"], "--bed"),
    ],
)
def test_bad_schedule_input_exits_2_naming_the_field(args: list[str], field: str) -> None:
    base = {"--wake": "07:00", "--bed": "23:00", "--dose-mg": "200"}
    extra: list[str] = []
    for key, value in zip(args[::2], args[1::2], strict=True):
        if key in base:
            base[key] = value
        else:
            extra += [key, value]
    flat = [x for kv in base.items() for x in kv]
    code, _, err = run("schedule", *flat, *extra)
    assert code == 2
    assert field in err


PROFILE = {
    "age": 67,
    "sex": "female",
    "medicines": ["Eltroxin"],
    "cramps_per_week": 4,
    "plan": {"medicine_times": {"Eltroxin": "07:00"}, "sensitive_stomach": True},
}


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_plan_json_with_label_amount_and_ics(tmp_path: Path) -> None:
    ics = tmp_path / "plan.ics"
    code, out, err = run(
        "plan", str(write(tmp_path, PROFILE)), "--product", "citrate", "--elemental-mg", "97.2",
        "--wake", "06:30", "--bed", "22:30", "--start", "2025-03-03", "--lang", "en",
        "--format", "json", "--ics", str(ics),
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    assert data["plan"] is True and data["dose"]["daily_mg"] == 194.4
    assert data["dose"]["product"]["basis"] == "label"
    assert data["dose"]["suggested_form"]["form"] == "bisglycinate"
    assert data["schedule"]["doses"] == [{"time": "21:00", "mg": 194.4, "tablets": 2.0}]
    events = list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    dose_events = [e for e in events if str(e["SUMMARY"]).startswith("Magnesium")]
    assert [e.decoded("DTSTART") for e in dose_events] == [dt.datetime(2025, 3, 24, 21, 0)]


def test_plan_text_in_danish_caps_at_250(tmp_path: Path) -> None:
    code, out, _ = run(
        "plan", str(write(tmp_path, PROFILE)), "--dose-mg", "400", "--start", "2025-03-03"
    )
    assert code == 0
    assert "250 mg elementært magnesium om dagen" in out
    assert "Forsøgskalender" in out


def test_plan_doctor_flag_allows_more(tmp_path: Path) -> None:
    code, out, _ = run(
        "plan",
        str(write(tmp_path, PROFILE)),
        "--doctor-mg",
        "400",
        "--format",
        "json",
        "--lang",
        "en",
    )
    assert code == 0
    dose = json.loads(out)["dose"]
    assert dose["daily_mg"] == 400 and dose["doctor_supervised"] is True


def test_plan_urgent_profile_gives_reasons_only(tmp_path: Path) -> None:
    profile = {"age": 60, "sex": "male", "symptoms": ["leg_swelling_redness_warmth"]}
    ics = tmp_path / "x.ics"
    code, out, _ = run("plan", str(write(tmp_path, profile)), "--format", "json", "--ics", str(ics))
    assert code == 0
    data = json.loads(out)
    assert data["plan"] is False and data["self_trial"] == "urgent"
    assert data["dose"] is None and data["bring_to_doctor"]
    # Reminders stop with a visible reason: one notice, no dose, no diary, no milestone.
    assert data["paused"]["findings"] and "1813" in data["paused"]["help"]
    body = ics.read_text()
    assert body.count("BEGIN:VEVENT") == 1 and "RRULE" not in body
    assert "paused" in body or "pause" in body


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--wake", "late"], "--wake"),
        (["--product", "kryptonite", "--compound-mg", "100"], "product"),
        (["--compound-mg", "100"], "product"),
        (["--start", "03/03/2025"], "--start"),
    ],
)
def test_bad_plan_input_exits_2_naming_the_field(
    tmp_path: Path, args: list[str], field: str
) -> None:
    code, _, err = run("plan", str(write(tmp_path, PROFILE)), *args)
    assert code == 2
    assert field in err


def test_bad_plan_section_and_profile_fields_exit_2(tmp_path: Path) -> None:
    code, _, err = run("plan", str(write(tmp_path, {**PROFILE, "plan": {"budget": True}})))
    assert code == 2 and "plan.budget" in err
    code, _, err = run("plan", str(write(tmp_path, {"age": "old", "sex": "female"})))
    assert code == 2 and "age" in err
