"""Helpers for the account tests (importable as ``_accounts``)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

PASSWORD = "calf-stretch-2026"
NEW_PASSWORD = "night-sleep-4711"
CODE = re.compile(r"<code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</code>")


def sign_up(client, username="Mette", email="", password=PASSWORD):
    return client.post(
        "/signup/",
        {"username": username, "password1": password, "password2": password, "email": email},
    )


def codes_shown(client) -> list[str]:
    """The recovery codes on the page shown right after they were made."""
    return CODE.findall(client.get("/account/recovery-codes/").content.decode())


def text(response) -> str:
    return response.content.decode()


class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inputs: dict[str, dict[str, str | None]] = {}

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        named = dict(attrs)
        if tag == "input" and named.get("name"):
            self.inputs[str(named["name"])] = named


def inputs(response) -> dict[str, dict[str, str | None]]:
    """The attributes of each named <input> on the page, by name."""
    parser = _Inputs()
    parser.feed(text(response))
    return parser.inputs


def logs_in(client, username: str, password: str) -> bool:
    """Log in through the form, as a person does (the lockout sees the request)."""
    response = client.post("/login/", {"username": username, "password": password})
    return response.status_code == 302
