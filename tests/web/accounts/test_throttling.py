"""Throttling knows that names are case-insensitive, and covers the ways back in."""

import pytest
from django.conf import settings
from django.test import override_settings

from _accounts import PASSWORD, logs_in, text

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.7"


def test_varying_the_case_of_the_name_buys_no_more_guesses(client, mette):
    for typed in ("Mette", "mette", "METTE", "mEtte", "meTTe"):
        client.post("/login/", {"username": typed, "password": "wrong-1"}, REMOTE_ADDR=ADDRESS)
    right = client.post("/login/", {"username": "MeTtE", "password": PASSWORD}, REMOTE_ADDR=ADDRESS)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_on_the_account_page_count_and_are_not_stored(client, mette):
    from axes.models import AccessAttempt

    logs_in(client, "mette", PASSWORD)
    for _ in range(3):
        client.post(
            "/account/email/",
            {"email-email": "x@example.dk", "email-password": "secret-guess-a"},
            REMOTE_ADDR=ADDRESS,
        )
    for _ in range(2):
        answer = client.post(
            "/account/recovery-codes/new/",
            {"codes-password": "secret-guess-b"},
            REMOTE_ADDR=ADDRESS,
        )
    assert answer.status_code == 429
    stored = " ".join(a.post_data for a in AccessAttempt.objects.all())
    assert AccessAttempt.objects.exists()
    assert "secret-guess" not in stored


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/account/forgot/", {"email": "mette@example.dk"}),
        ("/account/forgot/code/", {"username": "mette", "code": "2222-3333-4444"}),
    ],
)
def test_forgot_password_tries_are_limited_per_address(client, mette, url, data):
    with override_settings(RATE_LIMITS={**settings.RATE_LIMITS, "reset": (3, 3600)}):
        answers = [client.post(url, data, REMOTE_ADDR=ADDRESS) for _ in range(4)]
    assert 429 not in [a.status_code for a in answers[:3]]  # the first three are answered
    assert answers[3].status_code == 429
    assert "Vent lidt" in text(answers[3])
