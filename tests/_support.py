"""Helpers shared by the test suite (importable as ``_support``)."""

from __future__ import annotations

import datetime as dt
import os
from typing import NoReturn
from zoneinfo import ZoneInfo

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
SERVER_ZONE = ZoneInfo("Europe/Copenhagen")  # the app's TIME_ZONE


def server_today() -> dt.date:
    """Today where a real server is: nights are dated in Copenhagen, not in UTC.

    Browser tests cannot freeze the server's clock, so they ask what its day is.
    """
    return dt.datetime.now(SERVER_ZONE).date()


def unavailable(reason: str) -> NoReturn:
    """Skip (locally) or fail (under CI=true) because a service or browser is missing."""
    if IN_CI:
        pytest.fail(f"required under CI=true: {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without any KRAMPE_ setting, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KRAMPE_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(PYTHONUNBUFFERED="1", **extra)
    return env


class KrampeServer:
    """A real `krampe serve` process on its own data directory (see :func:`krampe_server`)."""

    def __init__(self, url: str, process: object, data_dir: object, log_path: object) -> None:
        self.url = url
        self.process = process
        self.data_dir = data_dir
        self.log_path = log_path

    @property
    def pid(self) -> int:
        return int(self.process.pid)  # type: ignore[attr-defined]

    def log(self) -> str:
        from pathlib import Path

        return Path(str(self.log_path)).read_text(encoding="utf-8", errors="replace")


def krampe_server(data_dir, env: dict[str, str] | None = None, threads: int = 8, args=()):  # type: ignore[no-untyped-def]
    """Start `krampe serve` on a free port; a context manager yielding a KrampeServer.

    ``args``: more options for `krampe serve` (``--workers 2``, ``--server waitress``).
    """
    import contextlib
    import subprocess
    import sys
    import time
    import urllib.request

    @contextlib.contextmanager
    def run():  # type: ignore[no-untyped-def]
        port = free_port()
        # Beside the data directory, not in it: the server makes that directory itself.
        log_path = data_dir.with_name(data_dir.name + "-server.log")
        log = log_path.open("w")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "krampe",
                "serve",
                "--port",
                str(port),
                "--threads",
                f"{threads}",
                *args,
            ],
            env=clean_env(KRAMPE_DATA_DIR=str(data_dir), **(env or {})),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"krampe serve did not start: {log_path.read_text()}")
            time.sleep(0.2)
        try:
            yield KrampeServer(url, process, data_dir, log_path)
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            log.close()

    return run()


# The twelve medicines of the phone walkthrough, recognised and not: a long list for
# layouts and the one-page doctor summary.
WALKTHROUGH_MEDICINES = (
    "Eltroxin",
    "Ciproxin",
    "Furix",
    "Zarator",
    "Bricanyl",
    "Ferro Duretter",
    "Pantoloc",
    "Hjertemagnyl",
    "ciprofloxazin",
    "Blabbermix",
    "metformin",
    "Marevan",
)
