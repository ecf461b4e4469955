"""The SQLite settings that keep a small install safe under concurrent use."""

import sqlite3

import pytest
from django.db import transaction
from django.db.utils import ConnectionHandler

from krampe.web import settings as production


@pytest.fixture
def sqlite_connection(tmp_path, monkeypatch, django_db_blocker):
    monkeypatch.delenv("KRAMPE_DATABASE_URL", raising=False)
    db = dict(production._databases()["default"])
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    db["NAME"] = str(tmp_path / "pinned.sqlite3")
    handler = ConnectionHandler({"default": db})
    connection = handler["default"]
    with django_db_blocker.unblock():
        yield connection
        connection.close()


def pragma(connection, name):
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


def test_wal_busy_timeout_and_foreign_keys(sqlite_connection):
    assert pragma(sqlite_connection, "journal_mode") == "wal"
    assert pragma(sqlite_connection, "busy_timeout") == 20000
    assert pragma(sqlite_connection, "foreign_keys") == 1


def test_commits_are_durable_and_deleted_data_is_overwritten(sqlite_connection):
    assert pragma(sqlite_connection, "synchronous") == 2  # FULL: survives a power cut
    assert pragma(sqlite_connection, "secure_delete") == 1


def test_transactions_take_the_write_lock_immediately(sqlite_connection, monkeypatch):
    # Route transaction.atomic() to this connection instead of the test database.
    monkeypatch.setattr(transaction, "get_connection", lambda using=None: sqlite_connection)

    with sqlite_connection.cursor() as cursor:
        cursor.execute("CREATE TABLE night (id INTEGER PRIMARY KEY)")
    other = sqlite3.connect(sqlite_connection.settings_dict["NAME"], timeout=0)
    try:
        # A transaction that has only read already holds the write lock under
        # IMMEDIATE, so a second writer cannot start; under DEFERRED it could.
        with transaction.atomic():
            with sqlite_connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM night")
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()
