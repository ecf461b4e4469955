"""The learn pages in a real browser: every page, and a live food search."""

import re

from playwright.sync_api import expect


def test_learn_pages_and_food_search(server, page, axe, sign_up):
    sign_up(page, server, f"learner-{page.viewport_size['width']}")
    page.goto(server + "/home/")
    # Learn is under "More" on a phone (the bottom bar) and in the desktop's top menu.
    page.get_by_role("link", name="Mere").click()
    expect(page).to_have_url(re.compile(r"/more/$"))
    page.locator("main").get_by_role("link", name=re.compile("^Viden")).click()
    expect(page).to_have_url(re.compile(r"/learn/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Viden")
    axe(page)

    for link, heading in [
        ("Evidensen", "Evidensen"),
        ("Magnesiumformer", "Magnesiumformer"),
        ("Andet, du kan prøve", "Andet, du kan prøve"),
        ("Hvornår du skal til lægen", "Hvornår du skal til lægen"),
    ]:
        page.locator(".learn-nav").get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        axe(page)

    page.locator(".learn-nav").get_by_role("link", name="Magnesium i maden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Magnesium i maden")
    axe(page)
    # Live filtering: typing alone updates the table (no submit).
    page.get_by_label("Søg efter en fødevare").press_sequentially("mandler", delay=20)
    expect(page.locator("#food-results .count")).to_contain_text("passer på “mandler”")
    rows = page.locator("#food-results tbody tr")
    expect(rows.first).to_contain_text("Mandler")
    expect(rows.first).to_contain_text("270")
    axe(page)

    # The plain form post works too (no JavaScript needed for the result).
    page.goto(server + "/learn/foods/?q=rugbrod")
    expect(page.locator("#food-results tbody tr").first).to_contain_text("Rugbrød")
