"""The diet wizard in a real browser: one food group a screen, large choices, then the result."""

import re

from playwright.sync_api import expect

from krampe.knowledge import ffq

QUESTIONS = ffq.questionnaire()


def answer_screen(page, frequency: str, per_day: str) -> None:
    for item in QUESTIONS.items_in(_current_group(page)):
        section = page.locator(f"section[aria-labelledby='item-{item.id}']")
        if item.ask == "frequency":
            section.get_by_label(frequency, exact=True).check()
        else:
            section.get_by_label(per_day, exact=True).check()


def _current_group(page) -> str:
    title = page.get_by_role("heading", level=1).inner_text()
    return next(g.id for g in QUESTIONS.groups if g.title.da == title)


def test_diet_wizard_through_to_the_result(server, page, axe, sign_up):
    sign_up(page, server, f"eater-{page.viewport_size['width']}")
    page.get_by_role("link", name="Din kost").click()
    expect(page).to_have_url(re.compile(r"/diet/$"))
    axe(page)
    page.get_by_label("Alder").fill("45")
    page.get_by_label("Kvinde").check()
    page.get_by_label("Nøddeallergi (også peanuts)").check()
    page.get_by_role("button", name="Start").click()

    steps = len(QUESTIONS.groups)
    for n in range(1, steps + 1):
        expect(page).to_have_url(re.compile(rf"/diet/step/{n}/$"))
        expect(page.get_by_text(f"Trin {n} af {steps}")).to_be_visible()
        answer_screen(page, frequency="1 gang om ugen", per_day="2")
        if n == 1:
            axe(page)
        if n == 2:
            # Back keeps what was answered on this screen and the one before.
            page.get_by_role("button", name="Tilbage").click()
            expect(page).to_have_url(re.compile(r"/diet/step/1/$"))
            first = QUESTIONS.items_in(QUESTIONS.groups[0].id)[0]
            expect(
                page.locator(f"section[aria-labelledby='item-{first.id}']").get_by_label(
                    "1 gang om ugen", exact=True
                )
            ).to_be_checked()
            page.get_by_role("button", name="Næste").click()
            expect(page).to_have_url(re.compile(r"/diet/step/2/$"))
        if n == steps:
            axe(page)
            page.get_by_role("button", name="Se resultatet").click()
        else:
            page.get_by_role("button", name="Næste").click()

    expect(page).to_have_url(re.compile(r"/diet/result/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Magnesium fra din kost")
    expect(page.locator(".intake h2")).to_have_text(re.compile(r"Cirka \d+ mg om dagen"))
    expect(page.get_by_text("Referenceindtag for dig: 300 mg om dagen.")).to_be_visible()
    chart = page.get_by_role("img", name=re.compile("Søjlediagram"))
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.naturalWidth") > 0  # the SVG really draws
    expect(page.locator("table.contributors tbody tr").first).to_be_visible()
    expect(page.get_by_text("En blodprøve afspejler kroppens magnesium dårligt")).to_be_visible()
    expect(page.locator(".gap")).to_contain_text("under referencen")
    expect(page.locator(".suggestions li").first).to_be_visible()
    expect(page.locator(".suggestions")).not_to_contain_text("Mandler")
    axe(page)
