"""Every page fits a phone: 320, 390 and 430 px wide, in Danish and in English, axe clean.

One browser and one server for the whole module, one browser context per width. The
accounts are `krampe demo` accounts (eight weeks of diary, a medicine, a plan), one per
language, with the diet questionnaire answered and a blinded demo for the helper pages.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest

from _support import WALKTHROUGH_MEDICINES, clean_env

from .conftest import assert_accessible

WIDTHS = (320, 390, 430)
LANGS = ("da", "en")
PASSWORD = "layout-calf-2026"
GUEST_PAGES = (
    "/",
    "/login/",
    "/signup/",
    "/account/forgot/",
    "/no-such-page/",
)
PAGES = (
    "/home/",
    "/more/",
    "/profile/",
    "/profile/screening/",
    "/diet/",
    "/diet/step/1/",
    "/diet/result/",
    "/plan/",
    "/log/",
    "/results/",
    "/trial/start/",
    "/summary/",
    "/data/",
    "/data/delete/",
    "/learn/",
    "/learn/evidence/",
    "/learn/magnesium-forms/",
    "/learn/foods/",
    "/learn/medicines/",
    "/learn/strategies/",
    "/learn/see-a-doctor/",
    "/account/",
    "/account/password/",
    "/offline/",
    "/offline/log/",
)
# The two long reference tables (over 100 rows) take axe 10-20 s each; their markup is
# the same at every phone width, so axe checks them at 390 px, in both languages.
AXE_AT_390 = ("/learn/foods/", "/learn/medicines/")
# English that once showed in the Danish interface.
ENGLISH_IN_DANISH = ("Krampe convention", "seed article", "Health check", "Your plan")
# What overflows, named for the failure message: visible elements reaching past the screen.
WIDE = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) {
      const name = typeof el.className === 'string' && el.className
        ? '.' + el.className.split(' ').join('.') : '';
      wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + name
        + ' ' + Math.round(box.right) + 'px');
    }
  }
  // A box that scrolls sideways hides part of what it holds (a table's columns).
  const hidden = [];
  for (const el of document.querySelectorAll('main *')) {
    const style = getComputedStyle(el);
    const scrolls = ['auto', 'scroll', 'hidden'].includes(style.overflowX);
    if (scrolls && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 1
        && !['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)) {
      hidden.push(el.tagName.toLowerCase() + '.' + el.className + ' '
        + el.scrollWidth + '>' + el.clientWidth);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 6), hidden};
}"""


