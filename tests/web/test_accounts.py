import pytest
from django.contrib.auth import get_user_model
from django.http import HttpRequest

pytestmark = pytest.mark.django_db

PASSWORD = "calf-stretch-2026"


def sign_up(client, username="karen"):
    return client.post(
        "/signup/", {"username": username, "password1": PASSWORD, "password2": PASSWORD}
    )


def test_welcome_is_public_and_home_needs_login(client):
    assert client.get("/").status_code == 200
    response = client.get("/home/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_sign_up_logs_the_person_in_and_shows_the_recovery_codes_first(client):
    response = sign_up(client)
    assert response.status_code == 302 and response["Location"] == "/account/recovery-codes/"
    assert get_user_model().objects.filter(username="karen").exists()
    assert client.get("/home/").status_code == 200


def test_sign_up_with_mismatched_passwords_shows_the_error_and_keeps_the_name(client):
    response = client.post(
        "/signup/", {"username": "karen", "password1": PASSWORD, "password2": "other-pass-99"}
    )
    assert response.status_code == 200
    assert not get_user_model().objects.exists()
    assert 'value="karen"' in response.content.decode()


def test_log_out_and_log_in_again(client):
    sign_up(client)
    assert client.post("/logout/").status_code == 302
    assert client.get("/home/").status_code == 302
    response = client.post("/login/", {"username": "karen", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/home/").status_code == 200


def test_wrong_password_does_not_log_in(client):
    sign_up(client)
    client.post("/logout/")
    response = client.post("/login/", {"username": "karen", "password": "not-it-at-all"})
    assert response.status_code == 200
    assert client.get("/home/").status_code == 302


def test_change_password(client):
    sign_up(client)
    response = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "new-secret-night-7",
            "new_password2": "new-secret-night-7",
        },
    )
    assert response.status_code == 302
    client.post("/logout/")
    assert client.login(request=HttpRequest(), username="karen", password="new-secret-night-7")


def test_production_settings_hash_passwords_with_argon2():
    from django.test import override_settings

    from krampe.web import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        user = get_user_model().objects.create_user("argon", password="pw-argon-2026")
        assert user.password.startswith("argon2$argon2id$")
        assert user.check_password("pw-argon-2026")
