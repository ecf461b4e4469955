"""Onboarding in a real browser: the profile form, medicine autocomplete, the screening result."""

import re

from playwright.sync_api import expect


def test_healthy_forty_year_old_is_ok_and_sees_the_next_steps(server, page, axe, sign_up):
    sign_up(page, server, f"healthy-{page.viewport_size['width']}")
    page.get_by_role("link", name="Dit helbred og din medicin").click()
    expect(page).to_have_url(re.compile(r"/profile/$"))
    axe(page)

    page.get_by_label("Alder").fill("40")
    page.get_by_label("Mand").check()
    page.get_by_label("Cirka hvor mange kramper har du om ugen?").fill("3")
    # Each name shows what it was recognised as while typing (HTMX + the API).
    page.get_by_label("Medicin 1").press_sequentially("Eltroxin", delay=30)
    expect(page.locator("#med-status-0")).to_have_text("Genkendt som levothyroxin (H03AA01)")
    page.get_by_role("button", name="Tilføj endnu en medicin").click()
    page.get_by_label("Medicin 2").press_sequentially("xyzzyq", delay=30)
    expect(page.locator("#med-status-1")).to_contain_text("Ikke genkendt")
    page.get_by_label("Medicin 2").fill("")
    axe(page)
    page.get_by_role("button", name="Gem og se resultatet").click()

    expect(page).to_have_url(re.compile(r"/profile/screening/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Resultatet af dit tjek")
    expect(page.locator(".summary-box")).to_contain_text("Du kan prøve magnesium")
    expect(page.locator(".seek-care")).to_have_count(0)
    expect(page.get_by_text("Eltroxin — genkendt som levothyroxin (H03AA01)")).to_be_visible()
    axe(page)


def test_leg_swelling_shows_seek_care_now_first_and_no_plan(server, page, axe, sign_up):
    sign_up(page, server, f"redflag-{page.viewport_size['width']}")
    page.goto(server + "/profile/")
    page.get_by_label("Alder").fill("58")
    page.get_by_label("Kvinde").check()
    page.get_by_label("Hævelse, rødme eller varme i benet").check()
    page.get_by_role("button", name="Gem og se resultatet").click()

    expect(page).to_have_url(re.compile(r"/profile/screening/$"))
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Søg hjælp nu")
    expect(alert).to_contain_text("Ring 112 ved livsfare")
    expect(alert).to_contain_text("1813 i Region Hovedstaden")
    # The urgent box comes before everything else on the page.
    first = page.locator("main h2").first
    expect(first).to_have_text("Søg hjælp nu")
    expect(page.get_by_text("Mulig blodprop eller infektion i benet")).to_be_visible()
    expect(page.locator('main a[href="/plan/"]')).to_have_count(0)
    expect(page.get_by_role("link", name="Lav din plan")).to_have_count(0)
    axe(page)
