"""Run the WSGI app: gunicorn (several processes) where it runs, else waitress.

A Python process runs one request's Python code at a time, so pages that
compute (results, the doctor summary, the PDF) use one core per process.
gunicorn forks one worker process per core, each with a few threads for the
requests that wait on the database or a slow phone; it needs ``fork``, so on
Windows waitress (threads in one process) serves instead.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from typing import Any

SERVERS = ("auto", "gunicorn", "waitress")


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


def run_gunicorn(app: Callable[..., Any], host: str, port: int, workers: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    options = {
        "bind": bind,
        "workers": workers,
        "threads": threads,
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
    }

    class KrampeApplication(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Callable[..., Any]:
            return app

    warm_up()
    KrampeApplication().run()


def run_waitress(app: Callable[..., Any], host: str, port: int, threads: int) -> None:
    import waitress

    warm_up()
    waitress.serve(app, host=host, port=port, threads=threads, ident="krampe")
