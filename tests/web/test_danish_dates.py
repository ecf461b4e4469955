"""Dates and numbers as Danes write them where a person reads them: the overview, the
results page (its table and its chart), the calendar file; English in English
conventions. (The summary PDF's text is checked in reports/test_summary_for_the_doctor.)
"""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest
from icalendar import Calendar

from _web import TODAY, night_form
from krampe.domain.trial.design import build_design
from krampe.web.diary import services as diary_services
from web.plans.test_plans import _form as plan_form

pytestmark = pytest.mark.django_db
DANISH_MONTH = (
    r"(januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)"
)
DANISH_SHORT = r"(jan\.|feb\.|marts|april|maj|juni|juli|aug\.|sept\.|okt\.|nov\.|dec\.)"
ENGLISH_MONTH = (
    r"\b(January|February|March|April|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"
)
DANISH_DAY = rf"\d{{1,2}}\. {DANISH_SHORT} \d{{4}}"


def _open_trial_with_nights(client, user, days_back: int = 40) -> None:  # type: ignore[no-untyped-def]
    start = TODAY - dt.timedelta(days=days_back)
    diary_services.create_trial(user, build_design("open", start))
    for offset in range(days_back):
        day = start + dt.timedelta(days=offset)
        client.post("/log/", night_form(day, cramps=str(offset % 3), worst_pain="4"))


def test_the_overview_in_danish(alice_client):
    alice_client.post("/trial/start/", {"kind": "stretching", "start": TODAY.isoformat()})
    html = alice_client.get("/home/").content.decode()
    assert "tirsdag den 10. marts" in html
    assert not re.search(ENGLISH_MONTH, html)
    assert not re.search(r"\b2026-03-10\b", html.split("<main", 1)[1].split("</main>")[0])


def test_the_overview_in_english(bob_client):
    bob_client.post("/trial/start/", {"kind": "stretching", "start": TODAY.isoformat()})
    html = bob_client.get("/home/").content.decode()
    assert "Tuesday 10 March" in html
    assert "10. March" not in html  # no Danish ordinal dot in English


def _chart_texts(html: str) -> str:
    uris = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert uris, "no chart on the page"
    svgs = [base64.b64decode(uri).decode("utf-8") for uri in uris]
    return " ".join(t for svg in svgs for t in re.findall(r">([^<>]+)</text>", svg))


def test_the_results_page_in_danish(alice_client, alice):
    _open_trial_with_nights(alice_client, alice)
    html = alice_client.get("/results/").content.decode()
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    week_starts = re.findall(r"<tr><td>([^<]+)</td>", table)
    assert week_starts and all(re.fullmatch(rf"\d{{1,2}}\. {DANISH_SHORT}", w) for w in week_starts)
    assert re.search(r"<td>\d,\d</td>", table)  # cramps per night with a decimal comma
    summary = html.split('class="phase-summary">', 1)[1].split("</p>", 1)[0]
    assert re.fullmatch(r"Før \(udgangspunkt\): \d,\d kramper pr\. nat( · [^:]+: \d,\d)+", summary)
    texts = _chart_texts(html)
    assert re.search(rf"\b\d{{1,2}}\. {DANISH_SHORT} 2026 ", texts)  # the first night
    assert "marts" in texts
    assert not re.search(ENGLISH_MONTH, texts)


def test_the_results_page_in_english(bob_client, bob):
    _open_trial_with_nights(bob_client, bob)
    html = bob_client.get("/results/").content.decode()
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    week_starts = re.findall(r"<tr><td>([^<]+)</td>", table)
    assert week_starts and all(re.fullmatch(r"\d{1,2} (Jan|Feb|Mar)", w) for w in week_starts)
    assert re.search(r"<td>\d\.\d</td>", table)
    texts = _chart_texts(html)
    assert re.search(r"\b\d{1,2} (Jan|Feb) 2026 ", texts) and "Mar" in texts


def test_the_calendar_file_in_danish(alice_client, alice):
    alice_client.post("/plan/", plan_form())
    diary_services.create_trial(alice, build_design("open", TODAY, 42))
    calendar = Calendar.from_ical(alice_client.get("/plan/calendar.ics").content)
    events = list(calendar.walk("VEVENT"))
    texts = [str(e.get("SUMMARY", "")) + " " + str(e.get("DESCRIPTION", "")) for e in events]
    spans = [t for t in texts if "Hver dag fra" in t]
    assert spans
    for text in spans:
        assert re.search(rf"Hver dag fra {DANISH_DAY} til {DANISH_DAY}\.", text), text
    joined = " ".join(texts)
    assert not re.search(ENGLISH_MONTH, joined)
    assert not re.search(r"\b\d+\.\d+ mg\b", joined)  # a decimal comma, if any


def test_the_calendar_file_in_english(bob_client, bob):
    bob_client.post("/plan/", plan_form())
    diary_services.create_trial(bob, build_design("open", TODAY, 42))
    calendar = Calendar.from_ical(bob_client.get("/plan/calendar.ics").content)
    texts = " ".join(str(e.get("DESCRIPTION", "")) for e in calendar.walk("VEVENT"))
    day = r"\d{1,2} (Jan|Feb|Mar|Apr|May) 2026"
    assert re.search(rf"Every day from {day} to {day}\.", texts)
    assert not re.search(DANISH_MONTH, texts)
