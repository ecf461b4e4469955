"""`krampe backup`, `krampe restore` and `krampe clean`: the operator's data commands.

SQLite is copied with SQLite's online backup API (safe while the server runs,
WAL included); PostgreSQL with ``pg_dump``/``pg_restore``. Every copy is checked:
``integrity_check`` on SQLite, and on both the row count of every table.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from krampe.cli.common import fail

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


def _setup() -> None:
    """Django settings for these commands, with files private from the first one made."""
    from krampe import config

    os.umask(config.PRIVATE_UMASK)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "krampe.web.settings")
    import django

    django.setup()


def _database() -> dict[str, object]:
    from django.conf import settings

    db: dict[str, object] = settings.DATABASES["default"]
    return db


def _is_sqlite() -> bool:
    return "sqlite" in str(_database()["ENGINE"])


def _sqlite_path() -> Path:
    return Path(str(_database()["NAME"]))


def _sqlite_counts(connection: object) -> dict[str, int]:
    import sqlite3

    assert isinstance(connection, sqlite3.Connection)
    tables = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _sqlite_check(connection: object, what: str) -> dict[str, int]:
    import sqlite3

    assert isinstance(connection, sqlite3.Connection)
    result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise fail(f"{what}: SQLite integrity_check says {result!r}; the copy is not usable")
    return _sqlite_counts(connection)


def _new_private_file(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def _summary(counts: dict[str, int]) -> str:
    people = counts.get("accounts_user", 0)
    nights = counts.get("diary_night", 0)
    return f"{len(counts)} tables, {sum(counts.values())} rows ({people} people, {nights} nights)"


def _sqlite_backup(target: Path) -> dict[str, int]:
    import sqlite3

    source_path = _sqlite_path()
    if not source_path.exists():
        raise fail(f"KRAMPE_DATA_DIR: no database at {source_path}; nothing to back up")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    _new_private_file(partial)
    source = sqlite3.connect(source_path)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)  # a consistent snapshot, WAL included, while others write
        # One self-contained file: no -wal beside the backup.
        copy.execute("PRAGMA journal_mode=DELETE")
        counts = _sqlite_check(copy, str(target))
    finally:
        copy.close()
        source.close()
    partial.chmod(0o600)
    partial.replace(target)
    return counts


def _sqlite_restore(backup: Path) -> dict[str, int]:
    import sqlite3

    from krampe import config

    target = _sqlite_path()
    if any(Path(f"{target}{suffix}").exists() for suffix in ("", "-wal", "-shm")):
        raise fail(
            f"KRAMPE_DATA_DIR: {target.parent} already holds a database; restore into an "
            "empty data directory (move the old one away first)"
        )
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        expected = _sqlite_check(source, str(backup))
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        _new_private_file(partial)
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=WAL")
            restored = _sqlite_check(copy, str(target))
        finally:
            copy.close()
    finally:
        source.close()
    if restored != expected:
        partial.unlink()
        raise fail(f"{backup}: the restored row counts differ from the backup's; nothing kept")
    partial.replace(target)
    config.make_private(target.parent)
    return restored


def _pg_env() -> dict[str, str]:
    db = _database()
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[name] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    env["PGDATABASE"] = str(db["NAME"])
    return env


def _pg_tool(name: str) -> str:
    import shutil

    found = shutil.which(name)
    if found is None:
        raise fail(
            f"{name} not found; install the PostgreSQL client (apt-get install postgresql-client)"
        )
    return found


def _run(command: list[str], what: str) -> str:
    import subprocess

    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise fail(f"{what} failed: {result.stderr.strip() or result.returncode}")
    return result.stdout


def _dump_counts(dump: Path) -> dict[str, int]:
    """Rows per table in a custom-format dump, read from its COPY blocks."""
    import subprocess

    counts: dict[str, int] = {}
    process = subprocess.Popen(
        [_pg_tool("pg_restore"), "--data-only", "--file=-", str(dump)],
        env=_pg_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    table = None
    for line in process.stdout:
        if table is None:
            if line.startswith("COPY "):
                table = line.split()[1].split(".")[-1].strip('"')
                counts[table] = 0
        elif line.rstrip("\n") == "\\.":
            table = None
        else:
            counts[table] += 1  # COPY text writes one line per row (newlines escaped)
    if process.wait() != 0:
        raise fail(f"{dump}: pg_restore cannot read this file as a PostgreSQL dump")
    return counts


def _pg_counts() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = int(cursor.fetchone()[0])
    return counts


def _pg_backup(target: Path) -> dict[str, int]:
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    _new_private_file(partial)
    _run(
        [
            _pg_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={partial}",
        ],
        "pg_dump",
    )
    counts = _dump_counts(partial)
    partial.chmod(0o600)
    partial.replace(target)
    return counts


def _pg_restore(backup: Path) -> dict[str, int]:
    from django.db import connection

    if connection.introspection.table_names():
        raise fail(
            f"KRAMPE_DATABASE_URL: the database {_database()['NAME']!r} is not empty; restore "
            "into an empty database (createdb a new one)"
        )
    expected = _dump_counts(backup)
    _run(
        [
            _pg_tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={_database()['NAME']}",
            str(backup),
        ],
        "pg_restore",
    )
    restored = _pg_counts()
    if {t: restored.get(t) for t in expected} != expected:
        raise fail(f"{backup}: the restored row counts differ from the dump's")
    return restored


def backup(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="Where to write the backup (a new file).")
    ],
) -> None:
    """Copy the whole database to FILE (mode 0600), checked, while Krampe keeps running."""
    if file.exists():
        raise fail(f"FILE: {file} already exists; choose a new name (e.g. with the date in it)")
    if not file.parent.is_dir():
        raise fail(f"FILE: the folder {file.parent} does not exist")
    _setup()
    counts = _sqlite_backup(file) if _is_sqlite() else _pg_backup(file)
    typer.echo(f"Backup written: {file} ({_summary(counts)})")


def restore(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A file made by krampe backup.")],
) -> None:
    """Restore FILE into an empty data directory (or empty PostgreSQL database), checked."""
    try:
        with file.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise fail(f"FILE: cannot read {file} ({exc.strerror})") from None
    _setup()
    if _is_sqlite():
        if head != SQLITE_HEADER:
            raise fail(f"FILE: {file} is not a SQLite backup (KRAMPE_DATABASE_URL is not set)")
        counts = _sqlite_restore(file)
    else:
        if not head.startswith(PG_DUMP_HEADER):
            raise fail(f"FILE: {file} is not a PostgreSQL dump (KRAMPE_DATABASE_URL is set)")
        counts = _pg_restore(file)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)  # a backup of an older version
    typer.echo(f"Restored and checked: {_summary(counts)}")


def clean() -> None:
    """Delete expired sessions and old login failures (krampe serve does this on start)."""
    _setup()
    import io

    from django.core.management import call_command

    typer.echo(call_command("housekeeping", stdout=io.StringIO()))


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)
    app.command("clean")(clean)
