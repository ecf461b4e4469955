"""Phone-size screenshots of the main pages into docs/screenshots/.

    .venv/bin/python scripts/screenshots.py [--lang da|en] [--only all|blinded]

Starts `krampe serve` on a throw-away data directory filled by `krampe demo`
(eight weeks of simulated diary data), goes through the diet questionnaire with
its first answers, and photographs each page at 390×844 in Debian's Chromium
(override with KRAMPE_CHROMIUM). A second demo account runs a blinded trial:
its helper link page, the helper's own page (in a browser without a login)
and the first page of the jar labels and of the helper sheet, rendered from
their PDFs with pypdfium2.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("KRAMPE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}
PASSWORD = "demo-calf-2026"
# name, path (after logging in)
PAGES = [
    ("overview", "/home/"),
    ("profile", "/profile/"),
    ("screening", "/profile/screening/"),
    ("diet-result", "/diet/result/"),
    ("plan", "/plan/"),
    ("nightly-log", "/log/"),
    ("results", "/results/"),
    ("doctor-summary", "/summary/"),
    ("your-data", "/data/"),
    ("learn", "/learn/"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("krampe serve stopped")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("krampe serve did not start within a minute")


def _diet(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """Answer the questionnaire with each question's middle choice, up to the result."""
    page.goto(server + "/diet/")
    for _ in range(30):
        if page.url.rstrip("/").endswith("/diet/result"):
            return
        for group in page.locator("input[type=radio]").all():
            name = group.get_attribute("name")
            if name and not page.locator(f"input[name='{name}']:checked").count():
                choices = page.locator(f"input[name='{name}']")
                choices.nth(choices.count() // 2).check()
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_load_state()


def _offline(context, page, server: str) -> None:  # type: ignore[no-untyped-def]
    """The nightly log with no network, from the app shell, with one night queued."""
    page.goto(server + "/log/")
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    context.set_offline(True)
    page.goto(server + "/log/")
    page.locator("#id_cramps").fill("1")
    page.locator("label[for='id_worst_pain_3']").click()
    page.locator(".save-bar button").click()
    page.locator("#queue-status:not([hidden])").wait_for()
    for scheme, suffix in (("light", ""), ("dark", "-dark")):
        page.emulate_media(color_scheme=scheme)
        page.screenshot(path=OUT / f"offline-log{suffix}.png")
        print(f"docs/screenshots/offline-log{suffix}.png")
    context.set_offline(False)


def _pdf_png(pdf: bytes, name: str) -> None:
    import pypdfium2 as pdfium

    first = pdfium.PdfDocument(pdf)[0]
    first.render(scale=1.5).to_pil().save(OUT / f"{name}.png")
    print(f"docs/screenshots/{name}.png")


def _blinded(browser, server: str, locale: str) -> None:  # type: ignore[no-untyped-def]
    """The blinded trial's helper link, the helper's page and its two PDFs."""
    context = browser.new_context(viewport=PHONE, locale=locale, color_scheme="light")
    page = context.new_page()
    page.goto(server + "/login/")
    page.locator("#id_username").fill("demoblind")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/home/")
    page.goto(server + "/plan/")
    page.screenshot(path=OUT / "plan-blinded.png", full_page=True)
    page.locator("a[href$='/helper/']").first.click()
    page.locator("form:has(input[value=new]) button").click()  # a link to pass on, shown once
    page.wait_for_selector("#helper-code")
    page.screenshot(path=OUT / "helper-link.png", full_page=True)
    link = page.locator("#helper-link").input_value()
    helper = browser.new_context(viewport=PHONE, locale=locale, color_scheme="light")
    other = helper.new_page()
    other.goto(link)
    other.screenshot(path=OUT / "helper-page.png", full_page=True)
    _pdf_png(other.request.get(link + "labels.pdf").body(), "helper-labels")
    _pdf_png(other.request.get(link + "sheet.pdf").body(), "helper-sheet")
    for name in ("plan-blinded", "helper-link", "helper-page"):
        print(f"docs/screenshots/{name}.png")
    helper.close()
    context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", choices=("en", "da"), default="da")
    parser.add_argument("--only", choices=("all", "blinded"), default="all")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="krampe-shots-") as data_dir:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KRAMPE_")}
        env.update(KRAMPE_DATA_DIR=data_dir, PYTHONUNBUFFERED="1")
        env.pop("DJANGO_SETTINGS_MODULE", None)
        krampe = [sys.executable, "-m", "krampe"]
        subprocess.run(
            [*krampe, "demo", "--password", PASSWORD, "--lang", args.lang],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        blinded_demo = ["--username", "demoblind", "--trial", "blinded"]
        subprocess.run(
            [*krampe, "demo", *blinded_demo, "--password", PASSWORD, "--lang", args.lang],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        port = _free_port()
        server = f"http://127.0.0.1:{port}"
        process = subprocess.Popen(
            [*krampe, "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait(server, process)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                locale = "en-GB" if args.lang == "en" else "da-DK"
                _blinded(browser, server, locale)
                if args.only == "blinded":
                    browser.close()
                    return 0
                context = browser.new_context(viewport=PHONE, locale=locale, color_scheme="light")
                page = context.new_page()
                page.goto(server + "/")
                page.screenshot(path=OUT / "welcome.png")
                page.goto(server + "/login/")
                page.locator("#id_username").fill("demo")
                page.locator("#id_password").fill(PASSWORD)
                page.locator("main form button[type=submit]").click()
                page.wait_for_url("**/home/")
                _diet(page, server)
                for scheme, suffix in (("light", ""), ("dark", "-dark")):
                    page.emulate_media(color_scheme=scheme)
                    for name, path in PAGES:
                        page.goto(server + path)
                        page.screenshot(path=OUT / f"{name}{suffix}.png")
                        print(f"docs/screenshots/{name}{suffix}.png")
                _offline(context, page, server)
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
