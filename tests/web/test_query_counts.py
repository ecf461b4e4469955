"""The cheap pages stay cheap: the number of queries each one needs, pinned.

Every authenticated request reads its session and its person once (two
queries); what follows is the page's own. A test here failing after a change
means the page now asks the database more often: find out why before raising
the number.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from krampe.domain.trial.design import build_design
from krampe.domain.trial.night_rules import last_night
from krampe.web.diary import services
from krampe.web.diary.models import Night

pytestmark = pytest.mark.django_db

SESSION_AND_PERSON = 2


def _night(date: dt.date, cramps: int = 2) -> dict[str, str]:
    return {
        "date": date.isoformat(),
        "cramps": str(cramps),
        "worst_pain": "6",
        "awakenings": "1",
        "took_dose": "yes",
        "stretched": "no",
        "side_effect": "none",
        "note": "",
    }


@pytest.fixture
def in_trial(client, django_user_model):
    # Joined two months ago: the diary reaches back to the first day less 14 days.
    user = django_user_model.objects.create_user(
        "counted",
        password="calf-stretch-2026",
        date_joined=timezone.now() - dt.timedelta(days=60),
    )
    client.force_login(user)
    start = timezone.localdate() - dt.timedelta(days=20)
    services.create_trial(user, build_design("open", start))
    for day in range(10):
        client.post("/log/", _night(start + dt.timedelta(days=day)))
    return user


def test_saving_a_new_night_takes_four_queries_of_its_own(
    client, in_trial, django_assert_num_queries
):
    # the active trial (for the phase and the blinded form), "was it logged before,
    # and how many nights are there?" in one (a new night must fit under the cap),
    # then in one transaction the upsert of the night and the diary's new version
    # (the cached results are out of date)
    with django_assert_num_queries(SESSION_AND_PERSON + 4):
        response = client.post("/log/", _night(last_night(timezone.localdate())))
    assert response.status_code == 302
    assert Night.objects.get(user=in_trial, date=last_night(timezone.localdate())).cramps == 2


def test_saving_a_night_again_updates_it_in_four_queries(
    client, in_trial, django_assert_num_queries
):
    # the same four: the trial, logged and counted, the upsert and the version
    client.post("/log/", _night(last_night(timezone.localdate()), cramps=1))
    before = Night.objects.get(user=in_trial, date=last_night(timezone.localdate()))
    later = timezone.now() + dt.timedelta(minutes=5)
    with time_machine.travel(later, tick=False), django_assert_num_queries(SESSION_AND_PERSON + 4):
        night = _night(last_night(timezone.localdate()), cramps=4)
        # from the form that shows the logged night (a new night's form opens it instead)
        response = client.post("/log/", {**night, "shown": night["date"]})
    assert response.status_code == 302
    after = Night.objects.get(user=in_trial, date=last_night(timezone.localdate()))
    assert (after.pk, after.cramps, after.phase) == (before.pk, 4, before.phase)
    assert after.updated_at == later
    assert Night.objects.filter(user=in_trial).count() == 11


def test_a_night_and_the_diarys_new_version_are_written_in_one_transaction(
    client, in_trial, monkeypatch
):
    """The bump runs inside the transaction that wrote the night, so they commit together
    (a night committed with the old version would leave the cached results without it).
    The test itself runs in a transaction, so the save's own shows as one block more."""
    from django.db import connection

    from krampe.web.diary import views

    bump, blocks = views.bump, []

    def recorded(user_id: int) -> None:
        blocks.append(len(connection.atomic_blocks))
        bump(user_id)

    monkeypatch.setattr(views, "bump", recorded)
    outside = len(connection.atomic_blocks)
    assert client.post("/log/", _night(last_night(timezone.localdate()))).status_code == 302
    assert blocks == [outside + 1]


def test_the_log_form_reads_the_recent_nights_once(client, in_trial, django_assert_num_queries):
    # recent nights (also the defaults and "already logged"), a dose already
    # answered from a reminder (last night is not logged), the trial, its logged count
    with django_assert_num_queries(SESSION_AND_PERSON + 4):
        assert client.get("/log/").status_code == 200


def test_the_overview_loads_the_person_once(client, in_trial, django_assert_num_queries):
    # the trial, the night count with last night logged?, the trial's logged count; the
    # first-run path: the profile, then the diet, the plan and whether there is a trial
    # in one query (the profile also gives the urgent banner: safety_pause)
    with django_assert_num_queries(SESSION_AND_PERSON + 5):
        assert client.get("/home/").status_code == 200


def test_the_csv_export_is_one_query(client, in_trial, django_assert_num_queries):
    with django_assert_num_queries(SESSION_AND_PERSON + 1):
        response = client.get("/data/diary.csv")
        assert response.status_code == 200
        rows = b"".join(response.streaming_content).decode().splitlines()  # streamed
    assert len(rows) == 11  # the header and ten nights


def test_the_latest_trial_is_the_active_one_before_a_newer_ended_one(
    django_user_model, django_assert_num_queries
):
    from krampe.web.core import queries
    from krampe.web.diary.models import Trial

    user = django_user_model.objects.create_user("trials", password="calf-stretch-2026")
    start = timezone.localdate() - dt.timedelta(days=20)
    assert queries.latest_trial(user) is None
    running = services.create_trial(user, build_design("open", start))
    ended = services.create_trial(user, build_design("open", start))
    # Made later but no longer running: the running one is still the latest.
    Trial.objects.filter(pk=ended.pk).update(active=False)
    Trial.objects.filter(pk=running.pk).update(active=True)
    assert queries.latest_trial(user).pk == running.pk
    Trial.objects.filter(pk=running.pk).update(active=False)
    with django_assert_num_queries(1):  # none running: the newest, in the same one query
        assert queries.latest_trial(user).pk == ended.pk
