"""`krampe demo`: a demo account with eight weeks of realistic simulated data."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import typer

from krampe.cli.common import fail

DEMO_NIGHTS = 56  # eight weeks
DEMO_SEED = 2026  # the same diary every time: a reset gives the same account
MIN_PASSWORD = 8
# A person in their late sixties on levothyroxine: the plan has to space the dose.
DEMO_PROFILE: dict[str, Any] = {
    "age": 67,
    "sex": "female",
    "medicines": ["Eltroxin"],
    "conditions": [],
    "symptoms": [],
    "cramps_per_week": 8,
    "takes_magnesium": False,
}
DEMO_MEDICINE_TIMES = [{"name": "Eltroxin", "times": ["07:00"]}]
# How `krampe demo` marks the accounts it makes: no one can sign up with an e-mail
# address (the form has no such field), and .invalid is reserved (RFC 2606).
DEMO_EMAIL = "demo@krampe.invalid"


def _check_account(username: str, force: bool) -> None:
    """Refuse to reset an account `krampe demo` did not make, unless ``force``."""
    from django.contrib.auth import get_user_model

    existing = get_user_model().objects.filter(username=username).first()
    if existing is not None and existing.email != DEMO_EMAIL and not force:
        raise fail(
            f"--username: {username!r} is a real account, not one krampe demo made; "
            "resetting it would delete its data. Choose another name, or add --force "
            "to replace it anyway"
        )


def _check_password(password: str, username: str) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password, user=None)
    except ValidationError as exc:
        raise fail("--password: " + " ".join(str(m) for m in exc.messages)) from None


def _reset_account(username: str, password: str, trial_kind: str, lang: str) -> int:
    """Delete the demo user (all their data goes with it) and build it again."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from krampe.domain.plan.dose import DEFAULT_START_MG
    from krampe.domain.trial.design import build_design
    from krampe.domain.trial.simulate import SimulationSettings, simulate_diary
    from krampe.knowledge import loaders
    from krampe.web.diary import services as diary
    from krampe.web.diary.models import Night
    from krampe.web.plans.models import SupplementPlan
    from krampe.web.profiles.models import HealthProfile

    user_model = get_user_model()
    today = timezone.localdate()
    start = today - dt.timedelta(days=DEMO_NIGHTS)  # the last night is last night
    with transaction.atomic():
        user_model.objects.filter(username=username).delete()
        user = user_model.objects.create_user(
            username=username, password=password, email=DEMO_EMAIL
        )
        user.language = lang
        user.save(update_fields=["language"])
        HealthProfile.objects.create(user=user, data=DEMO_PROFILE)
        SupplementPlan.objects.create(
            user=user,
            product=loaders.default_form("citrate").id,
            elemental_mg_per_tablet=100.0,
            daily_mg=int(DEFAULT_START_MG),
            wake=dt.time(7, 0),
            bed=dt.time(23, 0),
            medicine_times=DEMO_MEDICINE_TIMES,
        )
        seed = DEMO_SEED if trial_kind == "blinded" else None
        trial = diary.create_trial(user, trial_kind, start, seed)
        design = build_design(trial_kind, start, seed)
        # A complete diary (no forgotten nights), so the demo always has all 56.
        simulated = simulate_diary(
            design, true_ratio=0.6, seed=DEMO_SEED, settings=SimulationSettings(missing_prob=0.0)
        )
        nights = [
            Night(
                user=user,
                date=n.date,
                phase=diary.stored_phase(trial, n.date),
                cramps=n.cramps or 0,
                worst_pain=n.worst_pain if n.cramps else None,
                awakenings=n.awakenings or 0,
                took_dose=n.took_dose,
                stretched=n.stretched,
                side_effect=n.side_effect or "none",
            )
            for n in simulated
            if n.date < today and n.cramps is not None
        ][:DEMO_NIGHTS]
        Night.objects.bulk_create(nights)
    return len(nights)


def demo(
    username: str = typer.Option("demo", help="Username of the demo account."),
    password: str | None = typer.Option(
        None, help="Password of the demo account (default: a new random one, printed)."
    ),
    trial: str = typer.Option("open", help="The demo trial: open or blinded."),
    lang: str = typer.Option("da", help="The account's language: da or en."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port shown in the login URL."),
    force: bool = typer.Option(
        False, "--force", help="Replace an account with this name that krampe demo did not make."
    ),
) -> None:
    """Create (or reset) a demo account with eight weeks of simulated diary data."""
    if not username.strip() or len(username) > 150:
        raise fail("--username: must be 1 to 150 characters")
    if trial not in ("open", "blinded"):
        raise fail(f"--trial: {trial!r} is not allowed; use open or blinded")
    if lang not in ("da", "en"):
        raise fail(f"--lang: {lang!r} is not allowed; use da or en")
    if password is not None and len(password) < MIN_PASSWORD:
        raise fail(f"--password: must be at least {MIN_PASSWORD} characters")
    password = password or secrets.token_urlsafe(9)

    from krampe.cli.serve import prepare

    prepare("127.0.0.1")  # data directory, settings and migrations, as `krampe serve`
    from django.utils import translation

    translation.activate("en")  # the command line speaks English
    _check_password(password, username.strip())
    _check_account(username.strip(), force)
    count = _reset_account(username.strip(), password, trial, lang)
    typer.echo(f"Demo account ready: {count} nights, {trial} trial.")
    typer.echo("Start Krampe with: krampe serve")
    typer.echo(f"Log in at:  http://127.0.0.1:{port}/login/")
    typer.echo(f"Username:   {username.strip()}")
    typer.echo(f"Password:   {password}")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
