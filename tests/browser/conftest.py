"""Browser tests: Debian's Chromium driven by Playwright against `krampe serve`."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from _support import krampe_server, unavailable

CHROMIUM = os.environ.get("KRAMPE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


class Server(str):
    """The server's base URL, which also knows its data directory."""

    data_dir: Path


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real `krampe serve` process on a fresh data directory (SQLite)."""
    # Every browser test signs up from 127.0.0.1: lift the per-address sign-up limit.
    env = {"KRAMPE_SIGNUPS_PER_HOUR": "1000"}
    with krampe_server(tmp_path_factory.mktemp("browser-data"), env) as running:
        url = Server(running.url)
        url.data_dir = running.data_dir
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(params=["phone", "desktop"])
def page(request: pytest.FixtureRequest, browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    viewport = PHONE if request.param == "phone" else DESKTOP
    context = browser.new_context(viewport=viewport, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Whatever a test does, the page must not run into the Content-Security-Policy.
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert violations == [], f"Content-Security-Policy violations: {violations}"


def assert_accessible(page) -> None:  # type: ignore[no-untyped-def]
    """axe-core finds no serious or critical violation on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]
    assert bad == [], f"{page.url}: " + "; ".join(bad)


@pytest.fixture
def axe():  # type: ignore[no-untyped-def]
    return assert_accessible


def _sign_up(page, server: str, username: str, password: str = "night-calf-2026") -> None:  # type: ignore[no-untyped-def]
    """Create an account through the form, pass the recovery codes, land on the overview."""
    page.goto(server + "/signup/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password1").fill(password)
    page.locator("#id_password2").fill(password)
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url("**/account/recovery-codes/")
    page.locator("#recovery-codes + p + .actions a.primary").click()
    page.wait_for_url("**/home/")


@pytest.fixture
def sign_up():  # type: ignore[no-untyped-def]
    """``sign_up(page, server, username)``: a new account, logged in, on the overview."""
    return _sign_up
