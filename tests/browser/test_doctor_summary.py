"""The doctor summary in a real browser: the page, then the PDF download."""

import datetime as dt
import re
from pathlib import Path

from playwright.sync_api import expect

from _support import server_today

HEADER = "date,phase,cramps,worst_pain,awakenings,took_dose,stretched,side_effect,note\n"


def test_doctor_summary_page_and_pdf(server, page, axe, sign_up):
    sign_up(page, server, f"summary-{page.viewport_size['width']}")
    # A few nights through the import, so the summary has a diary to show: the ten
    # before last night (a new account's diary reaches back two weeks).
    page.goto(server + "/data/")
    today = server_today()
    rows = "".join(
        f"{(today - dt.timedelta(days=day)).isoformat()},baseline,{day % 3},"
        f"{4 if day % 3 else ''},0,0,0,none,\n"
        for day in range(2, 12)
    )
    page.locator("#id_diary").set_input_files(
        files=[{"name": "d.csv", "mimeType": "text/csv", "buffer": (HEADER + rows).encode()}]
    )
    page.locator("form[action='/data/import/'] button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()

    page.goto(server + "/summary/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("resumé til lægen")
    expect(page.locator("#sum-diary + p")).to_contain_text("10 nætter registreret")
    expect(page.get_by_text("Ingen profil udfyldt endnu.")).to_be_visible()
    axe(page)

    with page.expect_download() as info:
        page.locator("a[href='/summary.pdf']").click()
    download = info.value
    assert re.fullmatch(r"krampe-summary-\d{4}-\d\d-\d\d\.pdf", download.suggested_filename)
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"%PDF")
    assert len(content) > 5_000


# A share sheet the test can see: what navigator.share would hand to the phone.
SHARE_SHEET = """
(() => {
  window.__shared = [];
  navigator.canShare = (data) => Boolean(data && data.files && data.files.length);
  navigator.share = async (data) => {
    const file = data.files[0];
    const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
    window.__shared.push({name: file.name, type: file.type, title: data.title,
                          head: String.fromCharCode(...head)});
  };
})();
"""


def test_the_share_button_appears_only_where_a_pdf_can_be_shared(server, page, sign_up):
    sign_up(page, server, f"share-{page.viewport_size['width']}")
    page.goto(server + "/summary/")
    button = page.locator("[data-share-pdf]")
    # Without a share sheet that takes files (this Chromium has none), only the download.
    expect(button).to_be_hidden()
    expect(page.locator("a[href='/summary.pdf']")).to_be_visible()

    page.context.add_init_script(SHARE_SHEET)
    page.goto(server + "/summary/")
    expect(button).to_be_visible()
    expect(button).to_have_text("Del PDF'en")
    button.click()
    for _ in range(300):  # the PDF is fetched, then shared (polled: the CSP forbids eval)
        if page.evaluate("window.__shared.length"):
            break
        page.wait_for_timeout(100)
    (shared,) = page.evaluate("window.__shared")
    assert shared == {
        "name": "krampe-summary.pdf",
        "type": "application/pdf",
        "title": button.get_attribute("data-share-title"),
        "head": "%PDF",
    }
    assert shared["title"].endswith("til din læge")
