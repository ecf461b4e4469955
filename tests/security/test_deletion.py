"""Deleting an account leaves nothing of the person: no row in any table, no session,
no copy in SQLite's files."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client

MARKER = "Natterkvist-4471"  # appears only in the person's own data
PASSWORD = "calf-night-2026"


def _everything_of(user):  # type: ignore[no-untyped-def]
    from krampe.domain.trial.design import blinded_design, design_to_dict
    from krampe.web.diary.models import Night, Trial
    from krampe.web.diet.models import DietRecord
    from krampe.web.plans.models import CalendarFeed, SupplementPlan
    from krampe.web.profiles.models import HealthProfile

    HealthProfile.objects.create(user=user, data={"age": 60, "medicines": [MARKER]})
    DietRecord.objects.create(user=user, answers={"note": MARKER})
    SupplementPlan.objects.create(user=user, product="citrate", medicine_times=[{"name": MARKER}])
    CalendarFeed.objects.create(user=user)
    design = blinded_design(dt.date(2026, 1, 5), seed=7)
    Trial.objects.create(user=user, design=design_to_dict(design))
    for day in range(20):
        Night.objects.create(
            user=user,
            date=dt.date(2026, 1, 5) + dt.timedelta(days=day),
            cramps=1,
            worst_pain=3,
            note=f"{MARKER} {day}",
        )


def _rows_mentioning(needles: list[str]) -> list[str]:
    """table: row for every row of every table that holds one of ``needles``."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                text = " ".join(str(v) for v in row)
                if any(n in text for n in needles):
                    found.append(f"{table}: {text[:120]}")
    return found


def _user_id_rows(user_id: int) -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            if "user_id" in columns:
                cursor.execute(f'SELECT count(*) FROM "{table}" WHERE user_id = %s', [user_id])
                if cursor.fetchone()[0]:
                    found.append(table)
    return found


@pytest.mark.django_db
def test_nothing_of_a_deleted_person_is_left_in_any_table_or_session():
    user = get_user_model().objects.create_user("vera", password=PASSWORD)
    other = get_user_model().objects.create_user("walter", password=PASSWORD)
    _everything_of(user)
    user_id = user.pk
    # Three devices logged in, and a failed login on record.
    devices = [Client() for _ in range(3)]
    for device in devices:
        assert device.post("/login/", {"username": "vera", "password": PASSWORD}).status_code == 302
    devices[0].post("/login/", {"username": "vera", "password": "wrong-once"})
    Client().post("/login/", {"username": "vera", "password": "wrong-twice"})
    walter = Client()
    walter.force_login(other)
    assert _rows_mentioning([MARKER]) and _user_id_rows(user_id)  # the control

    answer = devices[1].post("/data/delete/", {"confirm": "on", "password": PASSWORD})
    assert answer.status_code == 302

    assert _rows_mentioning([MARKER, "vera"]) == []
    assert _user_id_rows(user_id) == []
    ids = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert str(user_id) not in ids
    assert str(other.pk) in ids  # another person's session is untouched
    for device in devices:
        assert device.get("/home/").status_code == 302  # logged out everywhere
    assert walter.get("/home/").status_code == 200


def test_nothing_of_a_deleted_person_is_left_in_the_sqlite_files(live, http_client):
    """Against a real server: the database file and its WAL, read byte by byte."""
    client = http_client(live)
    client.sign_up("xenia")
    marker = "Tusindfryd-9902"
    for day in range(1, 15):
        # The last fourteen nights: a new account's diary reaches back that far.
        answer = client.post(
            "/log/",
            {
                "date": (dt.date.today() - dt.timedelta(days=day)).isoformat(),
                "cramps": "1",
                "worst_pain": "4",
                "awakenings": "0",
                "side_effect": "none",
                "note": f"{marker} night {day}",
            },
        )
        assert answer.status == 302, answer.text[:500]
    files = [live.data_dir / name for name in ("krampe.sqlite3", "krampe.sqlite3-wal")]
    assert any(marker.encode() in f.read_bytes() for f in files if f.exists())  # the control
    answer = client.post("/data/delete/", {"confirm": "on", "password": "calf-night-2026"})
    assert answer.status == 302
    for path in files:
        if path.exists():
            assert marker.encode() not in path.read_bytes(), path.name
            assert b"xenia" not in path.read_bytes(), path.name
