"""The nightly log and past nights: one entry per night; a refused night names its field."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from _web import TODAY, night_form
from krampe.web.diary.models import Night

pytestmark = pytest.mark.django_db
YESTERDAY = TODAY - dt.timedelta(days=1)


def test_saving_the_same_night_twice_keeps_one_entry_with_the_new_values(alice_client, alice):
    assert alice_client.post("/log/", night_form(YESTERDAY, cramps="2")).status_code == 302
    # The form shows the stored night (shown): saving it again changes it.
    response = alice_client.post(
        "/log/",
        night_form(YESTERDAY, cramps="5", worst_pain="8", shown=YESTERDAY.isoformat()),
        follow=True,
    )
    saved = Night.objects.get(user=alice)
    assert (saved.cramps, saved.worst_pain) == (5, 8)
    assert "er opdateret." in response.content.decode()


def test_a_night_already_logged_opens_for_editing_instead_of_being_overwritten(alice_client, alice):
    """A new night's form that did not show the stored night never writes over it."""
    assert alice_client.post("/log/", night_form(YESTERDAY, cramps="2")).status_code == 302
    response = alice_client.post("/log/", night_form(YESTERDAY, cramps="5", worst_pain="8"))
    assert response.status_code == 302
    assert response["Location"] == f"/log/?date={YESTERDAY.isoformat()}"
    saved = Night.objects.get(user=alice)
    assert (saved.cramps, saved.worst_pain) == (2, 6)
    page = alice_client.get(response["Location"]).content.decode()
    assert "Natten efter 9. marts 2026 er allerede registreret" in page
    assert re.search(r'name="cramps" value="2"', page)


def _form(page: str) -> str:
    return page.split('class="stack night-form"', 1)[1].split("</form>")[0]


def test_a_new_night_starts_empty_not_from_the_last_logged_values(alice_client):
    """Copying the last night's counts keeps a diary flat and hides change."""
    earlier = YESTERDAY - dt.timedelta(days=3)
    alice_client.post("/log/", night_form(earlier, cramps="3", worst_pain="7", note="calf"))
    form = _form(alice_client.get("/log/").content.decode())
    assert re.search(rf'name="date" value="{YESTERDAY.isoformat()}"', form)
    assert 'name="cramps" value=' not in form
    assert not re.search(r'name="worst_pain"[^>]*checked', form)
    assert "calf" not in form


def test_another_date_chosen_later_does_not_take_the_values_of_the_night_shown(alice_client):
    alice_client.post("/log/", night_form(YESTERDAY, cramps="2", worst_pain="6"))
    before = YESTERDAY - dt.timedelta(days=1)
    form = _form(alice_client.get(f"/log/?date={before.isoformat()}").content.decode())
    assert re.search(rf'name="date" value="{before.isoformat()}"', form)
    assert 'name="cramps" value=' not in form


def test_a_night_already_logged_opens_with_its_own_values(alice_client):
    alice_client.post("/log/", night_form(YESTERDAY, cramps="3", worst_pain="7", note="calf"))
    form = _form(alice_client.get(f"/log/?date={YESTERDAY.isoformat()}").content.decode())
    assert re.search(r'name="cramps" value="3"', form)
    assert re.search(r'name="worst_pain" value="7"[^>]*checked', form)
    assert "calf" in form


def test_a_date_that_has_not_begun_falls_back_to_last_night(alice_client):
    tomorrow = TODAY + dt.timedelta(days=1)
    for asked in (tomorrow.isoformat(), "31-11-2026", "x"):
        form = _form(alice_client.get(f"/log/?date={asked}").content.decode())
        assert re.search(rf'name="date" value="{YESTERDAY.isoformat()}"', form), asked


def test_an_empty_cramp_count_is_refused_with_the_field_named(alice_client):
    response = alice_client.post("/log/", night_form(YESTERDAY, cramps="", worst_pain=""))
    assert response.status_code == 200 and not Night.objects.exists()
    assert re.search(
        r'id="id_cramps_error"[^>]*><li>Dette felt er påkrævet.', response.content.decode()
    )


def test_changing_the_date_of_a_shown_night_never_carries_its_values(alice_client, alice):
    alice_client.post("/log/", night_form(YESTERDAY, cramps="2", worst_pain="6"))
    assert (
        f'name="shown" value="{YESTERDAY.isoformat()}"'
        in alice_client.get("/log/").content.decode()
    )
    before = YESTERDAY - dt.timedelta(days=1)
    response = alice_client.post(
        "/log/", {**night_form(before, cramps="2", worst_pain="6"), "shown": YESTERDAY.isoformat()}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"?date={before}")
    assert not Night.objects.filter(user=alice, date=before).exists()
    assert 'name="cramps" value=' not in _form(
        alice_client.get(response["Location"]).content.decode()
    )


def test_cramps_without_pain_is_an_error_that_keeps_what_was_typed(alice_client):
    response = alice_client.post(
        "/log/", night_form(YESTERDAY, cramps="4", worst_pain="", note="left calf")
    )
    assert response.status_code == 200 and not Night.objects.exists()
    html = response.content.decode()
    assert "Vælg den værste smerte (0–10), når du har haft kramper." in html
    assert 'value="4"' in html and "left calf" in html


def test_a_night_without_cramps_stores_no_pain(alice_client, alice):
    alice_client.post("/log/", night_form(YESTERDAY, cramps="0", worst_pain="6"))
    assert Night.objects.get(user=alice).worst_pain is None


def test_a_night_that_has_not_begun_is_refused_with_the_reason(alice_client):
    response = alice_client.post("/log/", night_form(TODAY + dt.timedelta(days=1)))
    assert response.status_code == 200 and not Night.objects.exists()
    assert "En nat, der ikke er begyndt endnu, kan ikke registreres." in response.content.decode()


def test_too_many_cramps_are_refused_naming_the_limit(alice_client):
    response = alice_client.post("/log/", night_form(YESTERDAY, cramps="21"))
    assert response.status_code == 200 and not Night.objects.exists()
    assert "Denne værdi skal være mindre end eller lig 20." in response.content.decode()


def test_editing_a_past_night_changes_it(alice_client, alice):
    alice_client.post("/log/", night_form(YESTERDAY, cramps="2"))
    night = Night.objects.get(user=alice)
    assert alice_client.get(f"/log/{night.pk}/").status_code == 200
    alice_client.post(f"/log/{night.pk}/", night_form(YESTERDAY, cramps="1", note="better"))
    night.refresh_from_db()
    assert (night.cramps, night.note) == (1, "better")
    assert Night.objects.count() == 1


def test_editing_a_night_onto_another_logged_date_is_refused(alice_client):
    first, second = YESTERDAY - dt.timedelta(days=1), YESTERDAY
    alice_client.post("/log/", night_form(first, cramps="1"))
    alice_client.post("/log/", night_form(second, cramps="3"))
    night = Night.objects.get(date=first)
    response = alice_client.post(f"/log/{night.pk}/", night_form(second, cramps="9"))
    assert response.status_code == 200
    assert "Du har allerede registreret den nat." in response.content.decode()
    assert sorted(Night.objects.values_list("cramps", flat=True)) == [1, 3]
