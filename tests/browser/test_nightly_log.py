"""Logging last night on a phone and a desktop: an error that keeps the input, then an edit."""

import re

from playwright.sync_api import expect


def test_log_last_night_fix_an_error_then_edit_it(server, page, axe, sign_up):
    sign_up(page, server, f"log-{page.viewport_size['width']}")
    axe(page)
    page.get_by_role("link", name="Registrér i nat").first.click()
    expect(page).to_have_url(re.compile(r"/log/\?date=\d{4}-\d\d-\d\d$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hvordan var i nat?")
    axe(page)

    cramps = page.locator("#id_cramps")
    expect(cramps).to_have_value("")  # a new night starts empty, never from another night
    page.get_by_role("button", name="Én krampe mere").click()
    page.get_by_role("button", name="Én krampe mere").click()
    expect(cramps).to_have_value("2")
    page.locator("#id_note").fill("venstre læg")
    page.get_by_role("button", name="Gem natten").click()
    # Cramps without a pain score: the error is shown and nothing typed is lost.
    expect(page.locator(".choices.pain .errors")).to_be_visible()
    expect(cramps).to_have_value("2")
    expect(page.locator("#id_note")).to_have_value("venstre læg")
    axe(page)

    page.locator('label[for="id_worst_pain_6"]').click()
    page.get_by_role("button", name="Gem natten").click()
    expect(page.locator(".messages")).to_contain_text("er gemt")
    rows = page.locator("table.nights tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("2")
    axe(page)

    # Last night is logged: the form shows it; saving again updates, never duplicates.
    expect(cramps).to_have_value("2")
    page.get_by_role("button", name="Én krampe færre").click()
    page.get_by_role("button", name="Gem natten").click()
    expect(page.locator(".messages")).to_contain_text("opdateret")
    expect(rows).to_have_count(1)

    rows.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/log/\d+/$"))
    axe(page)
    page.locator("#id_cramps").fill("4")
    page.get_by_role("button", name="Gem ændringer").click()
    expect(page).to_have_url(re.compile(r"/log/$"))
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").nth(1)).to_have_text("4")
