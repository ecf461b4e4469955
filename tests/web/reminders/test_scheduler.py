"""Push reminders at the plan's local times, once each, across a daylight-saving change,
delivered to a stand-in push service that checks the signature and decrypts them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from krampe.web.profiles.models import HealthProfile
from krampe.web.reminders import scheduler
from krampe.web.reminders.models import DoseTaken, PushSubscription, SentReminder

from .conftest import ZONE, start_trial, subscribe

pytestmark = pytest.mark.django_db
CPH = ZoneInfo(ZONE)
STEP = dt.timedelta(minutes=20)


def _run_between(start: dt.datetime, end: dt.datetime, step: dt.timedelta = STEP) -> None:
    """The scheduler's rounds from ``start`` to ``end``, with the clock at each round."""
    with time_machine.travel(start, tick=False) as clock:
        now = start
        while now <= end:
            clock.move_to(now)
            scheduler.run_once(now)
            now += step


def _local(day: int, month: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2027, month, day, hour, minute, tzinfo=CPH)


@pytest.mark.parametrize(
    ("change", "before", "after"),
    [
        # 28 March 2027: 02:00 becomes 03:00 (UTC+1 to UTC+2).
        (dt.date(2027, 3, 28), dt.timedelta(hours=1), dt.timedelta(hours=2)),
        # 31 October 2027: 03:00 becomes 02:00 (UTC+2 to UTC+1).
        (dt.date(2027, 10, 31), dt.timedelta(hours=2), dt.timedelta(hours=1)),
    ],
)
def test_reminders_come_at_the_local_times_once_each_across_a_clock_change(
    alice, push_service, change, before, after
):
    # The trial's magnesium phase (and so the dose reminder) has begun before the change.
    start_trial(alice, change - dt.timedelta(days=27))
    subscribe(alice, push_service, "phone")
    first = dt.datetime.combine(change - dt.timedelta(days=2), dt.time(12), tzinfo=CPH)
    last = dt.datetime.combine(change + dt.timedelta(days=2), dt.time(12), tzinfo=CPH)
    _run_between(first, last)
    # A restart: the same rounds again send nothing a second time.
    _run_between(first, last)

    assert push_service.problems == []
    got = [(d.payload["kind"], d.at) for d in push_service.deliveries]
    doses = [at for kind, at in got if kind == "dose"]
    diaries = [at for kind, at in got if kind == "diary"]
    # Evenings change-2 .. change+1 at 21:30; mornings change-1 .. change+2 at 07:15.
    assert len(doses) == 4 and len(diaries) == 4, got
    for at in doses:
        local = at.astimezone(CPH)
        due = dt.datetime.combine(local.date(), dt.time(21, 30), tzinfo=CPH)
        assert dt.timedelta(0) <= local - due < STEP, local
    for at in diaries:
        local = at.astimezone(CPH)
        due = dt.datetime.combine(local.date(), dt.time(7, 15), tzinfo=CPH)
        assert dt.timedelta(0) <= local - due < STEP, local
    # The same local time is a different instant on either side of the change.
    offsets = [at.astimezone(CPH).utcoffset() for at in doses]
    assert offsets[0] == before and offsets[-1] == after
    assert SentReminder.objects.filter(sent_at__isnull=False).count() == 8


def test_the_payload_carries_the_plans_text_and_the_answers(client, alice, push_service):
    start_trial(alice, dt.date(2027, 3, 1))
    subscribe(alice, push_service, "phone")
    _run_between(_local(23, 3, 21, 0), _local(24, 3, 7, 40))

    assert push_service.problems == []
    dose, diary = (d.payload for d in push_service.deliveries)
    assert dose["kind"] == "dose" and dose["night"] == "2027-03-23"
    assert dose["body"] == "Magnesium 200 mg (200 mg)"  # the calendar feed's own summary
    assert dose["title"] == "Tid til din aftendosis"
    assert [a["action"] for a in dose["actions"]] == ["taken"]
    assert diary["kind"] == "diary" and diary["night"] == "2027-03-23"
    assert diary["url"] == "/log/?date=2027-03-23"
    assert [(a["action"], a["title"]) for a in diary["actions"]] == [
        ("log", "Registrér sidste nat")
    ]
    assert push_service.deliveries[0].claims["sub"].startswith("mailto:")
    assert push_service.deliveries[0].ttl == 3600

    # "Taken" (what the service worker posts) records the dose for that night.
    with time_machine.travel(_local(23, 3, 21, 35)):
        response = client.post(
            dose["taken"]["url"], {"token": dose["taken"]["token"]}, content_type="application/json"
        )
    assert response.status_code == 200
    assert DoseTaken.objects.filter(user=alice, date=dt.date(2027, 3, 23)).exists()
    forged = client.post(
        dose["taken"]["url"],
        {"token": dose["taken"]["token"] + "x"},
        content_type="application/json",
    )
    assert forged.status_code == 422


def test_a_sender_that_was_down_catches_up_but_not_on_stale_reminders(alice, push_service):
    start_trial(alice, dt.date(2027, 3, 1))
    subscribe(alice, push_service, "phone")
    # Down from before 21:30 until 22:50: the dose reminder is still sent, once.
    _run_between(_local(23, 3, 22, 50), _local(23, 3, 23, 30))
    assert [d.payload["kind"] for d in push_service.deliveries] == ["dose"]
    # Down from 07:00 until noon: a diary reminder five hours late is left out.
    _run_between(_local(24, 3, 12, 0), _local(24, 3, 12, 20))
    assert [d.payload["kind"] for d in push_service.deliveries] == ["dose"]


