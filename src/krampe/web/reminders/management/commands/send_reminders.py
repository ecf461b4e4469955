"""``manage.py send_reminders``: what ``krampe reminders`` and ``krampe serve`` run."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from krampe.web.reminders import scheduler


class Command(BaseCommand):
    help = "Send the push reminders that are due: once (--once), or every --interval seconds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--interval", type=int, default=scheduler.INTERVAL_S)

    def handle(self, *args: Any, **options: Any) -> str:
        if options["once"]:
            report = scheduler.run_once()
            return (
                f"sent {len(report.sent)}, removed {len(report.removed)} expired "
                f"subscriptions, {report.failed} to try again"
            )
        stop = threading.Event()
        if threading.current_thread() is threading.main_thread():
            # In a worker of its own; inside `krampe serve` it runs in a daemon thread.
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            scheduler.run_forever(stop, options["interval"])
        except KeyboardInterrupt:
            stop.set()
        return ""
