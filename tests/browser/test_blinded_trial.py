"""A blinded trial in real browsers: the participant starts it, the helper opens their
own link in a second browser, nothing of the allocation reaches the participant until
unblinding, the seal check passes, and a tampered stored allocation is caught."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import sqlite3
from pathlib import Path

from playwright.sync_api import expect

from _support import server_today
from krampe.domain.trial.design import design_from_dict, design_to_dict

DAYS = 126  # the default blinded trial: six periods of 21 nights (7 run-in + 14 counted)


def _db(server) -> sqlite3.Connection:  # type: ignore[no-untyped-def]
    return sqlite3.connect(Path(server.data_dir) / "krampe.sqlite3", timeout=10)


def _trial_row(server, username: str) -> tuple[int, dict, dict]:  # type: ignore[no-untyped-def,type-arg]
    with _db(server) as db:
        pk, design = db.execute(
            "SELECT t.id, t.design FROM diary_trial t JOIN accounts_user u ON u.id = t.user_id "
            "WHERE u.username = ? AND t.active",
            (username,),
        ).fetchone()
        (allocation,) = db.execute(
            "SELECT allocation FROM diary_sealedallocation WHERE trial_id = ?", (pk,)
        ).fetchone()
    return pk, json.loads(design), json.loads(allocation)


def _as_if_over(server, pk: int, design: dict) -> None:  # type: ignore[no-untyped-def,type-arg]
    """Move the stored trial 126 nights back, as if the eighteen weeks had passed (the
    server's clock cannot be moved); the seal holds no dates, so it still checks."""
    shift = dt.timedelta(days=DAYS)
    read = design_from_dict(design)
    periods = tuple(
        dataclasses.replace(p, start=p.start - shift, end=p.end - shift) for p in read.periods
    )
    moved = dataclasses.replace(read, start=read.start - shift, periods=periods)
    with _db(server) as db:
        db.execute(
            "UPDATE diary_trial SET design = ? WHERE id = ?",
            (json.dumps(design_to_dict(moved)), pk),
        )


def _start_blinded(page, server, sign_up, name: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    sign_up(page, server, name)
    page.goto(server + "/trial/start/")
    page.locator('label[for="id_kind_1"]').click()  # blinded, against placebo
    page.locator("#id_start").fill(server_today().isoformat())
    page.get_by_role("button", name="Start forsøget").click()
    expect(page).to_have_url(re.compile(r"/trial/\d+/helper/$"))
    return page.locator("#helper-link").input_value(), page.locator("#helper-code").inner_text()


def _participant_files(page, server, pk: int) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    page.goto(server + "/plan/")
    feed = page.locator("#feed-url").input_value().replace("webcal://", "http://")
    pages = [
        "/home/",
        "/plan/",
        "/log/",
        "/results/",
        "/summary/",
        "/data/",
        f"/trial/{pk}/helper/",
    ]
    files = ["/data/diary.csv", "/data/krampe.json", "/data/fhir.json", "/plan/calendar.ics"]
    urls = pages + files
    out = {url: page.request.get(server + url).body() for url in urls}
    out["feed"] = page.request.get(feed).body()
    return out


def test_a_blinded_trial_from_start_to_a_checked_unblinding(server, browser, page, axe, sign_up):
    name = f"blind-{page.viewport_size['width']}"
    link, code = _start_blinded(page, server, sign_up, name)
    seal_code = page.locator("#seal-code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", code)
    axe(page)

    # The helper, in a browser of their own, with no account: allocation and labels.
    helper = browser.new_context(viewport=page.viewport_size, locale="da-DK")
    other = helper.new_page()
    other.goto(link)
    expect(other.get_by_role("heading", level=1)).to_have_text("Til hjælperen")
    rows = other.locator("table.jars tbody tr")
    expect(rows).to_have_count(6)
    shown = {
        rows.nth(i).locator("td").nth(0).inner_text(): rows.nth(i)
        .locator("td.content")
        .inner_text()
        for i in range(6)
    }
    assert sorted(shown) == ["1A", "1B", "2A", "2B", "3A", "3B"]
    assert sorted(shown.values()) == ["Magnesium"] * 3 + ["Placebo"] * 3
    pdf_link = other.get_by_role("link", name="Etiketter til glassene (PDF)")
    expect(pdf_link).to_be_visible()
    labels = other.request.get(server + str(pdf_link.get_attribute("href")))
    assert labels.ok and labels.body().startswith(b"%PDF")
    axe(other)
    other.get_by_role("button", name="English").click()
    expect(other.get_by_role("heading", level=1)).to_have_text("For the helper")
    expect(other.locator("ol.guide")).to_contain_text("microcrystalline cellulose")
    helper.close()

    # The participant's pages and files hold nothing of the allocation.
    pk, design, allocation = _trial_row(server, name)
    salts = [p["salt"].encode() for p in allocation["pairs"]]
    files = _participant_files(page, server, pk)
    for url, raw in files.items():
        assert not any(salt in raw for salt in salts), url
        assert b'class="content"' not in raw, url
    exported = json.loads(files["/data/krampe.json"])
    assert {p["phase"] for p in exported["trials"][0]["design"]["periods"]} == {None}
    for url in ("/data/diary.csv", "/data/fhir.json", "/plan/calendar.ics", "feed"):
        assert b"placebo" not in files[url].lower(), url

    # Twelve weeks later: the blinding check, then the allocation and the seal check.
    _as_if_over(server, pk, design)
    page.goto(server + "/results/")
    expect(
        page.get_by_role("heading", name="Først: Hvilke perioder tror du var magnesium?")
    ).to_be_visible()
    axe(page)
    for period in range(1, 7):
        page.locator(f'label[for="id_period_{period}_2"]').click()  # don't know
    page.locator('label[for="id_certainty_0"]').click()
    page.get_by_role("button", name="Afblind: vis hvilke perioder der var magnesium").click()
    expect(page.locator("#seal-check")).to_contain_text("Forseglingen er tjekket")
    expect(page.locator("#seal-check")).to_contain_text(seal_code)
    expect(page.get_by_role("heading", name="Holdt blindingen?")).to_be_visible()
    held = page.locator("#allocation-title + table tbody tr")
    expect(held).to_have_count(6)
    for i in range(6):
        jar = held.nth(i).locator("td").nth(1).inner_text()
        expect(held.nth(i).locator("td").nth(3)).to_have_text(shown[jar])
    axe(page)


def test_a_tampered_stored_allocation_is_caught_at_unblinding(server, page, sign_up):
    name = f"tamper-{page.viewport_size['width']}"
    _start_blinded(page, server, sign_up, name)
    pk, design, allocation = _trial_row(server, name)
    _as_if_over(server, pk, design)
    second = allocation["pairs"][1]
    second["first"], second["second"] = second["second"], second["first"]
    with _db(server) as db:
        db.execute(
            "UPDATE diary_sealedallocation SET allocation = ? WHERE trial_id = ?",
            (json.dumps(allocation), pk),
        )
    page.goto(server + "/results/")
    for period in range(1, 7):
        page.locator(f'label[for="id_period_{period}_0"]').click()
    page.locator('label[for="id_certainty_2"]').click()
    page.get_by_role("button", name="Afblind: vis hvilke perioder der var magnesium").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forseglingen passer ikke")
    expect(page.locator(".card.urgent")).to_contain_text("par 2")
    page.goto(server + "/results/")
    expect(page.get_by_role("heading", level=2).first).to_contain_text(
        "Dit blindede forsøg er slut"
    )
