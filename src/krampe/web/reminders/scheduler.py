"""The reminder scheduler: which pushes are due, claim each once, send, forget dead phones.

``run_once`` is the whole job and is safe to call from several processes at
once: a reminder is claimed by inserting its row (one per subscription,
reminder and local date, a unique constraint) before it is sent, so it goes
out once however many workers run and however often they restart. A worker
that was down catches up on reminders up to ``CATCH_UP`` late; older ones are
no longer useful (a dose reminder at breakfast) and are left out.

The reminders are the plan's own (``daily_reminders(plan)``, as in the
calendar feed): none without a plan (after an urgent finding, for example) and none
after the trial's last night.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from krampe.domain.plan.ics import DailyReminder
from krampe.domain.plan.occurrences import DIARY_KEY, Occurrence, occurrences
from krampe.domain.plan.reminders import daily_reminders, is_capsule_reminder
from krampe.domain.vocab import lang_or_default
from krampe.web.accounts.models import User
from krampe.web.plans import services as plans
from krampe.web.reminders import push
from krampe.web.reminders.models import PushSubscription, SentReminder

log = logging.getLogger(__name__)
CATCH_UP = dt.timedelta(hours=2)
INTERVAL_S = 30
TAKEN_SALT = "krampe.reminders.taken"
TAKEN_MAX_AGE = dt.timedelta(hours=36)

Sender = Callable[[PushSubscription, dict[str, Any]], push.Outcome]


@dataclass
class Report:
    sent: list[tuple[int, str, dt.date]] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    failed: int = 0


def zone_of(subscription: PushSubscription) -> ZoneInfo:
    try:
        return ZoneInfo(subscription.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def person_reminders(user: User) -> list[DailyReminder]:
    """The person's daily reminders, in their language: the calendar feed's own."""
    language = lang_or_default(user.language)
    with translation.override(language):
        plan = plans.build(user, language).plan
    return daily_reminders(plan)


def taken_token(user_pk: int, night: dt.date) -> str:
    """The key of a "Taken" answer: it names one person and one night, and expires."""
    return signing.dumps({"u": user_pk, "n": night.isoformat()}, salt=TAKEN_SALT)


def read_taken_token(token: str) -> tuple[int, dt.date]:
    """The person and night of a "Taken" token; raises signing.BadSignature."""
    data = signing.loads(token, salt=TAKEN_SALT, max_age=TAKEN_MAX_AGE)
    return int(data["u"]), dt.date.fromisoformat(data["n"])


def payload(occurrence: Occurrence, user: User) -> dict[str, Any]:
    """The message the service worker shows: text, actions, and where they lead."""
    language = lang_or_default(user.language)
    night = occurrence.night
    with translation.override(language):
        log_url = reverse("log_night") + f"?date={night.isoformat()}"
        if occurrence.reminder.key == DIARY_KEY:
            title = _("How was last night?")
            actions = [{"action": "log", "title": _("Log last night")}]
        elif is_capsule_reminder(occurrence.reminder.key):
            # A blinded trial: the period's capsules, never magnesium or tablets.
            title = _("Time for your trial capsules")
            actions = [{"action": "taken", "title": _("Taken")}]
        else:
            title = _("Time for your evening dose")
            actions = [{"action": "taken", "title": _("Taken")}]
        return {
            "title": title,
            "body": occurrence.reminder.summary,
            "tag": f"krampe-{occurrence.reminder.key}-{occurrence.date.isoformat()}",
            "lang": language,
            "kind": "diary" if occurrence.reminder.key == DIARY_KEY else "dose",
            "night": night.isoformat(),
            "url": log_url if occurrence.reminder.key == DIARY_KEY else reverse("home"),
            "actions": actions,
            "taken": {
                "url": reverse("reminders_taken"),
                "token": taken_token(user.pk, night),
                "done": _("Dose recorded for tonight."),
            },
        }


def _claim(subscription: PushSubscription, occurrence: Occurrence) -> SentReminder | None:
    try:
        with transaction.atomic():
            return SentReminder.objects.create(
                subscription=subscription,
                key=occurrence.reminder.key,
                date=occurrence.date,
                due_at=occurrence.due,
            )
    except IntegrityError:
        return None  # already sent, or being sent by another worker


def run_once(now: dt.datetime | None = None, send: Sender = push.send) -> Report:
    """Send every reminder due by ``now`` that has not been sent yet."""
    now = now or timezone.now()
    report = Report()
    reminders: dict[int, list[DailyReminder]] = {}
    for subscription in PushSubscription.objects.select_related("user").order_by("pk"):
        user = subscription.user
        if user.pk not in reminders:
            reminders[user.pk] = person_reminders(user)
        # Nothing from before the phone subscribed: catching up is for a worker that was down.
        since = max(now - CATCH_UP, subscription.created_at)
        due = occurrences(reminders[user.pk], zone_of(subscription), since, now)
        for occurrence in due:
            claim = _claim(subscription, occurrence)
            if claim is None:
                continue
            outcome = send(subscription, payload(occurrence, user))
            if outcome is push.Outcome.GONE:
                report.removed.append(subscription.pk)
                subscription.delete()
                break
            if outcome is push.Outcome.FAILED:
                # Not sent: give up the claim so the next round tries again.
                claim.delete()
                report.failed += 1
                continue
            claim.sent_at = now
            claim.save(update_fields=["sent_at"])
            PushSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
            report.sent.append((subscription.pk, occurrence.reminder.key, occurrence.date))
    return report


def run_forever(stop: threading.Event, interval: float = INTERVAL_S) -> None:
    """Call ``run_once`` every ``interval`` seconds until ``stop`` is set."""
    from django.db import close_old_connections

    while not stop.is_set():
        try:
            run_once()
        except Exception:  # a bad round must not stop tomorrow's reminders
            log.exception("reminder round failed")
        finally:
            close_old_connections()
        stop.wait(interval)
