"""A forgotten password on a phone: sign up, codes shown, log out, a code, a new password, in."""

import re

from playwright.sync_api import expect

CODE = re.compile(r"^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$")


def test_sign_up_see_the_codes_log_out_use_a_code_log_in(server, page, axe):
    # Signed up as "Mette-390" (a phone capitalises the first letter), logs in in small letters.
    name = f"Mette-{page.viewport_size['width']}"
    page.goto(server + "/signup/")
    page.get_by_label("Brugernavn").fill(name)
    page.get_by_label("Adgangskode", exact=True).fill("night-calf-2026")
    page.get_by_label("Gentag adgangskoden").fill("night-calf-2026")
    page.get_by_role("button", name="Opret konto").click()

    expect(page).to_have_url(re.compile(r"/account/recovery-codes/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dine gendannelseskoder")
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and all(CODE.match(c) for c in codes)
    axe(page)
    page.get_by_role("link", name="Jeg har gemt dem – fortsæt").click()
    expect(page).to_have_url(re.compile(r"/home/$"))

    page.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.get_by_role("banner").get_by_role("link", name="Log ind").click()
    page.get_by_role("link", name="Glemt adgangskode?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Glemt adgangskode?")
    axe(page)
    page.get_by_label("Brugernavn").fill(name.lower())
    page.get_by_role("textbox", name="Gendannelseskode").fill(codes[4].upper())
    page.get_by_role("button", name="Næste").click()

    expect(page).to_have_url(re.compile(r"/account/forgot/new-password/$"))
    page.get_by_label("Ny adgangskode", exact=True).fill("morning-stretch-88")
    page.get_by_label("Gentag den nye adgangskode").fill("morning-stretch-88")
    page.get_by_role("button", name="Gem den nye adgangskode").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Din nye adgangskode er gemt")
    expect(page.get_by_role("status")).to_contain_text("Du har 9 tilbage.")
    axe(page)
    page.locator("main").get_by_role("link", name="Log ind").click()
    page.get_by_label("Brugernavn").fill(name.lower())
    page.get_by_label("Adgangskode").fill("morning-stretch-88")
    page.get_by_role("button", name="Log ind").click()
    expect(page).to_have_url(re.compile(r"/home/$"))
