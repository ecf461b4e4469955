"""Password reset by e-mail: Django's token link, in the person's language, once."""

import re

import pytest
from django.core import mail
from django.test import Client, override_settings

from _accounts import NEW_PASSWORD, PASSWORD, logs_in, text

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/account/reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def people(django_user_model):
    django_user_model.objects.create_user(
        "Mette", email="mette@example.dk", password=PASSWORD, language="da"
    )
    django_user_model.objects.create_user(
        "john", email="john@example.com", password=PASSWORD, language="en"
    )


def ask_for_link(client, email):
    return client.post("/account/forgot/", {"email": email})


def test_the_mail_is_in_the_persons_language_whatever_the_page_language(client, people):
    client.cookies["django_language"] = "da"
    ask_for_link(client, "john@example.com")
    ask_for_link(client, "mette@example.dk")
    english, danish = mail.outbox
    assert english.to == ["john@example.com"]
    assert english.subject == "A new password for Krampe"
    assert "Your user name is john." in english.body
    assert "The link works once, for 72 hours." in english.body
    assert danish.subject == "Ny adgangskode til Krampe"
    assert "Dit brugernavn er Mette." in danish.body
    assert "Linket virker én gang og i 72 timer." in danish.body
    assert danish.from_email == "krampe@localhost"


def test_the_link_sets_a_new_password_once_and_logs_out_other_devices(client, people):
    phone = Client()
    assert logs_in(phone, "mette", PASSWORD)
    ask_for_link(client, "mette@example.dk")
    link = LINK.search(mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert "Vælg en ny adgangskode" in text(form_page)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/account/reset/done/"
    assert "Alle enheder, der var logget ind på din konto, er nu logget ud." in text(
        client.get("/account/reset/done/")
    )
    assert phone.get("/home/").status_code == 302  # the other session ended
    assert logs_in(client, "Mette", NEW_PASSWORD)
    client.logout()
    assert not logs_in(client, "Mette", PASSWORD)

    again = client.get(link, follow=True)
    assert "Linket virker ikke længere" in text(again)
    assert "new_password1" not in text(again)


def test_the_answer_does_not_tell_whether_an_address_has_an_account(client, people):
    known = ask_for_link(client, "mette@example.dk")
    unknown = ask_for_link(client, "nobody@example.dk")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1
    page = text(client.get(known["Location"]))
    assert "Hvis en konto har denne e-mailadresse, er et link" in page


def test_an_address_typed_in_capitals_still_finds_the_account(client, people):
    ask_for_link(client, "METTE@example.dk")
    assert mail.outbox[0].to == ["mette@example.dk"]


def test_a_bad_address_is_refused_on_the_form(client):
    response = ask_for_link(client, "mette@")
    assert response.status_code == 200
    assert "Skriv en e-mailadresse som navn@eksempel.dk." in text(response)


@override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
def test_without_a_mail_server_the_pages_say_so_and_the_mail_goes_to_the_output(
    client, people, capsys
):
    forgot = text(client.get("/account/forgot/"))
    assert "Denne Krampe har ingen mailserver sat op" in forgot
    response = ask_for_link(client, "mette@example.dk")
    sent = text(client.get(response["Location"]))
    assert "Der blev ikke sendt nogen e-mail" in sent
    assert "Tjek din e-mail" not in sent
    assert LINK.search(capsys.readouterr().out)
