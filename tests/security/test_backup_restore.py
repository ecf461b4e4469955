"""`krampe backup` and `krampe restore` round trips, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import pytest

from _support import clean_env, unavailable

pytestmark = pytest.mark.own_server

PASSWORD = "calf-night-42"


def _krampe(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "krampe", *args],
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def _counts(path) -> dict[str, int]:  # type: ignore[no-untyped-def]
    db = sqlite3.connect(path)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        db.close()


@pytest.fixture
def careless_umask():  # type: ignore[no-untyped-def]
    """A umask that would make new files world-readable: Krampe must not rely on it."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_sqlite_backup_and_restore_round_trip(tmp_path, careless_umask):
    live = tmp_path / "live"
    demo = _krampe("demo", "--username", "anna", "--password", PASSWORD, KRAMPE_DATA_DIR=str(live))
    assert demo.returncode == 0, demo.stderr
    backup = tmp_path / "backups" / "krampe-2026-12-01.sqlite3"
    backup.parent.mkdir()
    made = _krampe("backup", str(backup), KRAMPE_DATA_DIR=str(live))
    assert made.returncode == 0, made.stderr
    assert "Backup written" in made.stdout and "56 nights" in made.stdout
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert not (backup.parent / (backup.name + "-wal")).exists()  # one self-contained file

    fresh = tmp_path / "fresh"
    restored = _krampe("restore", str(backup), KRAMPE_DATA_DIR=str(fresh))
    assert restored.returncode == 0, restored.stderr
    assert "Restored and checked" in restored.stdout
    assert _counts(fresh / "krampe.sqlite3") == _counts(live / "krampe.sqlite3")
    assert stat.S_IMODE((fresh / "krampe.sqlite3").stat().st_mode) == 0o600
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700

    # The restored install serves the person's account.
    check = _krampe(
        "demo", "--username", "other", "--password", PASSWORD, KRAMPE_DATA_DIR=str(fresh)
    )
    assert check.returncode == 0, check.stderr
    db = sqlite3.connect(fresh / "krampe.sqlite3")
    nights = db.execute(
        "SELECT count(*) FROM diary_night JOIN accounts_user u ON u.id = user_id"
        " WHERE u.username = 'anna'"
    ).fetchone()[0]
    db.close()
    assert nights == 56


def test_restore_refuses_a_data_directory_that_holds_a_database(tmp_path):
    live = tmp_path / "live"
    assert _krampe("demo", "--password", PASSWORD, KRAMPE_DATA_DIR=str(live)).returncode == 0
    backup = tmp_path / "b.sqlite3"
    assert _krampe("backup", str(backup), KRAMPE_DATA_DIR=str(live)).returncode == 0
    before = _counts(live / "krampe.sqlite3")
    again = _krampe("restore", str(backup), KRAMPE_DATA_DIR=str(live))
    assert again.returncode == 2
    assert "empty data directory" in again.stderr
    assert _counts(live / "krampe.sqlite3") == before


def test_backup_refuses_to_overwrite_and_restore_refuses_a_foreign_file(tmp_path):
    live = tmp_path / "live"
    assert _krampe("demo", "--password", PASSWORD, KRAMPE_DATA_DIR=str(live)).returncode == 0
    existing = tmp_path / "old.sqlite3"
    existing.write_text("keep me")
    refused = _krampe("backup", str(existing), KRAMPE_DATA_DIR=str(live))
    assert refused.returncode == 2 and "already exists" in refused.stderr
    assert existing.read_text() == "keep me"
    foreign = _krampe("restore", str(existing), KRAMPE_DATA_DIR=str(tmp_path / "fresh"))
    assert foreign.returncode == 2 and "not a SQLite backup" in foreign.stderr


def test_restore_refuses_a_corrupt_backup(tmp_path):
    live = tmp_path / "live"
    assert _krampe("demo", "--password", PASSWORD, KRAMPE_DATA_DIR=str(live)).returncode == 0
    backup = tmp_path / "b.sqlite3"
    assert _krampe("backup", str(backup), KRAMPE_DATA_DIR=str(live)).returncode == 0
    data = bytearray(backup.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data), page):  # scribble over every page but the first two
        data[offset + 100 : offset + 400] = b"\xff" * 300
    backup.write_bytes(bytes(data))
    fresh = tmp_path / "fresh"
    result = _krampe("restore", str(backup), KRAMPE_DATA_DIR=str(fresh))
    assert result.returncode != 0
    assert not (fresh / "krampe.sqlite3").exists()


def _postgres_url() -> str:
    return os.environ.get(
        "KRAMPE_TEST_DATABASE_URL", "postgresql://krampe:krampe@127.0.0.1:5432/krampe"
    )


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


@pytest.fixture
def pg_databases():  # type: ignore[no-untyped-def]
    import shutil

    try:
        import psycopg

        admin = psycopg.connect(_postgres_url(), autocommit=True, connect_timeout=3)
    except Exception as exc:
        unavailable(f"PostgreSQL is not reachable at KRAMPE_TEST_DATABASE_URL ({exc})")
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            unavailable(f"{tool} not found (apt-get install postgresql-client)")
    base = urlsplit(_postgres_url()).path.lstrip("/")
    names = [f"{base}_backup_src", f"{base}_backup_dst"]
    for name in names:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield [_with_db(_postgres_url(), n) for n in names]
    for name in names:
        _drop(admin, name)
    admin.close()


def _drop(admin, name: str) -> None:  # type: ignore[no-untyped-def]
    """Drop a test database, waiting a little for a server process that still holds it
    (an autovacuum worker on a freshly restored database cannot be ended by this role)."""
    import time

    import psycopg

    for attempt in range(20):
        try:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except (psycopg.errors.ObjectInUse, psycopg.errors.InsufficientPrivilege):
            if attempt == 19:
                raise
            time.sleep(0.5)


def _pg_counts(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url) as db:
        tables = [
            r[0]
            for r in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        ]
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_postgresql_backup_and_restore_round_trip(tmp_path, pg_databases, careless_umask):
    source, target = pg_databases
    env = {"KRAMPE_DATA_DIR": str(tmp_path / "data"), "KRAMPE_SECRET_KEY": "x" * 50}
    demo = _krampe(
        "demo", "--username", "pg-anna", "--password", PASSWORD, KRAMPE_DATABASE_URL=source, **env
    )
    assert demo.returncode == 0, demo.stderr
    backup = tmp_path / "krampe.dump"
    made = _krampe("backup", str(backup), KRAMPE_DATABASE_URL=source, **env)
    assert made.returncode == 0, made.stderr
    assert "56 nights" in made.stdout
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    restored = _krampe("restore", str(backup), KRAMPE_DATABASE_URL=target, **env)
    assert restored.returncode == 0, restored.stderr
    assert _pg_counts(target) == _pg_counts(source)
    # A database that already holds Krampe is refused.
    again = _krampe("restore", str(backup), KRAMPE_DATABASE_URL=target, **env)
    assert again.returncode == 2 and "not empty" in again.stderr
