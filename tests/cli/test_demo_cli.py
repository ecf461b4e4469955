"""`krampe demo`: 56 simulated nights; running it again resets the account, never duplicates."""

from __future__ import annotations

import pytest
from django.http import HttpRequest
from typer.testing import CliRunner

from krampe.cli.main import app

runner = CliRunner()
pytestmark = pytest.mark.django_db(transaction=True)


def _account(username: str):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_demo_creates_a_user_with_eight_weeks_that_can_log_in(client):
    result = runner.invoke(app, ["demo", "--username", "demo-a", "--password", "calf-night-42"])
    assert result.exit_code == 0, result.output
    assert "Username:   demo-a" in result.output
    assert "Password:   calf-night-42" in result.output
    assert "/login/" in result.output
    user = _account("demo-a")
    assert user.nights.count() == 56
    assert user.trials.filter(active=True).count() == 1
    assert user.health_profile.data["medicines"] == ["Eltroxin"]
    assert user.supplement_plan.medicine_times[0]["name"] == "Eltroxin"
    assert client.login(request=HttpRequest(), username="demo-a", password="calf-night-42")
    results = client.get("/results/").content.decode()
    assert "Hvad din dagbog siger" in results  # the verdict section
    plan = client.get("/plan/").content.decode()
    assert 'class="times"' in plan  # daily times that keep the Eltroxin rule


def test_running_demo_twice_resets_instead_of_duplicating():
    for _ in range(2):
        result = runner.invoke(app, ["demo", "--username", "demo-b", "--password", "calf-night-42"])
        assert result.exit_code == 0, result.output
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.filter(username="demo-b").count() == 1
    user = _account("demo-b")
    assert user.nights.count() == 56
    assert user.trials.count() == 1


def test_a_blinded_demo_keeps_its_result_hidden(client):
    result = runner.invoke(
        app, ["demo", "--username", "demo-c", "--password", "calf-night-42", "--trial", "blinded"]
    )
    assert result.exit_code == 0, result.output
    user = _account("demo-c")
    assert not user.nights.filter(phase__in=["magnesium", "placebo"]).exists()
    client.login(request=HttpRequest(), username="demo-c", password="calf-night-42")
    assert "Dit resultat er skjult" in client.get("/results/").content.decode()


def test_without_a_password_a_random_one_is_printed():
    result = runner.invoke(app, ["demo", "--username", "demo-d"])
    assert result.exit_code == 0, result.output
    password = result.output.split("Password:")[1].strip()
    assert len(password) >= 8 and _account("demo-d").check_password(password)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--trial", "weekly"], "--trial"),
        (["--password", "short"], "--password"),
        (["--lang", "de"], "--lang"),
    ],
)
def test_bad_options_name_the_field_and_exit_2(args, field):
    result = runner.invoke(app, ["demo", *args])
    assert result.exit_code == 2
    assert field in result.output


def test_demo_refuses_to_reset_a_real_account_without_force():
    from django.contrib.auth import get_user_model

    from krampe.web.diary.models import Night

    real = get_user_model().objects.create_user("ruth", password="real-night-2026")
    Night.objects.create(user=real, date="2026-01-05", cramps=3, worst_pain=5, note="mine")
    result = runner.invoke(app, ["demo", "--username", "ruth", "--password", "calf-night-42"])
    assert result.exit_code == 2
    assert "--username" in result.output and "--force" in result.output
    kept = _account("ruth")
    assert kept.check_password("real-night-2026")
    assert list(kept.nights.values_list("note", flat=True)) == ["mine"]
    forced = runner.invoke(
        app, ["demo", "--username", "ruth", "--password", "calf-night-42", "--force"]
    )
    assert forced.exit_code == 0, forced.output
    assert _account("ruth").nights.count() == 56


@pytest.mark.parametrize("password", ["password", "12345678", "abcdefgh"])
def test_demo_applies_the_password_validators(password):
    result = runner.invoke(app, ["demo", "--username", "demo-p", "--password", password])
    assert result.exit_code == 2
    assert "--password" in result.output
    assert "common" in result.output or "numeric" in result.output


def test_a_password_starting_with_a_dash_is_taken(monkeypatch):
    # token_urlsafe gives one about once in 64 runs; it must not read as an option.
    result = runner.invoke(app, ["demo", "--username", "demo-dash", "--password", "-dash-pass-1"])
    assert result.exit_code == 0, result.output
    assert "Password:   -dash-pass-1" in result.output
