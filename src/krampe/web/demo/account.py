"""The demo account: a person in their late sixties on levothyroxine, eight weeks into a trial.

Built through the same services a person's own data goes through, so the demo
shows what the app really does. The same seed gives the same diary every time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from krampe.domain.plan.dose import DEFAULT_START_MG
from krampe.domain.trial.design import seal_design
from krampe.domain.trial.running import design_for
from krampe.domain.trial.simulate import SimulationSettings, simulate_diary
from krampe.domain.vocab import Lang, TrialKind
from krampe.knowledge import loaders
from krampe.web.accounts.models import User
from krampe.web.diary import services as diary
from krampe.web.diary.models import Night
from krampe.web.plans.models import SupplementPlan
from krampe.web.profiles.models import HealthProfile

DEMO_NIGHTS = 56  # eight weeks
DEMO_SEED = 2026  # the same diary every time: a reset gives the same account
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


class DemoAccountError(ValueError):
    """The demo account cannot be made as asked; the message names the option."""


def check_demo_account(username: str, password: str, force: bool) -> None:
    """Refuse a password the validators refuse, and resetting an account `krampe demo`
    did not make (unless ``force``): resetting deletes the account's data."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password, user=None)
    except ValidationError as exc:
        raise DemoAccountError("--password: " + " ".join(str(m) for m in exc.messages)) from None
    existing = User.objects.filter(username=username).first()
    if existing is not None and existing.email != DEMO_EMAIL and not force:
        raise DemoAccountError(
            f"--username: {username!r} is a real account, not one krampe demo made; "
            "resetting it would delete its data. Choose another name, or add --force "
            "to replace it anyway"
        )


def reset_demo_account(username: str, password: str, trial_kind: TrialKind, lang: Lang) -> int:
    """Delete the demo user (all their data goes with it), build it again; the night count.

    The trial started eight weeks ago, further back than a person may start
    one: the demo shows a trial with its results, so it is built directly.
    """
    today = timezone.localdate()
    start = today - dt.timedelta(days=DEMO_NIGHTS)  # the last night is last night
    with transaction.atomic():
        User.objects.filter(username=username).delete()
        user = User.objects.create_user(
            username=username, password=password, email=DEMO_EMAIL, language=lang
        )
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
        design = design_for(trial_kind, start, DEMO_SEED)
        # The simulated diary needs the allocation; the stored trial is sealed,
        # as a blinded trial a person starts is.
        stored, allocation = (design, None)
        if trial_kind == "blinded":
            stored, allocation = seal_design(design, start)
        trial = diary.create_trial(user, stored, allocation)
        # A complete diary (no forgotten nights), so the demo always has all 56.
        simulated = simulate_diary(
            design, true_ratio=0.6, seed=DEMO_SEED, settings=SimulationSettings(missing_prob=0.0)
        )
        nights = [
            Night(user=user, date=n.date, **diary.row_fields(n, diary.stored_phase(trial, n.date)))
            for n in simulated
            if n.date < today and n.cramps is not None
        ][:DEMO_NIGHTS]
        Night.objects.bulk_create(nights)
    return len(nights)
