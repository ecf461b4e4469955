"""Load and crash: 20 people saving nights against a real `krampe serve`, then kill -9.

    .venv/bin/python bench/load_crash.py                       # SQLite
    .venv/bin/python bench/load_crash.py --postgres URL        # PostgreSQL (a fresh database
                                                               # <name>_bench is made and dropped)
    .venv/bin/python bench/load_crash.py --synchronous NORMAL  # SQLite with the old pragma
    .venv/bin/python bench/load_crash.py --busy-timeout 5000   # SQLite, the old 5 s wait

Phase "load": CLIENTS threads, each its own account, for SECONDS: 60 % log a new night,
20 % change a night already logged, 20 % read the nightly log page. Phase "crash": the
same mix, only writes, and at CRASH_AT seconds the server gets SIGKILL; it is started
again on the same data. After each phase every acknowledged write (a 302 the client
received) is checked in the database: the stored cramp count must be the last
acknowledged one, or a later one whose answer never arrived. Reports 5xx, p50/p95/p99,
requests a second, acknowledged and lost writes, and SQLite's integrity_check.

Every request goes to 127.0.0.1 and every loop is bounded in time. Not part of CI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

CLIENTS = 20
SECONDS = 30.0
CRASH_AT = 10.0
PASSWORD = "bench-night-2026"
ROOT = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, data_dir: Path, env: dict[str, str]) -> None:
        self.data_dir = data_dir
        self.env = env
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = (self.data_dir.parent / "server.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "krampe", "serve", "--port", str(self.port)],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("krampe serve did not start; see server.log")

    def kill(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


class Client:
    """One person: a keep-alive connection, their cookies, sequential requests."""

    def __init__(self, port: int, username: str) -> None:
        self.port = port
        self.username = username
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, fields: dict[str, str] | None = None) -> int:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            fields = {**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            self.conn.request(method, path, body, headers)
            response = self.conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status

    def sign_up(self) -> None:
        self.request("GET", "/signup/")
        status = self.request(
            "POST",
            "/signup/",
            {"username": self.username, "password1": PASSWORD, "password2": PASSWORD},
        )
        if status != 302:
            raise SystemExit(f"sign-up of {self.username} answered {status}")


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0  # no answer (connection refused or reset)
    # (username, date) -> last acknowledged cramps, and values sent after it, unanswered
    acked: dict[tuple[str, str], int] = field(default_factory=dict)
    pending: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    acked_writes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def run_client(
    client: Client, tally: Tally, until: float, writes_only: bool, seed: int, offset: int
) -> None:
    rng = random.Random(seed)
    today = dt.date.today()
    logged: list[str] = []
    next_day = offset
    while time.monotonic() < until:
        roll = rng.random()
        if not writes_only and roll >= 0.8:
            method, path, fields, key, value = "GET", "/log/", None, None, None
        else:
            if roll < 0.6 or not logged:
                # A new account's diary reaches back 14 nights: the dates cycle there.
                date = (today - dt.timedelta(days=1 + next_day % 14)).isoformat()
                next_day += 1
            else:
                date = rng.choice(logged)
            value = rng.randint(0, 20)
            fields = {
                "date": date,
                # The form showed that night: a night already logged is saved again.
                "shown": date,
                "cramps": str(value),
                "worst_pain": str(rng.randint(1, 10)) if value else "",
                "awakenings": "0",
                "side_effect": "none",
                "note": f"bench {client.username} {date}",
            }
            method, path, key = "POST", "/log/", (client.username, date)
        if key is not None:
            with tally.lock:
                tally.pending.setdefault(key, set()).add(value)  # type: ignore[arg-type]
        started = time.perf_counter()
        try:
            status = client.request(method, path, fields)
        except (OSError, http.client.HTTPException):
            with tally.lock:
                tally.errors += 1
            time.sleep(0.05)
            continue
        elapsed = time.perf_counter() - started
        with tally.lock:
            tally.latencies.append(elapsed)
            tally.statuses[status] = tally.statuses.get(status, 0) + 1
            if key is not None and status == 302:
                tally.acked[key] = value  # type: ignore[assignment]
                tally.pending[key] = set()
                tally.acked_writes += 1
                if key[1] not in logged:
                    logged.append(key[1])


def phase(
    clients: list[Client], seconds: float, writes_only: bool, server: Server | None, seed: int
) -> Tally:
    tally = Tally()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=run_client,
            args=(c, tally, until, writes_only, seed + i, 400 * (seed % 7) + 0),
        )
        for i, c in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    if server is not None:
        time.sleep(CRASH_AT)
        server.kill()
    for thread in threads:
        thread.join()
    return tally


def stored(db: str, data_dir: Path) -> dict[tuple[str, str], int]:
    query = (
        "SELECT u.username, n.date, n.cramps FROM diary_night n"
        " JOIN accounts_user u ON u.id = n.user_id"
    )
    if db == "sqlite":
        conn = sqlite3.connect(data_dir / "krampe.sqlite3")
        rows = conn.execute(query).fetchall()
        conn.close()
    else:
        import psycopg

        with psycopg.connect(db) as conn:
            rows = conn.execute(query).fetchall()
    return {(u, str(d)): int(c) for u, d, c in rows}


def lost_writes(tally: Tally, rows: dict[tuple[str, str], int]) -> int:
    lost = 0
    for key, value in tally.acked.items():
        if rows.get(key) != value and rows.get(key) not in tally.pending.get(key, set()):
            lost += 1
    return lost


def integrity(db: str, data_dir: Path) -> str:
    if db != "sqlite":
        return "n/a"
    conn = sqlite3.connect(data_dir / "krampe.sqlite3")
    ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
    fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    conn.close()
    return f"{ok}, foreign keys {fk if fk else 'ok'}"


def report(name: str, tally: Tally, seconds: float, lost: int, check: str) -> None:
    lat = sorted(tally.latencies)
    total = len(lat)
    q = statistics.quantiles(lat, n=100) if total >= 2 else [0.0] * 99
    five = sum(n for s, n in tally.statuses.items() if s >= 500)
    print(
        f"{name}: {total} answered requests ({total / seconds:.0f}/s), "
        f"statuses {dict(sorted(tally.statuses.items()))}, 5xx {five}, no answer {tally.errors}; "
        f"p50 {q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms, p99 {q[98] * 1000:.0f} ms, "
        f"max {lat[-1] * 1000 if lat else 0:.0f} ms; "
        f"acknowledged writes {tally.acked_writes} on {len(tally.acked)} nights, lost {lost}; "
        f"integrity {check}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL URL (the server part)")
    parser.add_argument("--synchronous", choices=["FULL", "NORMAL"], default="FULL")
    parser.add_argument("--busy-timeout", type=int, default=20000, help="SQLite, in ms")
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="krampe-bench-"))
    data_dir = work / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KRAMPE_")}
    env.update(
        KRAMPE_DATA_DIR=str(data_dir),
        KRAMPE_SECRET_KEY="bench-" + "k" * 50,
        KRAMPE_SIGNUPS_PER_HOUR="1000",
        PYTHONUNBUFFERED="1",
    )
    db = "sqlite"
    admin = None
    if args.postgres:
        import psycopg

        parts = urllib.parse.urlsplit(args.postgres)
        name = parts.path.lstrip("/") + "_bench"
        admin = psycopg.connect(args.postgres, autocommit=True)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        db = urllib.parse.urlunsplit(parts._replace(path="/" + name))
        env["KRAMPE_DATABASE_URL"] = db
    elif args.synchronous != "FULL" or args.busy_timeout != 20000:
        # The same settings with only these pragmas changed, to measure what they cost.
        env["DJANGO_SETTINGS_MODULE"] = "bench_settings"
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        env["BENCH_SYNCHRONOUS"] = args.synchronous
        env["BENCH_BUSY_TIMEOUT"] = str(args.busy_timeout)
    label = (
        "PostgreSQL"
        if args.postgres
        else f"SQLite synchronous={args.synchronous} busy_timeout={args.busy_timeout}"
    )
    print(f"{label}, {args.clients} clients, {args.seconds:.0f} s; data in {work}")

    server = Server(data_dir, env)
    server.start()
    try:
        clients = [Client(server.port, f"bench{i:02d}") for i in range(args.clients)]
        for client in clients:
            client.sign_up()
        load = phase(clients, args.seconds, writes_only=False, server=None, seed=1)
        report(
            "load",
            load,
            args.seconds,
            lost_writes(load, stored(db, data_dir)),
            integrity(db, data_dir),
        )

        crash = phase(clients, CRASH_AT + 2, writes_only=True, server=server, seed=2)
        server.start()  # the same data, as after a power cut of the process
        rows = stored(db, data_dir)
        report(
            f"kill -9 at {CRASH_AT:.0f} s",
            crash,
            CRASH_AT,
            lost_writes(crash, rows),
            integrity(db, data_dir),
        )
        for client in clients:
            client.port = server.port
        after = Client(server.port, "bench-after")
        after.sign_up()
        print("after restart: a new person signs up and the server answers")
    finally:
        server.stop()
        if admin is not None:
            name = urllib.parse.urlsplit(db).path.lstrip("/")
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
