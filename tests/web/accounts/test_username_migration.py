"""The migration to case-insensitive names keeps every existing account reachable."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import RequestFactory

from _accounts import PASSWORD

BEFORE = [("accounts", "0001_initial")]
AFTER = [("accounts", "0004_recoverycode")]


@pytest.fixture
def migrate():
    def to(targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield to
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_case_twins_from_before_keep_logging_in_by_their_own_name(migrate, capsys, client):
    old = migrate(BEFORE).get_model("accounts", "User")
    password = make_password(PASSWORD)
    for name in ("Mette", "Bo", "mette", "METTE"):  # made in this order
        old.objects.create(username=name, password=password)

    migrate(AFTER)
    from krampe.web.accounts.models import User

    keys = dict(User.objects.values_list("username", "username_key"))
    older = User.objects.get(username="Mette")
    assert keys["Mette"] == "mette" and keys["Bo"] == "bo"
    assert keys["mette"] == f"mette#{User.objects.get(username='mette').pk}"
    assert keys["METTE"] == f"mette#{User.objects.get(username='METTE').pk}"
    # Each twin logs in by its exact name; any other spelling finds the oldest account.
    for typed, owner in [
        ("Mette", "Mette"),
        ("mette", "mette"),
        ("METTE", "METTE"),
        ("mEtte", "Mette"),
        ("BO", "Bo"),
    ]:
        request = RequestFactory().post("/login/")
        assert authenticate(request, username=typed, password=PASSWORD).username == owner
    assert older.username_key == "mette"
    assert "differ only in case" in capsys.readouterr().out
    # Saving a twin keeps its marked key (no clash with the oldest account's key).
    twin = User.objects.get(username="mette")
    twin.set_password("another-pass-2026")
    twin.save()
    twin.refresh_from_db()
    assert twin.username_key == keys["mette"]
    # Their account page does not claim that case does not matter for them.
    client.force_login(twin)
    assert "Store og små bogstaver" not in client.get("/account/").content.decode()
    client.force_login(older)
    assert "Store og små bogstaver" in client.get("/account/").content.decode()
