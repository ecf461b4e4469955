"""Security tests: Django's test client where that is faithful, a real `krampe serve` where
the server process itself (waitress, file modes, memory, SQLite locks) is what is tested."""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from _support import krampe_server


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    set_cookies: list[str]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class HttpClient:
    """A cookie-keeping HTTP client for a real server; it never follows redirects."""

    def __init__(self, base: str, headers: dict[str, str] | None = None) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.headers = dict(headers or {})

    def cookie(self, name: str) -> str:
        for cookie in self.jar:
            if cookie.name == name:
                return str(cookie.value)
        return ""

    def request(
        self,
        method: str,
        path: str,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 60,
    ) -> Answer:
        request = urllib.request.Request(
            self.base + path, data=data, method=method, headers={**self.headers, **(headers or {})}
        )
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return Answer(
                    response.status,
                    dict(response.headers),
                    response.read(),
                    response.headers.get_all("Set-Cookie") or [],
                )
        except urllib.error.HTTPError as error:
            return Answer(
                error.code,
                dict(error.headers),
                error.read(),
                error.headers.get_all("Set-Cookie") or [],
            )

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def csrf(self, path: str) -> str:
        page = self.get(path).text
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def post(self, path: str, fields: dict[str, str], form_page: str | None = None) -> Answer:
        token = self.csrf(form_page or path)
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        return self.request(
            "POST",
            path,
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": self.base + path},
        )

    def upload(
        self, path: str, field: str, filename: str, content: bytes, form_page: str
    ) -> Answer:
        token = self.csrf(form_page)
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{token}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode(),
            content,
            f"\r\n--{boundary}--\r\n".encode(),
        ]
        return self.request(
            "POST",
            path,
            b"".join(parts),
            {
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": self.base + form_page,
            },
            timeout=120,
        )

    def sign_up(self, username: str, password: str = "calf-night-2026") -> None:
        answer = self.post(
            "/signup/", {"username": username, "password1": password, "password2": password}
        )
        assert answer.status == 302, answer.text[:2000]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests with their own server or CLI processes do not use the suite's database: the
    PostgreSQL run (--postgres) skips them, they ran in the SQLite run."""
    for item in items:
        uses_processes = {"live", "proxied", "pg_databases"} & set(
            getattr(item, "fixturenames", ())
        ) or item.get_closest_marker("own_server")
        if uses_processes and config.getoption("--postgres"):
            item.add_marker(pytest.mark.skip(reason="own processes: run in the SQLite run"))


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One real `krampe serve` (SQLite, a fresh data directory) for this package's tests."""
    env = {"KRAMPE_SIGNUPS_PER_HOUR": "1000"}  # these tests sign up many people
    with krampe_server(tmp_path_factory.mktemp("security-data"), env) as running:
        yield running


@pytest.fixture
def http_client():  # type: ignore[no-untyped-def]
    """``http_client(server)``: a fresh cookie jar against a running server."""
    return lambda server, **kw: HttpClient(server.url, **kw)


def _own_rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError(f"no VmRSS for {pid}")


def rss_kib(pid: int) -> int:
    """Resident memory of a server, in KiB (Linux): the process and its workers.

    Under gunicorn the requests run in the worker processes, not in ``pid``.
    """
    with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as listed:
        workers = [int(child) for child in listed.read().split()]
    return _own_rss_kib(pid) + sum(_own_rss_kib(child) for child in workers)


@pytest.fixture
def karen(django_user_model):  # type: ignore[no-untyped-def]
    # Joined eleven years back: the cap tests import ten years of nights, and a diary
    # reaches back only to the account's first day less the trial window.
    return django_user_model.objects.create_user(
        "karen",
        password="calf-stretch-2026",
        language="en",
        date_joined=dt.datetime(2015, 1, 1, tzinfo=dt.UTC),
    )


def joined_long_ago(server: object, username: str) -> None:
    """Move ``username``'s first day on ``server`` back to 2015 (a real server's SQLite
    file), so their diary may hold ten years of nights."""
    import sqlite3

    db = sqlite3.connect(server.data_dir / "krampe.sqlite3")  # type: ignore[attr-defined]
    with db:
        db.execute(
            "UPDATE accounts_user SET date_joined = '2015-01-01 00:00:00' WHERE username = ?",
            (username,),
        )
    db.close()


@pytest.fixture
def logged_in(client, karen):  # type: ignore[no-untyped-def]
    """The test client, logged in as karen, in English."""
    client.force_login(karen)
    return client
