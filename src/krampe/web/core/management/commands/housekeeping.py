"""``manage.py housekeeping``: what ``krampe clean`` and the start of ``krampe serve`` run."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from krampe.web.core.housekeeping import clean


class Command(BaseCommand):
    help = "Delete expired sessions, old login failures and cached reports."

    def handle(self, *args: Any, **options: Any) -> str:
        done = clean()
        return (
            f"Deleted {done.sessions} expired sessions and "
            f"{done.login_failures} old login failures; "
            f"{done.cached_reports} cached reports will be computed again."
        )
