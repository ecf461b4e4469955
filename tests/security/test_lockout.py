"""Login throttling: five wrong passwords lock a user name from one address out for an hour,
with a plain message; the password fields of password change and account deletion count too."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

PASSWORD = "calf-night-2026"
WRONG = "not-the-password"


@pytest.fixture
def nina():
    return get_user_model().objects.create_user("nina", password=PASSWORD, language="en")


def _login(client, password, address="198.51.100.7", username="nina"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_out_even_the_right_one(client, nina):
    client.cookies["django_language"] = "en"
    for _ in range(4):
        answer = _login(client, WRONG)
        assert answer.status_code == 200  # the form again
    locked = _login(client, WRONG)
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Too many wrong passwords" in text
    assert "for the next 60 minutes" in text
    assert locked["Retry-After"] == "3600"
    # Now even the right password is refused, and nobody is logged in.
    again = _login(client, PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_message_is_in_danish_too(client, nina):
    for _ in range(5):
        answer = _login(client, WRONG)
    text = answer.content.decode()
    assert answer.status_code == 429
    assert "For mange forkerte adgangskoder" in text
    assert "i de næste 60 minutter" in text


def test_the_lockout_is_per_user_name_and_address(client, nina):
    get_user_model().objects.create_user("olga", password=PASSWORD)
    for _ in range(5):
        _login(client, WRONG)
    # Another address can still log in as nina, and olga is not affected.
    assert _login(client, PASSWORD, address="198.51.100.8").status_code == 302
    client.post("/logout/")
    assert _login(client, PASSWORD, username="olga").status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, nina):
    import time_machine

    with time_machine.travel("2026-12-01 10:00 +0000", tick=False):
        for _ in range(5):
            _login(client, WRONG)
        assert _login(client, PASSWORD).status_code == 429
    with time_machine.travel("2026-12-01 11:01 +0000", tick=False):
        assert _login(client, PASSWORD).status_code == 302


def test_a_right_password_resets_the_count(client, nina):
    for _ in range(4):
        _login(client, WRONG)
    assert _login(client, PASSWORD).status_code == 302
    client.post("/logout/")
    for _ in range(4):
        assert _login(client, WRONG).status_code == 200


def test_wrong_passwords_on_account_deletion_count_and_lock_out(client, nina):
    client.force_login(nina)
    statuses = [
        client.post(
            "/data/delete/", {"confirm": "on", "password": WRONG}, REMOTE_ADDR="198.51.100.7"
        ).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    locked = client.post(
        "/data/delete/", {"confirm": "on", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )
    # Refused before the password is checked: even the right one does not delete.
    assert locked.status_code == 429
    assert get_user_model().objects.filter(username="nina").exists()


def test_wrong_old_passwords_on_password_change_count_and_lock_out(client, nina):
    client.force_login(nina)
    fields = {"new_password1": "fresh-night-2027", "new_password2": "fresh-night-2027"}
    for _ in range(5):
        answer = client.post(
            "/account/password/", {"old_password": WRONG, **fields}, REMOTE_ADDR="198.51.100.7"
        )
    assert answer.status_code == 429
    right = client.post(
        "/account/password/", {"old_password": PASSWORD, **fields}, REMOTE_ADDR="198.51.100.7"
    )
    assert right.status_code == 429
    nina.refresh_from_db()
    assert nina.check_password(PASSWORD)
    # Failures from the three forms add up: this name and address is locked at login too.
    client.post("/logout/")
    assert _login(client, PASSWORD).status_code == 429


def test_no_password_is_stored_with_the_failed_attempts(client, nina):
    from axes.models import AccessAttempt

    client.force_login(nina)
    client.post(
        "/account/password/",
        {"old_password": "old-secret-x", "new_password1": "new-secret-y", "new_password2": "y"},
        REMOTE_ADDR="198.51.100.7",
    )
    _login(client, "login-secret-z")
    stored = " ".join(a.post_data + a.get_data for a in AccessAttempt.objects.all())
    assert AccessAttempt.objects.exists()
    for secret in ("old-secret-x", "new-secret-y", "login-secret-z"):
        assert secret not in stored


def test_failed_logins_and_lockouts_are_logged(client, nina, caplog):
    with caplog.at_level(logging.WARNING, logger="krampe"):
        for _ in range(5):
            _login(client, WRONG)
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("krampe")]
    assert "login failed: user 'nina' from 198.51.100.7 on /login/" in messages
    assert "login locked out: user 'nina' from 198.51.100.7" in messages
    assert all(WRONG not in m for m in messages)
