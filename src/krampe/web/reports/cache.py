"""Results, the doctor summary and its PDF, computed once per diary version.

:func:`cached` looks the part up in one query that also checks the person's
current diary version; on a miss it reads the version first, computes, and
stores the result under that version. A change that lands while it computes
gives the diary a new version, so the result stored under the old one is
never served: a cached page is never older than the diary.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import F
from django.utils import timezone

from krampe.web.diary import versions
from krampe.web.reports.models import CachedReport


def cached(user_id: int, kind: str, lang: str, compute: Callable[[], bytes]) -> bytes:
    """The stored ``kind`` for the person's current diary version, else ``compute()``."""
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
    version = versions.current(user_id)  # before reading any data: see the module doc
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
