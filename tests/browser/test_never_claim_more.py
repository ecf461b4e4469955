"""Ciproxin without times in a browser: no magnesium time, no reminder; then a compliant one.

The walkthrough's blocker B1: the plan claimed every spacing rule was kept
and the calendar reminded at 21:30 before Ciproxin's times were entered.
"""

import re

from icalendar import Calendar
from playwright.sync_api import expect


def _dose_events(page, server: str) -> list[str]:  # type: ignore[no-untyped-def]
    body = page.request.get(server + "/plan/calendar.ics").body()
    starts = []
    for event in Calendar.from_ical(body).walk("VEVENT"):
        if str(event["SUMMARY"]).startswith("Magnesium"):
            starts.append(event["DTSTART"].dt.strftime("%H:%M"))
    return starts


def test_ciproxin_gets_no_time_until_its_times_are_entered(server, page, axe, sign_up):
    sign_up(page, server, f"cipro-{page.viewport_size['width']}")
    page.goto(server + "/profile/")
    page.get_by_label("Alder").fill("50")
    page.get_by_label("Kvinde").check()
    page.get_by_label("Medicin 1").press_sequentially("Ciproxin", delay=30)
    expect(page.locator("#med-status-0")).to_contain_text("ciprofloxacin")
    page.get_by_role("button", name="Gem og se resultatet").click()
    expect(page).to_have_url(re.compile(r"/profile/screening/$"))

    # A trial, so the calendar would carry dose reminders if there were a time.
    page.goto(server + "/trial/start/")
    page.locator('label[for="id_kind_0"]').click()  # open-label magnesium
    page.get_by_role("button", name="Start forsøget").click()

    page.goto(server + "/plan/")
    plan = page.locator("#your-plan")
    expect(plan.locator(".clock")).to_have_count(0)
    expect(page.locator("#missing-times")).to_contain_text(
        "Skriv, hvornår du tager Ciproxin, før Krampe kan vælge et tidspunkt"
    )
    expect(plan).not_to_contain_text("overholder afstandsreglerne")
    assert _dose_events(page, server) == []
    axe(page)

    page.locator("#id_elemental_mg_per_tablet").fill("100")
    expect(page.locator("#id_med-0-name")).to_have_value("Ciproxin")
    page.locator("#id_med-0-times").fill("08:00, 20:00")
    page.get_by_role("button", name="Gem og opdatér planen").click()
    expect(page.locator(".messages")).to_contain_text("Din plan er opdateret")
    clock = page.locator("ul.times .clock")
    expect(clock).to_have_count(1)
    shown = clock.first.inner_text()
    minute = int(shown[:2]) * 60 + int(shown[3:])
    for taken in (8 * 60, 20 * 60):  # cipro_label_us: 2 h before or 6 h after magnesium
        assert not (taken - 6 * 60 < minute < taken + 2 * 60), shown
    expect(plan).to_contain_text("for den medicin, Krampe kender (Ciproxin)")
    assert _dose_events(page, server) == [shown]
    axe(page)
