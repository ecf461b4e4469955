"""Results in a real browser: a trial started two weeks ago, its nights, the chart and its table."""

import datetime as dt
import re

from playwright.sync_api import expect

from _support import server_today
from krampe.domain.trial.svg_chart import FONT, WIDTH


def _post_nights(page, server: str, start: dt.date, nights: int) -> None:  # type: ignore[no-untyped-def]
    """Log nights through the same form a person uses (quicker than clicking each one)."""
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    for offset in range(nights):
        cramps = (offset * 7) % 4
        response = page.request.post(
            server + "/log/",
            form={
                "csrfmiddlewaretoken": token,
                "date": (start + dt.timedelta(days=offset)).isoformat(),
                "cramps": str(cramps),
                "worst_pain": "5" if cramps else "",
                "awakenings": "1" if cramps else "0",
                "took_dose": "no",
                "stretched": "no",
                "side_effect": "none",
                "note": "",
            },
        )
        assert response.ok


def test_results_show_the_chart_its_table_and_the_verdict(server, page, axe, sign_up):
    sign_up(page, server, f"results-{page.viewport_size['width']}")
    page.goto(server + "/results/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dine resultater")
    axe(page)

    page.goto(server + "/trial/start/")
    axe(page)
    # The server's day, which in Copenhagen can be a day ahead of UTC.
    start = server_today() - dt.timedelta(days=13)
    page.locator('label[for="id_kind_0"]').click()  # open-label magnesium
    page.locator("#id_start").fill(start.isoformat())
    page.get_by_role("button", name="Start forsøget").click()
    expect(page).to_have_url(re.compile(r"/home/$"))
    expect(page.locator(".trial-status")).to_contain_text("Nat 14 af 63")
    axe(page)

    _post_nights(page, server, start, 13)
    page.get_by_role("link", name="Resultater").first.click()
    expect(page).to_have_url(re.compile(r"/results/$"))
    chart = page.locator("img.chart").first
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("alt", re.compile(r"\S"))
    assert page.evaluate("document.querySelector('img.chart').naturalWidth") > 0  # it decoded
    expect(page.locator(".phase-summary")).to_contain_text("kramper pr. nat")
    # The charts' text is FONT units in a WIDTH-unit drawing: drawn at least 12 px high.
    size = page.viewport_size
    for viewport in (size, {"width": 320, "height": 700}):  # the narrowest phone too
        page.set_viewport_size(viewport)
        widths = page.evaluate("[...document.querySelectorAll('img.chart')].map(i => i.width)")
        assert len(widths) == 2  # cramps, and dose and side effects week by week
        for width in widths:
            assert FONT * width / WIDTH >= 12, (width, viewport)
    page.set_viewport_size(size)
    expect(page.get_by_role("heading", name="Hvad din dagbog siger")).to_be_visible()
    expect(page.locator(".verdict")).to_contain_text("for få nætter")
    expect(page.locator("table").first.locator("tbody tr")).to_have_count(2)
    axe(page)
