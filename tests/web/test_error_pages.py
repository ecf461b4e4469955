"""Krampe's own error pages: plain words in the person's language, no detail, no traceback."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_404_says_what_happened_in_danish(client):
    answer = client.get("/no-such-page/")
    assert answer.status_code == 404
    assert "Siden findes ikke" in answer.content.decode()


def test_500_is_a_plain_page_without_the_detail(django_user_model, monkeypatch):
    from krampe.web.core import views

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail of the failure")

    monkeypatch.setattr(views, "render", broken)
    client = Client(raise_request_exception=False)
    erik = django_user_model.objects.create_user("erik", password="x-2026-night", language="en")
    client.force_login(erik)
    answer = client.get("/home/")
    assert answer.status_code == 500
    text = answer.content.decode()
    assert "Something went wrong" in text
    assert "secret detail" not in text and "Traceback" not in text


def test_a_forged_post_gets_the_expired_form_page(django_user_model):
    client = Client(enforce_csrf_checks=True)
    answer = client.post("/login/", {"username": "a", "password": "b"})
    assert answer.status_code == 403
    assert "Formularen er udløbet" in answer.content.decode()


def test_400_for_a_host_the_app_does_not_answer_to(client):
    answer = client.get("/", HTTP_HOST="evil.example")
    assert answer.status_code == 400
    assert "Forkert forespørgsel" in answer.content.decode()
