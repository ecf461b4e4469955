"""Your data in a real browser: export three ways, a bad import, then delete the account."""

import datetime as dt
import json
import re
from pathlib import Path

from playwright.sync_api import expect

from _support import server_today

HEADER = "date,phase,cramps,worst_pain,awakenings,took_dose,stretched,side_effect,note\n"


def _upload(page, text: str) -> None:
    page.locator("#id_diary").set_input_files(
        files=[{"name": "diary.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.locator("form[action='/data/import/'] button[type=submit]").click()


def _download(page, href: str) -> bytes:
    with page.expect_download() as info:
        page.locator(f"a[href='{href}']").click()
    return Path(info.value.path()).read_bytes()


def test_export_import_with_an_error_and_delete_the_account(server, page, axe, sign_up):
    username = f"data-{page.viewport_size['width']}"
    sign_up(page, server, username)
    page.goto(server + "/data/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dine data")
    axe(page)

    # An import with errors: nothing stored, each problem by line and column. The nights
    # are recent ones: a new account's diary reaches back two weeks.
    first = (server_today() - dt.timedelta(days=3)).isoformat()
    second = (server_today() - dt.timedelta(days=2)).isoformat()
    _upload(page, HEADER + f"{first},baseline,1,3,0,0,0,none,\n{second},baseline,-1,,0,0,0,none,\n")
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("Intet blev importeret")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors.locator("tbody tr td").nth(0)).to_have_text("3")
    expect(errors.locator("tbody tr td").nth(1)).to_have_text("3 (cramps)")
    axe(page)
    page.goto(server + "/data/")
    expect(page.locator(".downloads")).to_contain_text("0 nætter")

    # A good file, then the three exports carry it.
    _upload(page, HEADER + f"{first},baseline,2,5,1,0,1,none,venstre læg\n")
    expect(page.locator(".messages")).to_contain_text("1 nye nætter")
    csv_text = _download(page, "/data/diary.csv").decode()
    assert csv_text.splitlines() == [
        HEADER.strip(),
        f"{first},baseline,2,5,1,0,1,none,venstre læg",
    ]
    everything = json.loads(_download(page, "/data/krampe.json"))
    assert everything["user"]["username"] == username
    assert everything["nights"][0]["note"] == "venstre læg"
    bundle = json.loads(_download(page, "/data/fhir.json"))
    assert bundle["resourceType"] == "Bundle"
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Patient", "Observation"]

    # Delete: a confirmation page, then the account is gone and the person logged out.
    page.locator("a[href='/data/delete/']").click()
    expect(page).to_have_url(re.compile(r"/data/delete/$"))
    axe(page)
    page.locator("#id_password").fill("night-calf-2026")
    page.locator("button.danger[type=submit]").click()
    expect(page.locator(".errors")).to_contain_text("Sæt flueben")  # the box was not ticked
    page.locator("#id_confirm").check()
    page.locator("#id_password").fill("night-calf-2026")
    page.locator("button.danger[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(".messages")).to_contain_text("Din konto og alle dens data er slettet")
    axe(page)
    page.goto(server + "/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("night-calf-2026")
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/login/$"))  # the account no longer exists
