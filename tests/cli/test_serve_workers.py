"""`krampe serve` uses every core: gunicorn workers on Linux, waitress where fork is missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from typer.testing import CliRunner

from krampe.cli import serve, serving
from krampe.cli.main import app

runner = CliRunner()


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    calls: dict[str, object] = {}
    monkeypatch.setattr(serve, "prepare", lambda host: [])

    def gunicorn(app: object, options: serving.GunicornOptions) -> None:
        calls.update(
            server="gunicorn",
            host=options.host,
            port=options.port,
            workers=options.workers,
            threads=options.threads,
            reminders_lock=options.reminders_lock,
        )

    def waitress(
        app: object, host: str, port: int, threads: int, options: dict[str, object], reminders: bool
    ) -> None:
        calls.update(server="waitress", threads=threads, options=options, reminders=reminders)

    monkeypatch.setattr(serving, "run_gunicorn", gunicorn)
    monkeypatch.setattr(serving, "run_waitress", waitress)
    return calls


def test_default_is_one_gunicorn_worker_per_core(started, monkeypatch):
    monkeypatch.setattr(serving.sys, "platform", "linux")
    monkeypatch.setattr(serving, "default_workers", lambda: 6)
    result = runner.invoke(app, ["serve", "--port", "8124"])
    assert result.exit_code == 0, result.output
    lock = started.pop("reminders_lock")
    assert started == {
        "server": "gunicorn",
        "host": "127.0.0.1",
        "port": 8124,
        "workers": 6,
        "threads": 8,
    }
    assert isinstance(lock, Path) and lock.name == serving.REMINDERS_LOCK
    assert "gunicorn: 6 worker processes, 8 threads each." in result.output


def test_workers_and_threads_are_passed_on(started):
    result = runner.invoke(
        app, ["serve", "--server", "gunicorn", "--workers", "3", "--threads", "2"]
    )
    assert result.exit_code == 0, result.output
    assert (started["workers"], started["threads"]) == (3, 2)


def test_windows_gets_waitress(started, monkeypatch):
    monkeypatch.setattr(serving.sys, "platform", "win32")
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 0, result.output
    assert (started["server"], started["threads"], started["reminders"]) == ("waitress", 8, True)
    assert started["options"] == {"max_request_body_size": settings.MAX_REQUEST_BYTES}
    assert "waitress: one process, 8 threads." in result.output


def test_without_reminders_no_worker_waits_for_them(started, monkeypatch):
    monkeypatch.setenv("KRAMPE_REMINDERS", "false")
    assert runner.invoke(app, ["serve", "--server", "gunicorn"]).exit_code == 0
    assert started["reminders_lock"] is None
    assert "Push reminders are sent" not in runner.invoke(app, ["serve"]).output


def test_an_unknown_server_is_refused_with_the_choices(started):
    result = runner.invoke(app, ["serve", "--server", "nginx"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "'--server'" in result.output
    assert "'nginx' is not one of 'auto', 'gunicorn', 'waitress'" in result.output
    assert started == {}


def test_default_workers_counts_the_cores_this_process_may_use(monkeypatch):
    monkeypatch.setattr(serving.os, "sched_getaffinity", lambda pid: {0, 1, 5}, raising=False)
    assert serving.default_workers() == 3
