"""Run the WSGI app: gunicorn (several processes) where it runs, else waitress.

A Python process runs one request's Python code at a time, so pages that
compute (results, the doctor summary, the PDF) use one core per process.
gunicorn forks one worker process per core, each with a few threads for the
requests that wait on the database or a slow phone; it needs ``fork``, so on
Windows waitress (threads in one process) serves instead.

The push reminders run once per server, however many workers there are: with
gunicorn every worker waits for an exclusive lock on a file in the data
directory, and the one that holds it runs the scheduler (when that worker
ends, the lock is freed and another takes over). The parent never runs a
thread, so forking a worker never copies one half-way through its work.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SERVERS = ("auto", "gunicorn", "waitress")
REMINDERS_LOCK = "reminders.lock"


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def choose(server: str) -> str:
    """The server to use for ``server`` ("auto" picks gunicorn where fork exists)."""
    if server not in SERVERS:
        raise ValueError(f"server: {server!r} is not one of {', '.join(SERVERS)}")
    if server == "auto":
        return "waitress" if sys.platform == "win32" else "gunicorn"
    return server


def warm_up() -> None:
    """Import what the heavy pages need once, before the workers fork.

    The forked workers share these pages of memory with the parent, and the
    first results page or PDF does not pay for the imports. ``gc.freeze``
    moves everything alive now out of the collector's sight, so full
    collections in the workers do not walk the app's modules again.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot
    import weasyprint  # noqa: F401
    from django.db import connections

    # A connection opened by the migrations must not be shared with the children.
    connections.close_all()
    gc.collect()
    gc.freeze()


def send_reminders() -> None:
    """The web app's reminder scheduler, by its command's name (it runs until the process ends)."""
    from django.core.management import call_command

    call_command("send_reminders")


def start_reminders(run: Callable[[], None] = send_reminders) -> threading.Thread:
    """``run`` in a daemon thread: it ends with the server."""
    thread = threading.Thread(target=run, name="krampe-reminders", daemon=True)
    thread.start()
    return thread


def hold_lock(path: Path, blocking: bool = True) -> int | None:
    """An exclusive lock on ``path`` (an open descriptor, kept open to keep the lock).

    None when ``blocking`` is false and another holder has it. The operating
    system frees the lock when the holding process ends, however it ends.
    """
    import fcntl

    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def reminders_once_per_server(lock: Path, run: Callable[[], None] = send_reminders) -> None:
    """In each worker: wait (in a daemon thread) for the server's lock, then run ``run``."""

    def wait_then_run() -> None:
        hold_lock(lock)
        run()

    start_reminders(wait_then_run)


@dataclass(frozen=True)
class GunicornOptions:
    host: str
    port: int
    workers: int
    threads: int
    behind_proxy: bool
    # Where the workers take turns to send the push reminders; None: not sent here.
    reminders_lock: Path | None


def gunicorn_settings(options: GunicornOptions) -> dict[str, Any]:
    """gunicorn's settings for ``options`` (see docs/cli.md)."""
    host, port = options.host, options.port
    settings: dict[str, Any] = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": options.workers,
        "threads": options.threads,
        "worker_class": "gthread",
        # The PDF may take seconds; a worker is only killed when it stops
        # answering the arbiter for this long.
        "timeout": 60,
        "graceful_timeout": 10,
        "keepalive": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "krampe",
        "preload_app": True,
        # The scheme from X-Forwarded-Proto only behind the proxy (Django's
        # SECURE_PROXY_SSL_HEADER reads it then); the client address is taken
        # from X-Forwarded-For by the app's WSGI layer (krampe.web.wsgi).
        "forwarded_allow_ips": "*" if options.behind_proxy else "",
    }
    if options.reminders_lock is not None:
        lock = options.reminders_lock

        def post_worker_init(worker: Any) -> None:
            reminders_once_per_server(lock)

        settings["post_worker_init"] = post_worker_init
    return settings


def run_gunicorn(app: Callable[..., Any], options: GunicornOptions) -> None:
    from gunicorn.app.base import BaseApplication

    chosen = gunicorn_settings(options)

    class KrampeApplication(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in chosen.items():
                self.cfg.set(key, value)

        def load(self) -> Callable[..., Any]:
            return app

    warm_up()
    KrampeApplication().run()


def run_waitress(
    app: Callable[..., Any],
    host: str,
    port: int,
    threads: int,
    options: dict[str, object],
    reminders: bool,
) -> None:
    import waitress

    warm_up()
    if reminders:
        start_reminders()  # one process: the scheduler runs in it once
    waitress.serve(app, host=host, port=port, threads=threads, ident="krampe", **options)