def test_two_senders_at_once_send_each_reminder_once(alice, push_service):
    start_trial(alice, dt.date(2027, 3, 1))
    subscribe(alice, push_service, "phone")
    at = _local(23, 3, 21, 31)
    with time_machine.travel(at, tick=False):
        scheduler.run_once(at)
        scheduler.run_once(at)
    assert len(push_service.deliveries) == 1


def test_expired_subscriptions_are_removed_and_a_failure_is_tried_again(alice, push_service):
    start_trial(alice, dt.date(2027, 3, 1))
    for name in ("gone", "unknown", "flaky", "fine"):
        subscribe(alice, push_service, name)
    push_service.answers.update(gone=410, unknown=404, flaky=500)
    at = _local(23, 3, 21, 31)
    with time_machine.travel(at, tick=False):
        report = scheduler.run_once(at)
    assert len(report.removed) == 2 and report.failed == 1
    left = set(PushSubscription.objects.values_list("endpoint", flat=True))
    assert left == {push_service.endpoint("flaky"), push_service.endpoint("fine")}
    # The push service is back: the next round sends the reminder that failed.
    del push_service.answers["flaky"]
    later = at + dt.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        scheduler.run_once(later)
    assert sorted(d.device for d in push_service.deliveries) == ["fine", "flaky"]


def test_reminders_stop_for_an_urgent_finding_and_after_the_trial(alice, push_service):
    start_trial(alice, dt.date(2027, 3, 1))
    subscribe(alice, push_service, "phone")
    HealthProfile.objects.create(
        user=alice, data={"age": 60, "sex": "male", "symptoms": ["leg_swelling_redness_warmth"]}
    )
    _run_between(_local(23, 3, 21, 0), _local(24, 3, 8, 0))
    assert push_service.deliveries == []

    HealthProfile.objects.all().delete()
    end = scheduler.person_reminders(alice)[0].last
    _run_between(
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(6), tzinfo=CPH),
        dt.datetime.combine(end + dt.timedelta(days=2), dt.time(23), tzinfo=CPH),
    )
    assert push_service.deliveries == []


def test_the_phones_time_zone_decides(alice, push_service):
    start_trial(alice, dt.date(2027, 3, 1))
    subscribe(alice, push_service, "lisbon", zone="Europe/Lisbon")
    # 21:30 in Lisbon is 22:30 in Copenhagen.
    _run_between(_local(23, 3, 22, 0), _local(23, 3, 22, 20))
    assert push_service.deliveries == []
    _run_between(_local(23, 3, 22, 40), _local(23, 3, 22, 40))
    assert [d.payload["kind"] for d in push_service.deliveries] == ["dose"]


def test_an_urgent_finding_stops_every_push_and_they_resume_when_the_answers_change(
    alice, push_service
):
    # One rule for pausing (krampe.domain.screening.policy.safety_pause), as the calendar.
    day = dt.date(2027, 5, 10)
    start_trial(alice, day - dt.timedelta(days=20))
    subscribe(alice, push_service, "phone")
    HealthProfile.objects.create(
        user=alice, data={"age": 60, "sex": "female", "symptoms": ["cold_pale_foot"]}
    )
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=CPH)
    _run_between(noon, noon + dt.timedelta(days=1))
    assert push_service.deliveries == []
    HealthProfile.objects.filter(user=alice).update(data={"age": 60, "sex": "female"})
    _run_between(noon + dt.timedelta(days=1), noon + dt.timedelta(days=2))
    assert {d.payload["kind"] for d in push_service.deliveries} == {"dose", "diary"}


def test_the_trials_own_pause_and_the_safety_pause_each_stop_every_push(alice, push_service):
    # A red-flag note pauses the trial's reminders (krampe.domain.trial.watch); an
    # urgent finding pauses everything (safety_pause). Resuming one leaves the other.
    from krampe.web.diary.models import Night, Trial

    day = dt.date(2027, 5, 10)
    start_trial(alice, day - dt.timedelta(days=20))
    subscribe(alice, push_service, "phone")
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=CPH)
    Night.objects.create(
        user=alice, date=day - dt.timedelta(days=1), cramps=1, worst_pain=3,
        note="Læggen er hævet og rød",
    )  # fmt: skip
    HealthProfile.objects.create(
        user=alice, data={"age": 60, "sex": "female", "symptoms": ["cold_pale_foot"]}
    )
    _run_between(noon, noon + dt.timedelta(days=1))
    assert push_service.deliveries == []
    # The person resumes the trial's reminders: the urgent finding still stops them.
    Trial.objects.filter(user=alice).update(reminders_resumed_through=day - dt.timedelta(days=1))
    _run_between(noon + dt.timedelta(days=1), noon + dt.timedelta(days=2))
    assert push_service.deliveries == []
    # The answers change but a new red-flag note stands: still none.
    HealthProfile.objects.filter(user=alice).update(data={"age": 60, "sex": "female"})
    Night.objects.create(
        user=alice, date=day + dt.timedelta(days=1), cramps=1, worst_pain=3,
        note="Benet er hævet",
    )  # fmt: skip
    _run_between(noon + dt.timedelta(days=2), noon + dt.timedelta(days=3))
    assert push_service.deliveries == []
    # Both lifted: the reminders come again.
    Trial.objects.filter(user=alice).update(reminders_resumed_through=day + dt.timedelta(days=1))
    _run_between(noon + dt.timedelta(days=3), noon + dt.timedelta(days=4))
    assert {d.payload["kind"] for d in push_service.deliveries} == {"dose", "diary"}
