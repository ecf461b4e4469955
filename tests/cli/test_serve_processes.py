"""A real `krampe serve` with two gunicorn workers: the push reminders run in one of them.

Every worker waits for an exclusive lock on ``reminders.lock`` in the data
directory and the holder runs the scheduler (``krampe.cli.serving``). The
kernel's table of locks (``/proc/locks``) shows who holds it and who waits.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from _support import krampe_server

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc (Linux only)"
)


def children(pid: int) -> set[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return {int(p) for p in text.split()}


def lock_table(lock: Path) -> tuple[set[int], set[int]]:
    """The processes holding and waiting for an flock on ``lock``."""
    inode = f":{lock.stat().st_ino} "
    holding, waiting = set(), set()
    for line in Path("/proc/locks").read_text().splitlines():
        if inode not in line + " " or "FLOCK" not in line:
            continue
        fields = line.split()
        if "->" in fields:
            waiting.add(int(fields[fields.index("->") + 4]))
        else:
            holding.add(int(fields[4]))
    return holding, waiting


def settle(lock: Path, ready, seconds: float = 30):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while True:
        table = lock_table(lock) if lock.exists() else (set(), set())
        if ready(*table) or time.monotonic() > deadline:
            return table
        time.sleep(0.2)


def test_two_workers_run_the_reminders_once_and_the_other_takes_over(tmp_path):
    data = tmp_path / "data"
    with krampe_server(data, args=("--server", "gunicorn", "--workers", "2")) as server:
        lock = data / "reminders.lock"
        holding, waiting = settle(lock, lambda h, w: len(h) == 1 and len(w) == 1)
        workers = children(server.pid)
        assert len(workers) == 2, server.log()
        assert len(holding) == 1 and holding | waiting == workers, (holding, waiting, workers)
        (first,) = holding
        os.kill(first, signal.SIGKILL)  # the worker sending reminders dies
        holding, waiting = settle(lock, lambda h, w: len(h) == 1 and first not in h and len(w) == 1)
        assert len(holding) == 1 and first not in holding, (holding, waiting)
        assert holding | waiting == children(server.pid)  # the restarted worker waits
