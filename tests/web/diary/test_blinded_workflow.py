"""A blinded trial a household can run: sealed, the helper's own page, nothing of the
allocation on the person's side until unblinding, the seal checked at the end."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.test import Client

from _web import TODAY, night_form
from krampe.domain.trial.sealing import allocation_from_dict
from krampe.web.diary.models import HelperLink, Night, SealedAllocation, Trial
from krampe.web.helper.limits import HELPER_LOOKUPS

pytestmark = pytest.mark.django_db
CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


def _start(client: Client, start: dt.date = TODAY) -> tuple[Trial, dict[str, str]]:
    response = client.post("/trial/start/", {"kind": "blinded", "start": start.isoformat()})
    assert response.status_code == 302, response.content.decode()[:500]
    html = client.get(response["Location"]).content.decode()
    link = re.search(r'id="helper-link" type="text" readonly value="([^"]+)"', html)
    code = re.search(r'id="helper-code">([^<]+)<', html)
    assert link and code
    return Trial.objects.get(active=True), {"link": link.group(1), "code": code.group(1)}


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def _move(time_machine: Any, day: dt.date) -> None:
    time_machine.move_to(
        dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo("Europe/Copenhagen"))
    )


def test_a_blinded_trial_cannot_start_in_the_past_but_an_open_baseline_can(alice_client):
    refused = alice_client.post(
        "/trial/start/", {"kind": "blinded", "start": (TODAY - dt.timedelta(days=1)).isoformat()}
    )
    assert refused.status_code == 200 and not Trial.objects.exists()
    assert "Et blindet forsøg begynder i aften eller senere" in refused.content.decode()
    ok = alice_client.post(
        "/trial/start/", {"kind": "open", "start": (TODAY - dt.timedelta(days=14)).isoformat()}
    )
    assert ok.status_code == 302 and Trial.objects.get().start == TODAY - dt.timedelta(days=14)


def test_the_helper_page_shows_the_allocation_labels_and_guide_in_the_helpers_language(
    alice_client, alice
):
    trial, keys = _start(alice_client)
    allocation = allocation_from_dict(trial.sealed.allocation)
    helper = Client()
    page = helper.get(_path(keys["link"]))
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert page["Referrer-Policy"] == "same-origin"
    html = page.content.decode()
    rows = re.findall(r"<tr><td>(\d[AB])</td>.*?<td class=\"content\">(\w+)</td>", html)
    expected = [
        (f"{p.pair}{jar}", c.capitalize())
        for p in allocation.pairs[:3]
        for jar, c in zip("AB", p.order, strict=True)
    ]
    assert rows == expected
    assert "mikrokrystallinsk cellulose" in html and "E 460" in html
    assert "(21 + 2)" not in html and "<td>46</td>" in html  # (21 nights + 2 spare) × 2 capsules
    helper.post("/language/", {"language": "en", "next": _path(keys["link"])})
    english = helper.get(_path(keys["link"])).content.decode()
    assert "microcrystalline cellulose" in english and "Jar labels (PDF)" in english
    # The short code, typed as read aloud (lower case, spaces), opens the same page.
    typed = helper.post("/helper/", {"code": keys["code"].lower().replace("-", " ")})
    assert typed.status_code == 302
    assert helper.get(typed["Location"]).status_code == 200
    assert HelperLink.objects.get().secret_hash not in (keys["link"], keys["code"])


def test_a_revoked_or_replaced_link_stops_working(alice_client):
    trial, keys = _start(alice_client)
    helper = Client()
    alice_client.post(f"/trial/{trial.pk}/helper/", {"action": "new"})
    assert helper.get(_path(keys["link"])).status_code == 404
    html = alice_client.get(f"/trial/{trial.pk}/helper/").content.decode()
    new = re.search(r'id="helper-link" type="text" readonly value="([^"]+)"', html)
    assert new and helper.get(_path(new.group(1))).status_code == 200
    alice_client.post(f"/trial/{trial.pk}/helper/", {"action": "revoke"})
    assert helper.get(_path(new.group(1))).status_code == 404
    assert helper.post("/helper/", {"code": keys["code"]}).status_code == 400


def test_helper_lookups_are_rate_limited_per_address(alice_client):
    _trial, keys = _start(alice_client)
    helper = Client()
    for _ in range(HELPER_LOOKUPS):
        assert helper.get("/helper/not-a-key/").status_code == 404
    assert helper.get(_path(keys["link"])).status_code == 429
    assert helper.post("/helper/", {"code": keys["code"]}).status_code == 429


def _participant_files(client: Client, trial: Trial) -> dict[str, bytes]:
    from krampe.web.plans.models import CalendarFeed

    client.get("/plan/")  # makes the calendar feed
    feed = CalendarFeed.objects.get(revoked_at__isnull=True)
    urls = [
        "/home/", "/plan/", "/log/", "/results/", "/summary/", "/data/",
        f"/trial/{trial.pk}/helper/", "/data/diary.csv", "/data/krampe.json", "/data/fhir.json",
        "/plan/calendar.ics", f"/calendar/{feed.token}.ics",
    ]  # fmt: skip
    out = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        out[url] = CSRF.sub(rb"\1", body)
    return out


def test_nothing_the_person_sees_or_exports_holds_or_depends_on_the_allocation(
    alice_client, alice, time_machine
):
    noon = dt.datetime.combine(TODAY, dt.time(12), tzinfo=ZoneInfo("Europe/Copenhagen"))
    time_machine.move_to(noon, tick=False)  # the exports are stamped: compare like with like
    trial, _keys = _start(alice_client)
    for day in range(3):
        Night.objects.create(
            user=alice, date=TODAY + dt.timedelta(days=day - 3), cramps=1, worst_pain=3
        )
    alice_client.post("/log/", night_form(TODAY - dt.timedelta(days=0), cramps="2", note="fint"))
    record = SealedAllocation.objects.get(trial=trial)
    allocation = allocation_from_dict(record.allocation)
    before = _participant_files(alice_client, trial)
    for url, raw in before.items():
        assert b'seed": 4' not in raw and b'"salt"' not in raw, url
        for pair in allocation.pairs:
            assert pair.salt.encode() not in raw, url
    export = json.loads(before["/data/krampe.json"])
    (stored,) = export["trials"]
    assert {p["phase"] for p in stored["design"]["periods"]} == {None}
    assert stored["design"]["seed"] is None and stored["design"]["seal"]["revealed"] == []
    assert stored["design"]["seal"]["commitment"] and "allocation" not in json.dumps(export)
    assert b"placebo" not in before["/data/diary.csv"].lower()
    assert b"placebo" not in before["/data/fhir.json"].lower()
    assert b"placebo" not in before["/plan/calendar.ics"].lower()
    # Flip every pair in the sealed record: no page or file of the person changes.
    flipped = {
        **record.allocation,
        "pairs": [
            {**p, "first": p["second"], "second": p["first"]} for p in record.allocation["pairs"]
        ],
    }
    SealedAllocation.objects.filter(pk=record.pk).update(allocation=flipped)
    assert _participant_files(alice_client, trial) == before


def _finish(alice: Any, trial: Trial) -> None:
    for day in range(126):
        date = trial.start + dt.timedelta(days=day)
        Night.objects.create(
            user=alice,
            date=date,
            cramps=(day * 5) % 3,
            worst_pain=4 if (day * 5) % 3 else None,
            took_dose=True,
        )


def _check(periods: int = 6, guess: str = "magnesium") -> dict[str, str]:
    return {
        **{f"period_{p}": guess if p % 2 else "placebo" for p in range(1, periods + 1)},
        "certainty": "fairly_sure",
    }


def test_unblinding_after_the_blinding_check_shows_the_seal_check_and_bangs_index(
    alice_client, alice, time_machine
):
    trial, _keys = _start(alice_client)
    code = trial.design["seal"]["code"]
    _finish(alice, trial)
    _move(time_machine, trial.start + dt.timedelta(days=126))
    alice_client.force_login(alice)  # the session of eighteen weeks ago has expired
    page = alice_client.get("/results/").content.decode()
    assert "Hvilke perioder tror du var magnesium?" in page and code in page
    response = alice_client.post(f"/trial/{trial.pk}/unblind/", _check(), follow=True)
    html = response.content.decode()
    assert "Forseglingen er tjekket" in html and code in html
    assert "Holdt blindingen?" in html and "Bangs blindingsindeks" in html
    trial.refresh_from_db()
    assert trial.unblinded_at is not None and trial.blinding_check["certainty"] == "fairly_sure"
    allocation = allocation_from_dict(trial.sealed.allocation)
    assert [r["salt"] for r in trial.design["seal"]["revealed"]] == [
        p.salt for p in allocation.pairs[:3]
    ]
    summary = alice_client.get("/summary/").content.decode()
    assert 'id="sum-blinding"' in summary and "Bang" in summary


def test_a_tampered_stored_allocation_is_caught_at_unblinding(alice_client, alice, time_machine):
    trial, _keys = _start(alice_client)
    _finish(alice, trial)
    record = SealedAllocation.objects.get(trial=trial)
    pairs = record.allocation["pairs"]
    pairs[1] = {**pairs[1], "first": pairs[1]["second"], "second": pairs[1]["first"]}
    SealedAllocation.objects.filter(pk=record.pk).update(
        allocation={**record.allocation, "pairs": pairs}
    )
    _move(time_machine, trial.start + dt.timedelta(days=126))
    alice_client.force_login(alice)  # the session of eighteen weeks ago has expired
    response = alice_client.post(f"/trial/{trial.pk}/unblind/", _check())
    assert response.status_code == 409
    html = response.content.decode()
    assert "Forseglingen passer ikke" in html and "par 2" in html
    trial.refresh_from_db()
    assert trial.unblinded_at is None and {p["phase"] for p in trial.design["periods"]} == {None}
    assert not Night.objects.filter(phase__in=["magnesium", "placebo"]).exists()


def test_every_text_of_a_blinded_trial_speaks_of_capsules_from_the_periods_jar(alice_client, alice):
    from krampe.web.plans.models import SupplementPlan

    SupplementPlan.objects.create(
        user=alice, product="citrate", elemental_mg_per_tablet=100, daily_mg=200
    )
    _start(alice_client)
    plan = alice_client.get("/plan/").content.decode()
    dose = plan.split('id="dose-title"', 1)[1].split("</ul>", 1)[0]
    assert "2 kapsler fra glasset for den periode, du er i (nu glas 1A)" in dose
    assert "tablet" not in dose and " mg" not in dose
    ics = alice_client.get("/plan/calendar.ics").content.decode()
    summaries = re.findall(r"SUMMARY:(.*)", ics)
    assert "Forsøgskapsler: 2 kapsler fra glas 1A\r" in summaries
    assert "Forsøgskapsler: 2 kapsler fra glas 3B\r" in summaries
    assert not any("tablet" in s or "Magnesium" in s for s in summaries)
    log = alice_client.get("/log/").content.decode()
    assert "Tog kapslerne fra glasset for denne periode" in log and "Tog aftenens dosis" not in log
    assert "tag dine kapsler fra glas 1a" in log.lower()


def _red_flag_night(alice: Any, date: dt.date, note: str) -> None:
    Night.objects.create(user=alice, date=date, cramps=1, worst_pain=3, note=note)


def test_each_check_during_the_trial_prompts_and_only_a_red_flag_pauses_reminders(
    alice_client, alice, time_machine
):
    from krampe.web.plans.models import SupplementPlan

    SupplementPlan.objects.create(
        user=alice, product="citrate", elemental_mg_per_tablet=100, daily_mg=200
    )
    trial, _keys = _start(alice_client)
    start = trial.start
    counts = [1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 8, 9, 8]
    for i, c in enumerate(counts):
        side = "diarrhea" if i >= len(counts) - 3 else "none"
        Night.objects.create(
            user=alice, date=start + dt.timedelta(days=i), cramps=c, worst_pain=5, side_effect=side
        )
    _move(time_machine, start + dt.timedelta(days=len(counts)))
    alice_client.force_login(alice)
    home = alice_client.get("/home/").content.decode()
    assert "Flere kramper end før" in home and "Diarré flere nætter i træk" in home
    assert "spørg ikke din hjælper" in home  # the blinded wording, no content named
    assert "RRULE" in alice_client.get("/plan/calendar.ics").content.decode()  # not paused
    _red_flag_night(alice, start + dt.timedelta(days=len(counts)), "Læggen er hævet og rød")
    log = alice_client.get("/log/").content.decode()
    assert "Mulig blodprop eller infektion i benet" in log and "»hævet«" in log
    assert "Krampe har sat dine påmindelser på pause" in log
    paused = alice_client.get("/plan/calendar.ics").content.decode()
    assert "RRULE" not in paused and "BEGIN:VEVENT" in paused  # the dates stay, no reminders
    alice_client.post(f"/trial/{trial.pk}/reminders/resume/", {"next": "/home/"})
    assert "RRULE" in alice_client.get("/plan/calendar.ics").content.decode()
    assert "Mulig blodprop" not in alice_client.get("/home/").content.decode()


def _unblinded(alice_client, alice, time_machine) -> Any:
    """alice's blinded trial, finished and unblinded after the blinding check."""
    trial, _keys = _start(alice_client)
    _finish(alice, trial)
    _move(time_machine, trial.start + dt.timedelta(days=126))
    alice_client.force_login(alice)  # the session of eighteen weeks ago has expired
    alice_client.post(f"/trial/{trial.pk}/unblind/", _check())
    return trial


