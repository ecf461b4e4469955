"""The version of a person's diary: what a cached result is keyed on.

Every change that can alter the results page, the doctor summary or its PDF
calls :func:`bump` inside its own transaction. Saves through the ORM
(``save()``, ``delete()``, ``update_or_create``) of nights, trials, the
profile, the diet and the plan bump it through signals; bulk writes, which
send no signals, call it themselves. The token is random rather than a
counter, so a bump is one UPDATE that needs no read, and a token once
replaced never comes back.

Order matters more than the transaction: the version is bumped after the
change is written. A reader that caught the old version with the new data
stores its result under the old version, which the bump retires; no reader
can catch the new version with the old data.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from krampe.web.diary.models import DiaryVersion

# Everything the results page and the doctor summary read.
WATCHED = (
    "diary.Night",
    "diary.Trial",
    "profiles.HealthProfile",
    "plans.SupplementPlan",
    "diet.DietRecord",
)


def bump(user_id: int) -> None:
    """Give the person's diary a new version (call after writing the change).

    Only an existing version is replaced: without one nothing was cached for
    the person (a cached part is stored under the version it was computed
    for), and a person being deleted gets no new row.
    """
    DiaryVersion.objects.filter(user_id=user_id).update(
        token=uuid.uuid4().hex, changed_at=timezone.now()
    )


def current(user_id: int) -> str:
    """The person's diary version now (made on first use)."""
    rows = DiaryVersion.objects.filter(user_id=user_id).values_list("token", flat=True)
    token = rows.first()
    if token is None:
        first = DiaryVersion(user_id=user_id, token=uuid.uuid4().hex, changed_at=timezone.now())
        DiaryVersion.objects.bulk_create([first], ignore_conflicts=True)  # two first readers
        token = rows.first()
    assert token is not None
    return token


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loading fixtures
    user_id = getattr(instance, "user_id", None)
    if user_id is not None:
        bump(user_id)


def connect() -> None:
    for model in WATCHED:
        post_save.connect(_changed, sender=model, dispatch_uid=f"diary-version-save-{model}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"diary-version-delete-{model}")
