"""Deleting an account leaves nothing of the person: rows, sessions, login records, WAL."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import logout
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from krampe.web.core import ratelimit

log = logging.getLogger("krampe.reports")


def delete_person(request: HttpRequest, user: Any) -> None:
    """Delete ``user`` with all their data, log them out everywhere, and flush the WAL.

    CASCADE removes the profile, diet, plan, feeds, trials and nights. Sessions
    are not linked to the user in the database, so each live one is read to
    find theirs. On SQLite a checkpoint then copies the deletion into the main
    file and empties the write-ahead log, which would otherwise keep copies of
    the deleted pages until the next checkpoint (secure_delete overwrites them
    in the main file).
    """
    from axes.models import AccessAttempt

    user_id, username = str(user.pk), user.get_username()
    with transaction.atomic():
        logout(request)
        user.delete()
        AccessAttempt.objects.filter(username=username).delete()
    ratelimit.forget(user_id)
    _delete_sessions(user_id)
    # (Inside an outer transaction, as in a test, there is nothing committed to flush yet.)
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy = cursor.fetchone()[0]
        if busy:
            log.warning("WAL checkpoint after an account deletion was blocked by a reader")


def _delete_sessions(user_id: str) -> None:
    now = timezone.now()
    theirs = [
        session.session_key
        for session in Session.objects.filter(expire_date__gte=now).iterator(chunk_size=500)
        if session.get_decoded().get("_auth_user_id") == user_id
    ]
    with transaction.atomic():
        Session.objects.filter(session_key__in=theirs).delete()
        Session.objects.filter(expire_date__lt=now).delete()
