"""A plan with medicines that need spacing, a blinded trial with the helper's link, the feed."""

import re

from playwright.sync_api import expect


def test_plan_spaces_magnesium_around_ciproxin_and_eltroxin(server, page, axe, sign_up):
    sign_up(page, server, f"plan-{page.viewport_size['width']}")
    page.goto(server + "/plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Din plan")
    axe(page)

    page.locator("#id_elemental_mg_per_tablet").fill("100")
    page.locator("#id_med-0-name").fill("Ciproxin")
    page.locator("#id_med-0-times").fill("08:00, 20:00")
    page.locator("#id_med-1-name").fill("Eltroxin")
    page.locator("#id_med-1-times").fill("7.00")
    page.get_by_role("button", name="Gem og opdatér planen").click()
    expect(page.locator(".messages")).to_contain_text("Din plan er opdateret")
    times = page.locator("ul.times .clock")
    expect(times).to_have_count(1)
    # 2 h after Ciproxin at 20:00 at the earliest; the evening is the preferred time.
    expect(times.first).to_have_text("22:00")
    spacing = page.locator("#your-plan")
    expect(spacing).to_contain_text("Ciproxin: magnesium mindst 2 timer efter")
    expect(spacing).to_contain_text("Eltroxin")
    expect(spacing).to_contain_text("levothyroxin")
    expect(page.locator("#id_med-1-times")).to_have_value("07:00")
    axe(page)

    page.get_by_role("link", name="Vælg et forsøg").click()
    expect(page).to_have_url(re.compile(r"/trial/start/$"))
    axe(page)
    page.locator('label[for="id_kind_1"]').click()  # blinded, against placebo
    page.get_by_role("button", name="Start forsøget").click()
    expect(page).to_have_url(re.compile(r"/trial/\d+/helper/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Din hjælper")
    axe(page)

    # While the trial runs, the result stays hidden.
    page.goto(server + "/results/")
    expect(page.get_by_role("heading", level=2)).to_contain_text("skjult")
    expect(page.locator("img.chart")).to_have_count(0)
    axe(page)

    page.goto(server + "/plan/")
    expect(page.locator("#trial-title")).to_be_visible()
    expect(page.locator("#trial-title + p")).to_contain_text("blindet")
    feed = page.locator("#feed-url")
    old = feed.input_value()
    assert re.match(r"webcal://127\.0\.0\.1:\d+/calendar/[\w-]+\.ics$", old)
    axe(page)
    page.get_by_role("button", name="Lav en ny adresse").click()
    expect(feed).not_to_have_value(old)
    gone = page.request.get(old.replace("webcal://", "http://"))
    assert gone.status == 404
    fresh = page.request.get(feed.input_value().replace("webcal://", "http://"))
    assert fresh.ok and b"BEGIN:VCALENDAR" in fresh.body()
