"""The doctor summary in a real browser: the page, then the PDF download."""

import re
from pathlib import Path

from playwright.sync_api import expect

HEADER = "date,phase,cramps,worst_pain,awakenings,took_dose,stretched,side_effect,note\n"


def test_doctor_summary_page_and_pdf(server, page, axe, sign_up):
    sign_up(page, server, f"summary-{page.viewport_size['width']}")
    # A few nights through the import, so the summary has a diary to show.
    page.goto(server + "/data/")
    rows = "".join(
        f"2025-01-{day:02d},baseline,{day % 3},{4 if day % 3 else ''},0,0,0,none,\n"
        for day in range(6, 16)
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