def _swap_first_pair(trial) -> None:
    """Change the stored, revealed design without a save through the app (so the
    diary's version stays): the first pair's contents swapped."""
    trial.refresh_from_db()
    periods = [dict(p) for p in trial.design["periods"]]
    periods[0]["phase"], periods[1]["phase"] = periods[1]["phase"], periods[0]["phase"]
    Trial.objects.filter(pk=trial.pk).update(design={**trial.design, "periods": periods})


def test_a_seal_broken_after_unblinding_shows_no_result_kept_from_before(
    alice_client, alice, time_machine
):
    trial = _unblinded(alice_client, alice, time_machine)
    assert "Forseglingen er tjekket" in alice_client.get("/results/").content.decode()
    _swap_first_pair(trial)
    html = alice_client.get("/results/").content.decode()
    assert "Forseglingen af dit blindede forsøg passer ikke" in html
    assert "Forseglingen er tjekket" not in html
    assert "Holdt blindingen?" not in html


def test_a_seal_broken_after_unblinding_leaves_no_comparison_in_the_summary(
    alice_client, alice, time_machine
):
    trial = _unblinded(alice_client, alice, time_machine)
    assert 'id="sum-blinding"' in alice_client.get("/summary/").content.decode()
    _swap_first_pair(trial)
    html = alice_client.get("/summary/").content.decode()
    assert "Forseglingen af dit blindede forsøg passer ikke" in html
    assert 'id="sum-blinding"' not in html
