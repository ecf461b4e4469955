"""Behind a TLS-terminating proxy: a browser's login POST succeeds, cookies are Secure, and
the lockout and the log see the client's address, not the proxy's."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from http.cookies import SimpleCookie

import pytest

from _support import krampe_server
from security.conftest import HttpClient

pytestmark = pytest.mark.own_server

SITE = "https://krampe.example.dk"
PROXIED = {
    "Host": "krampe.example.dk",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-For": "203.0.113.9",
}


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    env = {"KRAMPE_SITE_URL": SITE, "KRAMPE_BEHIND_PROXY": "true"}
    with krampe_server(tmp_path_factory.mktemp("proxied"), env) as running:
        yield running


def _cookies(answer) -> dict[str, str]:  # type: ignore[no-untyped-def]
    jar: SimpleCookie = SimpleCookie()
    for value in answer.set_cookies:
        jar.load(value)
    return {key: morsel.value for key, morsel in jar.items()}


def _login(client: HttpClient, username: str, password: str):  # type: ignore[no-untyped-def]
    form = client.request("GET", "/login/", headers=PROXIED)
    assert form.status == 200, form.status
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token
    cookies = _cookies(form)
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
    ).encode()
    headers = {
        **PROXIED,
        "Origin": SITE,
        "Referer": SITE + "/login/",
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
    }
    return form, client.request("POST", "/login/", body, headers)


def _sign_up(proxied, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    # Straight to the database of the running server: this test is about logging in.
    import sqlite3

    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from krampe.web.accounts.usernames import username_key

    db = sqlite3.connect(proxied.data_dir / "krampe.sqlite3")
    with db:
        db.execute(
            "INSERT INTO accounts_user (password, is_superuser, username, username_key,"
            " first_name, last_name, email, is_staff, is_active, date_joined, language)"
            " VALUES (?, 0, ?, ?, '', '', '', 0, 1, '2026-12-01 08:00:00', 'en')",
            (
                PBKDF2PasswordHasher().encode(password, "proxytestsalt"),
                username,
                username_key(username),
            ),
        )
    db.close()


def test_login_post_behind_the_proxy_succeeds_with_secure_cookies(proxied):
    _sign_up(proxied, "pia", "calf-night-2026")
    client = HttpClient(proxied.url)
    form, answer = _login(client, "pia", "calf-night-2026")
    assert answer.status == 302, answer.text[:500]
    assert answer.headers["Location"] == "/home/"
    lines = form.set_cookies + answer.set_cookies
    assert {"csrftoken", "sessionid"} <= {line.split("=", 1)[0] for line in lines}
    assert all("; Secure" in line for line in lines), lines
    assert "max-age=31536000" in answer.headers["Strict-Transport-Security"]
    session = _cookies(answer)["sessionid"]
    home = client.request("GET", "/home/", headers={**PROXIED, "Cookie": f"sessionid={session}"})
    assert home.status == 200


def test_plain_http_through_the_proxy_is_redirected_to_https(proxied):
    answer = HttpClient(proxied.url).request(
        "GET", "/login/", headers={**PROXIED, "X-Forwarded-Proto": "http"}
    )
    assert answer.status == 301
    assert answer.headers["Location"] == SITE + "/login/"


def test_the_calendar_feed_link_uses_the_site_address(proxied):
    _sign_up(proxied, "feed-owner", "calf-night-2026")
    client = HttpClient(proxied.url)
    _, answer = _login(client, "feed-owner", "calf-night-2026")
    session = _cookies(answer)["sessionid"]
    page = client.request("GET", "/plan/", headers={**PROXIED, "Cookie": f"sessionid={session}"})
    assert page.status == 200
    assert re.search(r'value="https://krampe\.example\.dk/calendar/[^"]+\.ics"', page.text)
    assert re.search(r'href="webcal://krampe\.example\.dk/calendar/[^"]+\.ics"', page.text)
    assert "http://krampe.example.dk" not in page.text


def test_failed_logins_are_logged_with_the_client_address_not_the_proxys(proxied):
    client = HttpClient(proxied.url)
    _, answer = _login(client, "nobody-here", "wrong-password-1")
    assert answer.status == 200  # the form again, with the generic message
    assert "login failed: user 'nobody-here' from 203.0.113.9" in proxied.log()
