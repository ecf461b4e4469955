"""Recovery codes: shown once, kept hashed, each usable once, replaced from the account page."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _accounts import CODE, NEW_PASSWORD, PASSWORD, codes_shown, logs_in, sign_up, text
from krampe.web.accounts import recovery
from krampe.web.accounts.models import RecoveryCode

pytestmark = pytest.mark.django_db


def use_code(client, code, username="mette", password=NEW_PASSWORD):
    """Forgot password → user name and code → new password; the last response."""
    step1 = client.post("/account/forgot/code/", {"username": username, "code": code})
    if step1.status_code != 302:
        return step1
    assert step1["Location"] == "/account/forgot/new-password/"
    return client.post(step1["Location"], {"new_password1": password, "new_password2": password})


def test_ten_codes_are_shown_once_after_sign_up(client):
    response = sign_up(client)
    assert response["Location"] == "/account/recovery-codes/"
    page = client.get("/account/recovery-codes/")
    assert "no-store" in page["Cache-Control"]
    codes = recovery_codes_in(page)
    assert len(codes) == len(set(codes)) == 10
    again = client.get("/account/recovery-codes/")
    assert recovery_codes_in(again) == []
    assert "Du har 10 ubrugte koder." in text(again)


def recovery_codes_in(response):
    return CODE.findall(text(response))


def test_only_hashes_are_stored(client, mette):
    stored = list(RecoveryCode.objects.all())
    assert len(stored) == 10
    for row in stored:
        assert all(code not in row.code_hash for code in mette)
    assert all(any(recovery.HASHER.verify(c, row.code_hash) for row in stored) for c in mette)


def test_codes_are_hashed_by_the_code_hasher_whatever_hashes_passwords(django_user_model):
    from krampe.web import settings as production

    user = django_user_model.objects.create_user("pbkdf2", password=PASSWORD)
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        recovery.replace_codes(user)
    hashes = RecoveryCode.objects.values_list("code_hash", flat=True)
    assert all(h.startswith("krampe_recovery_pbkdf2_sha256$20000$") for h in hashes)
    assert len({h.split("$")[2] for h in hashes}) == 10  # a salt of its own each


def test_a_code_sets_a_new_password_once(client, mette):
    code = mette[3]
    # Typed by hand from paper: capitals, spaces, the name in another case.
    response = use_code(client, code.upper().replace("-", " "), username="METTE")
    assert response.status_code == 302 and response["Location"] == "/account/reset/done/"
    done = text(client.get("/account/reset/done/"))
    assert "Gendannelseskoden er nu brugt. Du har 9 tilbage." in done
    assert logs_in(client, "mette", NEW_PASSWORD)
    client.logout()

    again = use_code(client, code, password="yet-another-pass-5")
    assert again.status_code == 400
    assert "Brugernavnet og gendannelseskoden passer ikke sammen." in text(again)
    assert logs_in(client, "mette", NEW_PASSWORD)


@pytest.mark.parametrize(
    ("username", "code"),
    [("mette", "2222-3333-4444"), ("nobody", None), ("mette", "not a code"), ("mette", "")],
)
def test_a_wrong_code_or_name_is_refused_with_one_message(client, mette, username, code):
    response = client.post(
        "/account/forgot/code/", {"username": username, "code": mette[0] if code is None else code}
    )
    assert response.status_code == 400
    page = text(response)
    assert (
        "Brugernavnet og gendannelseskoden passer ikke sammen." in page
        or "Skriv en af dine gendannelseskoder." in page
    )
    assert recovery.unused_count(RecoveryCode.objects.first().user) == 10


def errors_on(response) -> list[str]:
    return re.findall(r'class="errors" role="alert">(.*?)</div>', text(response), re.S)


def test_an_unknown_name_and_a_wrong_code_get_the_same_answer(client, mette):
    wrong_code = client.post(
        "/account/forgot/code/", {"username": "mette", "code": "2222-3333-4444"}
    )
    no_account = client.post("/account/forgot/code/", {"username": "nobody", "code": mette[0]})
    assert wrong_code.status_code == no_account.status_code == 400
    assert errors_on(wrong_code) == errors_on(no_account) != []


def test_the_code_is_kept_when_the_new_password_is_refused(client, mette):
    response = use_code(client, mette[0], password="123")
    assert response.status_code == 400
    assert "Denne adgangskode er for kort." in text(response)
    assert recovery.unused_count(RecoveryCode.objects.first().user) == 10
    # The same code still works on a second try.
    assert use_code(client, mette[0])["Location"] == "/account/reset/done/"


def test_a_code_reset_logs_out_every_other_device(client, mette):
    phone = Client()
    assert logs_in(phone, "Mette", PASSWORD)
    assert phone.get("/home/").status_code == 200
    use_code(client, mette[0])
    assert phone.get("/home/").status_code == 302


def test_the_step_after_the_code_expires(client, mette):
    with time_machine.travel(dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC), tick=False) as clock:
        client.post("/account/forgot/code/", {"username": "mette", "code": mette[0]})
        clock.shift(dt.timedelta(minutes=16))
        response = client.post(
            "/account/forgot/new-password/",
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
    assert response["Location"] == "/account/forgot/"
    assert "Begynd forfra" in text(client.get("/account/forgot/"))
    assert not logs_in(Client(), "mette", NEW_PASSWORD)


def test_new_codes_replace_the_old_ones(client, mette):
    logs_in(client, "mette", PASSWORD)
    response = client.post("/account/recovery-codes/new/", {"codes-password": PASSWORD})
    assert response["Location"] == "/account/recovery-codes/"
    fresh = codes_shown(client)
    assert len(fresh) == 10 and not set(fresh) & set(mette)
    client.logout()
    assert use_code(client, mette[0]).status_code == 400
    assert use_code(client, fresh[0])["Location"] == "/account/reset/done/"


def test_new_codes_need_the_password(client, mette):
    logs_in(client, "mette", PASSWORD)
    response = client.post("/account/recovery-codes/new/", {"codes-password": "wrong-one-77"})
    assert response.status_code == 400
    assert "Adgangskoden er forkert." in text(response)
    client.logout()
    assert use_code(client, mette[0])["Location"] == "/account/reset/done/"


def test_a_code_is_used_only_once_even_by_two_requests_at_once(client, mette):
    # Two requests at once both find the code unused before either marks it: the
    # database's conditional update lets only one of them through.
    user = RecoveryCode.objects.first().user
    first, second = (recovery.find_unused(user, mette[0]) for _ in range(2))
    assert first is not None and second is not None and first is not second
    assert recovery.use(first) is True
    assert recovery.use(second) is False
    assert recovery.find_unused(user, mette[0]) is None


# How each character of a code may be typed from paper: as printed, in capitals, with a
# space before it; and each dash as printed, as a space, or left out.
LETTER_FORMS = [str, str.upper, lambda c: f" {c}"]
DASH_FORMS = ["-", " ", ""]


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=0, max_value=2), min_size=14, max_size=14))
def test_a_code_reads_back_however_it_is_typed(forms):
    code = recovery.new_code()
    typed = "".join(
        DASH_FORMS[form] if char == "-" else LETTER_FORMS[form](char)
        for char, form in zip(code, forms, strict=True)
    )
    assert recovery.canonical(typed) == code


@pytest.mark.parametrize(
    "typed", ["", "abcd-efgh-jkm", "abcd-efgh-jkmnp", "0000-1111-oooo", "abcd-efgh-jkm!"]
)
def test_what_cannot_be_a_code_is_not_read_as_one(typed):
    assert recovery.canonical(typed) is None
