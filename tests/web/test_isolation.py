"""Each person sees and changes only their own data.

User A has data in every app; user B (no data of their own) requests every
URL of the URLconf. The patterns are read from the resolver at test time, so a
page added later is covered without touching this file: every argument that
names a row (``pk``, ``id``, ``*_pk``, ``*_id``) is filled with each of A's row
ids, every ``token`` with A's revoked feed token and a guessed one (other
arguments, such as a wizard's step number, name no one's data). B must get a 404 for each (a 405 is
allowed for the method a view does not take), and A's rows must be unchanged.
Pages without arguments show B's own (empty) data: none of A's data may appear.

The one URL that answers without a login is the calendar feed: its token is
the key (an unguessable secret A chose to share with their calendar app), so
the live token works for anyone holding it, and a revoked token is a 404.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from krampe.web.diary.models import Night, Trial
from krampe.web.diet.models import DietRecord
from krampe.web.plans.models import CalendarFeed, SupplementPlan
from krampe.web.profiles.models import HealthProfile

pytestmark = pytest.mark.django_db

SECRET = "Zebrafink-7731"  # a marker that appears only in A's data
ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
# Argument names that name a row of someone's data: its id, or its secret key.
ROW_KEY = re.compile(r"^(pk|id|\w+_pk|\w+_id|token)$")
SECRET_KEYS = {"token"}
# Pages a GET must not call: they change the session, not data.
SKIP_GET = {"logout", "set_language"}


def _patterns(resolvers, prefix=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name


def _fill(route: str, values: dict[str, str]) -> str:
    return "/" + ARGUMENT.sub(lambda m: values[m.group("name")], route).lstrip("^").rstrip("$")


@pytest.fixture
def alice_data(alice):
    from _web import store_trial
    from krampe.domain.trial.design import blinded_design

    user = alice
    HealthProfile.objects.create(
        user=user,
        data={"age": 58, "sex": "female", "medicines": ["Eltroxin", SECRET], "symptoms": []},
    )
    DietRecord.objects.create(user=user, answers={"note": SECRET})
    SupplementPlan.objects.create(
        user=user, product=SECRET[:20], daily_mg=200, medicine_times=[{"name": SECRET}]
    )
    live = CalendarFeed.objects.create(user=user)
    revoked = CalendarFeed.objects.create(
        user=user, revoked_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    )
    design = blinded_design(dt.date(2025, 1, 6), seed=41)
    trial = store_trial(user, design)
    for day in range(10):
        Night.objects.create(
            user=user,
            date=design.start + dt.timedelta(days=day),
            phase="run_in" if day < 7 else "",
            cramps=day % 3,
            worst_pain=4 if day % 3 else None,
            note=f"{SECRET} night {day}",
        )
    return {"user": user, "live": live, "revoked": revoked, "trial": trial}


def _snapshot(user):
    rows = []
    for model in (HealthProfile, DietRecord, SupplementPlan, CalendarFeed, Trial, Night):
        for row in model.objects.filter(user=user).order_by("pk").values():
            row.pop("updated_at", None)
            rows.append((model.__name__, row))
    return rows


def _ids(user) -> list[int]:
    ids: set[int] = set()
    for model in (HealthProfile, DietRecord, SupplementPlan, CalendarFeed, Trial, Night):
        ids.update(model.objects.filter(user=user).values_list("pk", flat=True))
    return sorted(ids)


def test_second_user_gets_404_for_every_url_of_the_first_users_data(client, bob, alice_data):
    alice = alice_data
    before = _snapshot(alice["user"])
    client.force_login(bob)
    ids = _ids(alice["user"])
    tokens = [alice["revoked"].token, "guessed-" + "x" * 30]
    checked = []
    for route, name in _patterns(get_resolver().url_patterns):
        names = [n for _, n in ARGUMENT.findall(route)]
        if not names or not all(ROW_KEY.match(n) for n in names):
            continue  # no argument, or one that is not a row of anyone's data (a step number)
        fill = tokens if any(n in SECRET_KEYS for n in names) else [str(i) for i in ids]
        candidates = [dict.fromkeys(names, value) for value in fill]
        for values in candidates:
            url = _fill(route, values)
            statuses = {
                method: getattr(client, method)(url).status_code for method in ("get", "post")
            }
            assert set(statuses.values()) <= {404, 405}, f"{name} {url}: {statuses}"
            assert 404 in statuses.values(), f"{name} {url}: {statuses}"
            checked.append(name)
    # The pages that name a row of someone's data exist and were all tried.
    assert {"edit_night", "plan_feed"} <= set(checked)
    assert _snapshot(alice["user"]) == before


def test_pages_without_arguments_show_none_of_the_first_users_data(client, bob, alice_data):
    alice = alice_data
    client.force_login(bob)
    before = _snapshot(alice["user"])
    seen = []
    for route, name in _patterns(get_resolver().url_patterns):
        if ARGUMENT.search(route) or name in SKIP_GET or route.startswith("api/"):
            continue
        response = client.get(_fill(route, {}))
        if response.status_code != 200 or response.get("Content-Type", "").startswith(
            "application/pdf"
        ):
            continue
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode("utf-8", errors="replace")
        assert SECRET not in body, f"{name}: shows the first user's data"
        assert "alice" not in body, f"{name}: names the first user"
        seen.append(name)
    assert {"your_data", "export_json", "export_diary_csv", "export_fhir", "doctor_summary"} <= set(
        seen
    )
    assert _snapshot(alice["user"]) == before


def test_calendar_feed_answers_only_to_the_live_token(client, alice_data):
    alice = alice_data
    from django.urls import reverse

    live = client.get(reverse("plan_feed", args=[alice["live"].token]))
    assert live.status_code == 200 and b"BEGIN:VCALENDAR" in live.content
    assert client.get(reverse("plan_feed", args=[alice["revoked"].token])).status_code == 404
    assert client.get(reverse("plan_feed", args=["not-" + alice["live"].token])).status_code == 404
