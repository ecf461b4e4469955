"""A newcomer's first minute, in a real browser: Danish welcome, English, sign up, out, in."""

import re

from playwright.sync_api import expect


def test_welcome_in_danish_switch_to_english_sign_up_log_out_log_in(server, page, axe):
    username = f"browser-{page.viewport_size['width']}"
    page.goto(server + "/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Natlige benkramper")
    axe(page)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Night leg cramps")

    page.get_by_role("link", name="Get started").click()
    axe(page)
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password", exact=True).fill("night-calf-2026")
    page.get_by_label("Password again").fill("night-calf-2026")
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/account/recovery-codes/$"))
    page.get_by_role("link", name="I have saved them – continue").click()
    expect(page).to_have_url(re.compile(r"/home/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Hello, {username}")

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/$"))

    page.get_by_role("link", name="Log in").first.click()
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill("night-calf-2026")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/home/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
