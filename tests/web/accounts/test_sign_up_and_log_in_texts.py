"""Plain Danish and English on the sign-up and log-in forms, and the right phone hints."""

import pytest
from django.contrib.auth import password_validation
from django.contrib.auth.password_validation import (
    CommonPasswordValidator,
    MinimumLengthValidator,
    NumericPasswordValidator,
    UserAttributeSimilarityValidator,
)

from _accounts import PASSWORD, inputs, sign_up, text

pytestmark = pytest.mark.django_db

NAME_HINTS = {"autocapitalize": "none", "autocomplete": "username", "spellcheck": "false"}


def test_sign_up_fields_tell_the_phone_what_they_are(client):
    fields = inputs(client.get("/signup/"))
    assert NAME_HINTS.items() <= fields["username"].items()
    assert fields["password1"]["autocomplete"] == "new-password"
    assert fields["password2"]["autocomplete"] == "new-password"
    assert fields["email"]["autocomplete"] == "email"
    assert fields["email"]["type"] == "email"
    assert "required" not in fields["email"]


def test_log_in_fields_tell_the_phone_what_they_are(client):
    fields = inputs(client.get("/login/"))
    assert NAME_HINTS.items() <= fields["username"].items()
    assert fields["password"]["autocomplete"] == "current-password"


def test_sign_up_speaks_plain_danish(client):
    page = text(client.get("/signup/"))
    assert "Vælg et brugernavn (bogstaver og tal)." in page
    assert "E-mailadresse (frivillig)" in page
    assert "Mindst 8 tegn." in page
    for stock in ("Påkrævet", "@/./+/-/_", "Bekræftelse af adgangskode", "personlige oplysninger"):
        assert stock not in page


def test_sign_up_in_english(client):
    client.cookies["django_language"] = "en"
    page = text(client.get("/signup/"))
    assert "Choose a user name (letters and digits)." in page
    assert "E-mail address (optional)" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": ""}, "Vælg et brugernavn."),
        ({"username": "mette hansen"}, "Et brugernavn kan have bogstaver, tal og tegnene"),
        ({"password2": "something-else-1"}, "De to adgangskoder er ikke ens."),
        ({"email": "mette@"}, "Skriv en e-mailadresse som navn@eksempel.dk."),
    ],
)
def test_sign_up_errors_say_what_to_do(client, data, message):
    form = {"username": "Mette", "password1": PASSWORD, "password2": PASSWORD, "email": ""}
    response = client.post("/signup/", {**form, **data})
    assert response.status_code == 200
    assert message in text(response)


@pytest.mark.parametrize("name", ["Mette", "nobody-here"])
def test_a_wrong_name_and_a_wrong_password_get_one_plain_answer(client, mette, name):
    response = client.post("/login/", {"username": name, "password": "not-the-password"})
    assert response.status_code == 200
    assert "Forkert brugernavn eller adgangskode." in text(response)
    assert "versalfølsomme" not in text(response)


def test_the_wrong_login_message_in_english(client, mette):
    client.cookies["django_language"] = "en"
    response = client.post("/login/", {"username": "Mette", "password": "not-the-password"})
    assert "Wrong user name or password." in text(response)


def test_the_log_in_page_links_to_forgot_password(client):
    assert 'href="/account/forgot/"' in text(client.get("/login/"))
    assert "Glemt adgangskode?" in text(client.get("/login/"))


def test_the_password_help_says_what_the_validators_check():
    # PASSWORD_HELP: "At least 8 characters. Not only digits, not a common password and
    # not like your user name." It must stay true of the configured validators.
    validators = password_validation.get_default_password_validators()
    kinds = {type(v) for v in validators}
    assert kinds == {
        MinimumLengthValidator,
        NumericPasswordValidator,
        CommonPasswordValidator,
        UserAttributeSimilarityValidator,
    }
    assert [v.min_length for v in validators if isinstance(v, MinimumLengthValidator)] == [8]


def test_sign_up_stores_the_email_address_with_a_small_letter_domain(client, django_user_model):
    sign_up(client, "Mette", email="Mette@Example.DK")
    assert django_user_model.objects.get().email == "Mette@example.dk"
