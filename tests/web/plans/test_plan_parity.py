"""The same person gets the same plan from ``krampe plan`` and from the web plan service.

Both shells read their inputs and call the one plan journey; these cases are
the ones where they used to disagree: loose stools from diarrhoea split the
dose, a medicine with a spacing rule and no time gets no time offered, and a
medicine Krampe does not know is kept and named.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from _web import store_trial
from krampe.cli.main import app
from krampe.domain.trial.design import build_design
from krampe.web.plans import services
from krampe.web.plans.models import SupplementPlan
from krampe.web.profiles.models import HealthProfile

pytestmark = pytest.mark.django_db
START = dt.date(2026, 3, 2)

DIARRHOEA = {
    "age": 52,
    "sex": "female",
    "medicines": ["Eltroxin"],
    "symptoms": ["diarrhea"],
    "takes_magnesium": True,
}
NO_TIME = {"age": 61, "sex": "male", "medicines": ["Ciproxin", "Eltroxin"]}
UNKNOWN = {"age": 45, "sex": "female", "medicines": ["Xyzzyq", "Eltroxin"]}
CASES = {"diarrhoea": DIARRHOEA, "medicine without a time": NO_TIME, "unknown medicine": UNKNOWN}


def cli_plan(tmp_path: Path, profile: dict[str, Any], lang: str) -> dict[str, Any]:
    path = tmp_path / "profile.json"
    path.write_text(
        json.dumps({**profile, "plan": {"medicine_times": {"Eltroxin": "07:00"}}}),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app,
        [
            "plan", str(path), "--product", "citrate_nonahydrate", "--elemental-mg", "100",
            "--wake", "07:00", "--bed", "23:00", "--start", START.isoformat(),
            "--design", "open", "--lang", lang, "--format", "json",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out: dict[str, Any] = json.loads(result.stdout)
    return out


def web_plan(user: Any, profile: dict[str, Any], lang: str) -> dict[str, Any]:
    HealthProfile.objects.create(user=user, data=profile)
    SupplementPlan.objects.create(
        user=user,
        product="citrate_nonahydrate",
        elemental_mg_per_tablet=100.0,
        daily_mg=200,
        wake=dt.time(7, 0),
        bed=dt.time(23, 0),
        medicine_times=[{"name": "Eltroxin", "times": ["07:00"]}],
    )
    store_trial(user, build_design("open", START))
    return services.build(user, lang).plan.to_dict()


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("case", CASES)
def test_the_command_line_and_the_web_give_the_same_plan(tmp_path, alice, case, lang):
    profile = CASES[case]
    assert cli_plan(tmp_path, profile, lang) == web_plan(alice, profile, lang)


def test_diarrhoea_splits_the_dose_in_both(tmp_path, alice):
    plan = web_plan(alice, DIARRHOEA, "en")
    assert plan == cli_plan(tmp_path, DIARRHOEA, "en")
    assert plan["dose"]["split_reason"] == "loose_stools"
    assert [d["mg"] for d in plan["schedule"]["doses"]] == [100, 100]


def test_a_medicine_without_a_time_is_never_said_to_keep_its_rule(tmp_path, alice):
    plan = web_plan(alice, NO_TIME, "en")
    assert plan == cli_plan(tmp_path, NO_TIME, "en")
    schedule = plan["schedule"]
    assert not schedule["feasible"] and schedule["missing_times"] == ["Ciproxin"]
    assert not any("keep every spacing rule" in a for a in schedule["advice"])


def test_an_unknown_medicine_is_kept_and_named_in_both(tmp_path, alice):
    plan = web_plan(alice, UNKNOWN, "en")
    assert plan == cli_plan(tmp_path, UNKNOWN, "en")
    unknown = [m for m in plan["medicines"] if not m["recognised"]]
    assert [m["name"] for m in unknown] == ["Xyzzyq"]
    assert any("Krampe does not know Xyzzyq" in a for a in plan["schedule"]["advice"])
