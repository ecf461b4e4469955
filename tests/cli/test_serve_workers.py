"""`krampe serve` uses every core: gunicorn workers on Linux, waitress where fork is missing."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from krampe.cli import serve, serving
from krampe.cli.main import app

runner = CliRunner()


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    calls: dict[str, object] = {}
    monkeypatch.setattr(serve, "prepare", lambda host: [])
    monkeypatch.setattr(
        serving,
        "run_gunicorn",
        lambda app, host, port, workers, threads: calls.update(
            server="gunicorn", host=host, port=port, workers=workers, threads=threads
        ),
    )
    monkeypatch.setattr(
        serving,
        "run_waitress",
        lambda app, host, port, threads: calls.update(server="waitress", threads=threads),
    )
    return calls


def test_default_is_one_gunicorn_worker_per_core(started, monkeypatch):
    monkeypatch.setattr(serving.sys, "platform", "linux")
    monkeypatch.setattr(serving, "default_workers", lambda: 6)
    result = runner.invoke(app, ["serve", "--port", "8124"])
    assert result.exit_code == 0, result.output
    assert started == {
        "server": "gunicorn",
        "host": "127.0.0.1",
        "port": 8124,
        "workers": 6,
        "threads": 8,
    }
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
    assert started == {"server": "waitress", "threads": 8}
    assert "waitress: one process, 8 threads." in result.output


def test_an_unknown_server_is_refused_with_the_choices(started):
    result = runner.invoke(app, ["serve", "--server", "nginx"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "'--server'" in result.output
    assert "'nginx' is not one of 'auto', 'gunicorn', 'waitress'" in result.output
    assert started == {}


def test_default_workers_counts_the_cores_this_process_may_use(monkeypatch):
    monkeypatch.setattr(serving.os, "sched_getaffinity", lambda pid: {0, 1, 5}, raising=False)
    assert serving.default_workers() == 3
