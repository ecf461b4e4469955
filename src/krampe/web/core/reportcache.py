"""Results, the doctor summary and its PDF, computed once per version of a person's data.

The version (:class:`~krampe.web.core.models.DiaryVersion`) is a random token
that :func:`bump` replaces after every change the results or the summary
show. Saves through the ORM (``save()``, ``create()``, ``update_or_create``)
of the models in :data:`WATCHED` bump it through signals; bulk writes and
``update()``, which send no signal, call :func:`bump` themselves. The token is
random rather than a counter, so a bump is one UPDATE that needs no read, and
a token once replaced never comes back.

:func:`cached` looks the part up in one query that also checks the person's
current version; on a miss it reads the version first, computes, and stores
the result under that version. Order matters more than transactions: a
change is written first and the version bumped after it, so a reader that
read the old version with the new data stores its result under the old
version, which the bump retires; no reader can read the new version with the
old data. Where one request writes the change and bumps (saving a night), both go in
one transaction: one commit, and never a change committed without its bump. A
cached part is also served only on the day it was computed (a trial's status and
the summary's date follow the calendar).

Rows are never read for another person, and go with the account (CASCADE).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from krampe.web.core.models import CachedReport, DiaryVersion

# Everything the results page and the doctor summary read, by lazy reference:
# core sits below the apps that own these models.
WATCHED = (
    "diary.Night",
    "diary.Trial",
    "profiles.HealthProfile",
    "plans.SupplementPlan",
    "diet.DietRecord",
)
# A night is never deleted on its own, only with its account; a receiver of its
# deletions would turn that one bulk DELETE into one query per night.
NOT_ON_DELETE = frozenset({"diary.Night"})


def bump(user_id: int) -> None:
    """Give the person's data a new version (call after writing the change).

    Only an existing version is replaced: without one nothing was cached for
    the person (a cached part is stored under the version it was computed
    for), and a person being deleted gets no new row.
    """
    DiaryVersion.objects.filter(user_id=user_id).update(
        token=uuid.uuid4().hex, changed_at=timezone.now()
    )


def current(user_id: int) -> str:
    """The person's version now (made on first use)."""
    rows = DiaryVersion.objects.filter(user_id=user_id).values_list("token", flat=True)
    token = rows.first()
    if token is None:
        first = DiaryVersion(user_id=user_id, token=uuid.uuid4().hex, changed_at=timezone.now())
        DiaryVersion.objects.bulk_create([first], ignore_conflicts=True)  # two first readers
        token = rows.first()
    assert token is not None
    return token


def cached(
    user_id: int, kind: str, lang: str, compute: Callable[[], bytes], *, reuse: bool = True
) -> bytes:
    """The stored ``kind`` for the person's current version and today, else ``compute()``.

    ``compute`` must read everything it shows itself (not take it from the
    caller), so that what it reads is no older than the version it is stored
    under. ``reuse=False`` computes without reading or storing: for a stored
    trial that no longer reads (a broken seal), which can change without any
    save through the app, so no earlier result may be shown with its warning.
    """
    if not reuse:
        return compute()
    today = timezone.localdate()
    hit = (
        CachedReport.objects.filter(
            user_id=user_id,
            kind=kind,
            lang=lang,
            day=today,
            version=F("user__diary_version__token"),
        )
        .values_list("body", flat=True)
        .first()
    )
    if hit is not None:
        return bytes(hit)
    version = current(user_id)  # before reading any data: see the module's doc
    body = compute()
    CachedReport.objects.bulk_create(
        [
            CachedReport(
                user_id=user_id,
                kind=kind,
                lang=lang,
                version=version,
                day=today,
                body=body,
                created_at=timezone.now(),
            )
        ],
        update_conflicts=True,
        unique_fields=["user", "kind", "lang"],
        update_fields=["version", "day", "body", "created_at"],
    )
    return body


def forget_all() -> int:
    """Drop every cached part (at start: a new release may render them differently)."""
    deleted, _ = CachedReport.objects.all().delete()
    return deleted


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loading fixtures
    user_id = getattr(instance, "user_id", None)
    if user_id is not None:
        bump(user_id)


def connect() -> None:
    for model in WATCHED:
        post_save.connect(_changed, sender=model, dispatch_uid=f"report-version-save-{model}")
        if model not in NOT_ON_DELETE:
            post_delete.connect(
                _changed, sender=model, dispatch_uid=f"report-version-delete-{model}"
            )