def _demo(server, username: str, lang: str, trial: str = "open") -> None:  # type: ignore[no-untyped-def]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "krampe",
            "demo",
            "--username",
            username,
            "--password",
            PASSWORD,
            "--lang",
            lang,
            "--trial",
            trial,
        ],
        env=clean_env(KRAMPE_DATA_DIR=str(server.data_dir)),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _log_in(page, server: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto(server + "/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/home/")


def _answer_diet(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """Through the questionnaire: the default answers, the middle one where there is none."""
    page.goto(server + "/diet/")
    page.locator("main form button.primary").click()
    for _ in range(12):
        page.wait_for_load_state()
        if page.url.rstrip("/").endswith("/diet/result"):
            return
        for radio in page.locator("input[type=radio]").all():
            name = radio.get_attribute("name")
            if name and not page.locator(f"input[name='{name}']:checked").count():
                choices = page.locator(f"input[name='{name}']")
                choices.nth(choices.count() // 2).check()
        page.locator("main form button.primary").click()
    raise AssertionError(f"the questionnaire did not end: {page.url}")


@pytest.fixture(scope="module")
def accounts(server, browser) -> Iterator[dict[str, str]]:  # type: ignore[no-untyped-def]
    users = {lang: f"layout-{lang}" for lang in LANGS}
    for lang, username in users.items():
        _demo(server, username, lang)
    _demo(server, "layout-blind", "da", trial="blinded")
    context = browser.new_context()
    page = context.new_page()
    for username in users.values():
        _log_in(page, server, username)
        _answer_diet(page, server)
    # The walkthrough's long medicine list, which once widened the doctor summary.
    _log_in(page, server, users["da"])
    token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    form = [("csrfmiddlewaretoken", token), ("age", "62"), ("sex", "female")]
    form += [("medicines", name) for name in WALKTHROUGH_MEDICINES]
    response = page.request.post(
        server + "/profile/",
        data=urlencode(form),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.ok
    context.close()
    yield users


def _check(page, path: str, problems: list[str]) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(page.server + path)
    assert response is not None
    if response.status >= 500:
        problems.append(f"{path}: HTTP {response.status}")
        return
    fit = page.evaluate(WIDE)
    label = f"{page.viewport_size['width']} px {page.lang} {path}"
    if fit["scroll"] > fit["width"]:
        problems.append(f"{label}: {fit['scroll']} px wide on {fit['width']} px; {fit['wide']}")
    if fit["hidden"]:
        problems.append(f"{label}: content cut off in a sideways-scrolling box: {fit['hidden']}")
    if page.lang == "da":
        text = page.locator("body").inner_text()
        english = [phrase for phrase in ENGLISH_IN_DANISH if phrase in text]
        if english:
            problems.append(f"{label}: English in the Danish page: {english}")
    if path in AXE_AT_390 and page.viewport_size["width"] != 390:
        return
    try:
        assert_accessible(page)
    except AssertionError as error:
        problems.append(f"{label}: {error}")


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_the_phone_and_passes_axe(server, browser, accounts, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.server = server
    problems: list[str] = []
    for lang in LANGS:
        page.lang = lang
        context.clear_cookies()
        context.add_cookies([{"name": "django_language", "value": lang, "url": server}])
        for path in GUEST_PAGES:
            _check(page, path, problems)
        _log_in(page, server, accounts[lang])
        night = page.goto(server + "/log/") and page.locator("table.nights a").first
        for path in (*PAGES, night.get_attribute("href")):
            _check(page, path, problems)
    page.lang = "da"
    _log_in(page, server, "layout-blind")
    for path in ("/plan/", "/results/", "/home/"):
        _check(page, path, problems)
    page.goto(server + "/plan/")
    _check(page, page.locator("a[href$='/helper/']").first.get_attribute("href"), problems)
    context.close()
    assert problems == [], "\n".join(problems)


def _box(locator) -> dict[str, float]:  # type: ignore[no-untyped-def]
    box = locator.bounding_box()
    assert box is not None, locator
    return box


def test_the_phone_has_a_bottom_bar_and_the_desktop_a_top_menu(server, browser, accounts):
    phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = phone.new_page()
    _log_in(page, server, accounts["da"])
    bar = page.locator("nav.tabbar")
    assert bar.get_by_role("link").all_inner_texts() == ["I dag", "Dagbog", "Resultater", "Mere"]
    for link in bar.get_by_role("link").all():
        box = _box(link)
        assert box["height"] >= 44 and box["width"] >= 44, box
    assert _box(bar)["y"] + _box(bar)["height"] == 844  # at the bottom of the screen
    assert page.locator("header.site nav.menu").is_hidden()
    # Compact: one 44 px row (under 8 % of the screen; it took a fifth before).
    assert _box(page.locator("header.site"))["height"] <= 0.08 * 844
    marked = {"/home/": "I dag", "/log/": "Dagbog", "/results/": "Resultater", "/plan/": "Mere"}
    for path, name in marked.items():
        page.goto(server + path)
        assert bar.locator("[aria-current]").all_inner_texts() == [name], path
    # The nightly log's save button is in the form's flow: it covers no other control.
    page.goto(server + "/log/")
    save = page.locator(".save-bar button")
    for y in (0, 400, 800):
        page.evaluate(f"window.scrollTo(0, {y})")
        covered = page.evaluate(
            """(save) => { const s = save.getBoundingClientRect();
                 const controls = 'main a, main button, main input, main label';
                 return [...document.querySelectorAll(controls)]
                   .filter((el) => el !== save && !save.contains(el) && !el.contains(save))
                   .filter((el) => { const r = el.getBoundingClientRect();
                     return r.width > 1 && r.height > 1 && r.left < s.right && r.right > s.left
                       && r.top < s.bottom && r.bottom > s.top; })
                   .map((el) => el.outerHTML.slice(0, 80)); }""",
            save.element_handle(),
        )
        assert covered == [], covered
    phone.close()

    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desktop.new_page()
    _log_in(page, server, accounts["en"])
    assert page.locator("nav.tabbar").is_hidden()
    menu = page.locator("header.site nav.menu")
    assert menu.is_visible()
    assert {"Today", "Log", "Results", "Your plan", "Health check", "Learn", "More"} <= set(
        menu.get_by_role("link").all_inner_texts()
    )
    page.goto(server + "/plan/")
    assert menu.locator('[aria-current="page"]').all_inner_texts() == ["Your plan"]
    desktop.close()
