import pytest
from django.http import HttpRequest

pytestmark = pytest.mark.django_db


def test_danish_is_the_default(client):
    page = client.get("/").content.decode()
    assert '<html lang="da">' in page
    assert "Natlige benkramper" in page


def test_switching_to_english_is_remembered_in_a_cookie(client):
    response = client.post("/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Night leg cramps: find out what helps you" in page


def test_unknown_language_falls_back_to_danish(client):
    client.post("/language/", {"language": "xx", "next": "/"})
    assert '<html lang="da">' in client.get("/").content.decode()


def test_next_url_to_another_site_is_ignored(client):
    response = client.post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_logged_in_persons_language_follows_them_to_another_device(client, django_user_model):
    django_user_model.objects.create_user("lars", password="pw-lars-2026")
    client.login(request=HttpRequest(), username="lars", password="pw-lars-2026")
    client.post("/language/", {"language": "en", "next": "/home/"})
    assert django_user_model.objects.get(username="lars").language == "en"

    from django.test import Client

    phone = Client()  # no language cookie
    phone.post("/login/", {"username": "lars", "password": "pw-lars-2026"})
    assert '<html lang="en">' in phone.get("/home/").content.decode()
