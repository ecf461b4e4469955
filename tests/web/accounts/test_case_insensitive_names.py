"""A person who signs up as "Mette" on an iPhone logs in as "mette"; no case twins."""

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError

from _accounts import PASSWORD, sign_up, text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["mette", "METTE", "mEtTe", "Mette"])
def test_log_in_with_the_name_in_any_case(client, mette, typed):
    response = client.post("/login/", {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/home/").status_code == 200


def test_the_name_is_kept_as_typed(client, mette):
    assert get_user_model().objects.get().username == "Mette"


@pytest.mark.parametrize("other", ["mette", "METTE", "Mette"])
def test_sign_up_refuses_a_name_that_differs_only_in_case(client, mette, other):
    response = sign_up(client, other, password="other-pass-2026")
    assert response.status_code == 200
    assert "Det brugernavn er optaget. Vælg et andet." in text(response)
    assert get_user_model().objects.count() == 1


def test_danish_letters_fold_too_on_every_database(client):
    # SQLite's LIKE and lower() fold only ASCII; the stored key is folded in Python.
    sign_up(client, "Ørsted")
    client.post("/logout/")
    assert sign_up(client, "øRSTED", password="other-pass-2026").status_code == 200
    assert get_user_model().objects.count() == 1
    response = client.post("/login/", {"username": "ØRSTED", "password": PASSWORD})
    assert response.status_code == 302


def test_the_database_refuses_case_twins(django_user_model):
    django_user_model.objects.create_user("Mette", password=PASSWORD)
    with pytest.raises(IntegrityError):
        django_user_model.objects.create_user("mETTE", password=PASSWORD)


def test_a_name_taken_between_check_and_save_is_said_on_the_form(client, monkeypatch):
    sign_up(client, "Mette")
    client.post("/logout/")
    # Two sign-ups at once: both pass the check, the database stops the second.
    monkeypatch.setattr(get_user_model().objects, "name_is_taken", lambda name: False)
    response = sign_up(client, "mette", password="other-pass-2026")
    assert response.status_code == 200
    assert "Det brugernavn er optaget. Vælg et andet." in text(response)
    assert get_user_model().objects.count() == 1


def test_changing_other_fields_keeps_the_key(django_user_model):
    user = django_user_model.objects.create_user("Mette", password=PASSWORD)
    user.language = "en"
    user.save(update_fields=["language"])
    user.refresh_from_db()
    assert user.username_key == "mette"
    user.username = "Mette-Marie"
    user.save(update_fields=["username"])
    user.refresh_from_db()
    assert user.username_key == "mette-marie"
