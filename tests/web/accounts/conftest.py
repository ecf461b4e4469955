"""Named people for the account tests."""

import pytest

from _accounts import codes_shown, sign_up


@pytest.fixture
def mette(client):
    """Mette signed up (in Danish, with an e-mail address), then logged out; her codes."""
    sign_up(client, "Mette", email="mette@example.dk")
    codes = codes_shown(client)
    client.post("/logout/")
    return codes
