"""The account page: e-mail address for resets, recovery codes left, a link from Your data."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from _accounts import PASSWORD, logs_in, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, mette):
    logs_in(client, "mette", PASSWORD)
    return client


def test_the_page_shows_the_name_the_address_and_the_codes_left(logged_in):
    page = text(logged_in.get("/account/"))
    assert "Dit brugernavn er <strong>Mette</strong>." in page
    assert "Store og små bogstaver tæller som det samme" in page
    assert "<strong>mette@example.dk</strong>" in page
    assert "Du har 10 ubrugte gendannelseskoder." in page


@override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
def test_the_page_says_when_this_server_sends_no_mail(logged_in):
    assert "Denne Krampe sender ikke e-mail" in text(logged_in.get("/account/"))


def test_the_page_says_nothing_of_the_kind_when_mail_is_sent(logged_in):
    assert "Denne Krampe sender ikke e-mail" not in text(logged_in.get("/account/"))


def test_changing_the_address_needs_the_password(logged_in):
    response = logged_in.post(
        "/account/email/", {"email-email": "new@example.dk", "email-password": "wrong-pass-1"}
    )
    assert response.status_code == 400
    assert "Adgangskoden er forkert." in text(response)
    assert get_user_model().objects.get().email == "mette@example.dk"


def test_change_and_remove_the_address(logged_in):
    response = logged_in.post(
        "/account/email/", {"email-email": "Mette@Post.DK", "email-password": PASSWORD}
    )
    assert response["Location"] == "/account/"
    assert "Din e-mailadresse er gemt: Mette@post.dk." in text(logged_in.get("/account/"))
    assert get_user_model().objects.get().email == "Mette@post.dk"
    logged_in.post("/account/email/", {"email-email": "", "email-password": PASSWORD})
    assert get_user_model().objects.get().email == ""
    assert "Du har ikke angivet en e-mailadresse." in text(logged_in.get("/account/"))


def test_the_page_in_english(logged_in):
    logged_in.post("/language/", {"language": "en", "next": "/account/"})
    page = text(logged_in.get("/account/"))
    assert "Your user name is <strong>Mette</strong>." in page
    assert "You have 10 unused recovery codes." in page


def test_your_data_links_to_the_account_page(logged_in):
    assert 'href="/account/"' in text(logged_in.get("/data/"))


def test_the_account_pages_need_a_login(client):
    for url in ("/account/", "/account/recovery-codes/"):
        assert client.get(url)["Location"].startswith("/login/")


def test_the_export_carries_the_email_address(logged_in):
    payload = json.loads(logged_in.get("/data/krampe.json").content)
    assert payload["user"]["email"] == "mette@example.dk"
