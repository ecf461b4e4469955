"""Issue 12 through the command line: `krampe screen`, `krampe plan`, `krampe schedule`.

The same vignettes as the web (tests/web/test_never_claim_more.py): every age
band, quinine, unknown medicines, a medicine with a rule and no time, an urgent
red flag, and the 0-hour spacing sides.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from krampe.cli.main import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout


def write(tmp_path: Path, **data: Any) -> str:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps({"age": 50, "sex": "female", **data}), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("age", "code"),
    [(0, "young_child"), (2, "young_child"), (3, "young_child"), (4, "child"), (12, "child"),
     (17, "child"), (85, "egfr_unknown_older")],
)  # fmt: skip
def test_age_bands_screen_and_plan(tmp_path: Path, age: int, code: str) -> None:
    profile = write(tmp_path, age=age)
    status, out = run("screen", profile, "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data["self_trial"] == "see_doctor_first" and code in [
        f["code"] for f in data["findings"]
    ]
    status, out = run("plan", profile, "--format", "json")
    plan = json.loads(out)
    assert plan["plan"] is False and plan["dose"] is None and plan["schedule"] is None


def test_an_adult_gets_a_plan(tmp_path: Path) -> None:
    status, out = run("plan", write(tmp_path, age=18), "--format", "json")
    assert status == 0 and json.loads(out)["plan"] is True


def test_quinine_is_advised_against(tmp_path: Path) -> None:
    status, out = run("screen", write(tmp_path, medicines=["kinin"]), "--lang", "en")
    assert status == 0
    assert "Quinine is advised against for night leg cramps" in out
    assert "fda_dsc_2010_qualaquin" in out and "mhra_dsu_2010_quinine" in out


def test_unknown_medicines_are_each_named_and_counted(tmp_path: Path) -> None:
    profile = write(tmp_path, medicines=["Vibradox", "Blabbermix"])
    status, out = run("screen", profile, "--lang", "en")
    assert "2 of your medicines could not be checked: Vibradox, Blabbermix." in out
    assert "Unknown medicine: Vibradox" in out and "Unknown medicine: Blabbermix" in out
    status, out = run("plan", profile, "--lang", "en", "--med", "Vibradox@20:00")
    assert status == 0
    assert "Not checked: Krampe does not know Vibradox" in out
    assert "Not checked: Krampe does not know Blabbermix" in out
    assert "keep the spacing rules" not in out  # no known medicine was checked
    assert "Krampe knows none of the medicines you entered" in out


def test_a_medicine_with_a_rule_and_no_time_gets_no_time(tmp_path: Path) -> None:
    profile = write(tmp_path, medicines=["Ciproxin"])
    status, out = run("plan", profile, "--lang", "en")
    assert status == 0
    assert "No magnesium time yet" in out and "Enter when you take Ciproxin" in out
    assert "No time keeps every spacing rule" not in out and "Daily times" not in out
    ics = tmp_path / "r.ics"
    run("plan", profile, "--lang", "en", "--ics", str(ics))
    assert "Magnesium 200 mg" not in ics.read_text()
    status, out = run("plan", profile, "--lang", "en", "--med", "Ciproxin@08:00,20:00")
    assert "Daily times" in out and "for the medicines Krampe knows (Ciproxin)" in out


def test_an_urgent_flag_gives_help_and_pauses_the_reminders(tmp_path: Path) -> None:
    profile = write(tmp_path, symptoms=["leg_swelling_redness_warmth"])
    status, out = run("plan", profile, "--lang", "en")
    assert status == 0 and "Call 112 in an emergency" in out and "1813" in out
    assert "paused" in out


@pytest.mark.parametrize("spec", ["Crestor@21:30", "Neurontin@21:30"])
def test_schedule_never_puts_magnesium_with_a_one_sided_medicine(spec: str) -> None:
    # krampe_convention_spacing_other_side: 2 h on the side the label does not give.
    status, out = run(
        "schedule", "--wake", "07:00", "--bed", "23:00", "--dose-mg", "200", "--med", spec
    )
    assert status == 0
    data = json.loads(out)
    (dose,) = data["doses"]
    hh, mm = (int(x) for x in dose["time"].split(":"))
    assert abs(hh * 60 + mm - (21 * 60 + 30)) >= 120
    assert "krampe_convention_spacing_other_side" in data["rules"][0]["sources"]


@pytest.mark.parametrize("egfr", [80, 45])
@pytest.mark.parametrize(
    "name", ["Magnesia", "Emgesan", "Novaluzid", "magnesium", "magnesiumcitrat", "OsvaRen"]
)
def test_magnesium_sources_with_normal_and_reduced_kidneys(
    tmp_path: Path, name: str, egfr: int
) -> None:
    status, out = run("screen", write(tmp_path, egfr=egfr, medicines=[name]), "--format", "json")
    codes = [f["code"] for f in json.loads(out)["findings"]]
    assert status == 0 and "magnesium_source" in codes
    assert ("low_egfr" in codes) == (egfr < 60)


def test_magnesia_leaves_no_room_for_a_supplement(tmp_path: Path) -> None:
    status, out = run("plan", write(tmp_path, medicines=["Magnesia"]), "--format", "json")
    plan = json.loads(out)
    assert status == 0
    assert plan["plan"] is True and plan["dose"]["doses"] == [] and plan["schedule"] is None
    assert "already_at_ul" in [n["id"] for n in plan["dose"]["notes"]]


@pytest.mark.parametrize(
    ("name", "code"),
    [("Cozaar Comp", "thiazide_diuretic"), ("Atacand Plus", "thiazide_diuretic"),
     ("Triatec Comp", "thiazide_diuretic"), ("Centyl med kaliumklorid", "thiazide_diuretic"),
     ("Fosavance", "alendronate")],
)  # fmt: skip
def test_combination_products_through_the_cli(tmp_path: Path, name: str, code: str) -> None:
    status, out = run("screen", write(tmp_path, medicines=[name]), "--format", "json")
    data = json.loads(out)
    assert status == 0 and code in [f["code"] for f in data["findings"]]
    assert data["medicines"][0]["resolved"]["components"]


@pytest.mark.parametrize("name", ["Liothyronin", "kinin"])
def test_a_known_medicine_whose_spacing_no_source_gives_is_never_called_checked(
    tmp_path: Path, name: str
) -> None:
    # catalogue spacing_not_checked: no product information with a spacing was read.
    status, out = run(
        "schedule", "--wake", "07:00", "--bed", "23:00", "--dose-mg", "200",
        "--med", f"{name}@08:00", "--med", "Ciproxin@08:00", "--lang", "en",
    )  # fmt: skip
    assert status == 0
    advice = json.loads(out)["advice"]
    assert advice[0].startswith("The times keep the spacing rules for the medicines Krampe knows")
    assert "(Ciproxin)" in advice[0] and name not in advice[0]
    assert f"Not checked: Krampe knows {name}" in " ".join(advice)
    status, out = run("screen", write(tmp_path, medicines=[name]), "--format", "json")
    assert "spacing_not_checked" in {f["code"] for f in json.loads(out)["findings"]}
    status, out = run("plan", write(tmp_path, medicines=[name]), "--lang", "en", "--format", "json")
    advice = json.loads(out)["schedule"]["advice"]
    assert advice[0] == (
        "Krampe could not check any of the medicines you entered against magnesium, "
        "so the times are not checked against your medicines."
    )
