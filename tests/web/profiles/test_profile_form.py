"""The profile form: it stores a checked Profile and shows each problem at its field."""

import re

import pytest

from krampe.domain.screening import parse_profile
from krampe.knowledge import loaders
from krampe.web.profiles.models import HealthProfile

pytestmark = pytest.mark.django_db

HEALTHY = {"age": "40", "sex": "male", "cramps_per_week": "3"}


def english(client):
    client.post("/language/", {"language": "en", "next": "/"})


def test_profile_and_screening_need_login(client):
    assert client.get("/profile/").status_code == 302
    assert client.get("/profile/screening/").status_code == 302


def test_the_form_lists_symptoms_and_conditions_from_the_knowledge_base_in_danish(
    alice_client, alice
):
    html = alice_client.get("/profile/").content.decode()
    for symptom in loaders.symptoms():
        assert symptom.label.da in html
    for condition in loaders.conditions():
        assert condition.label.da in html
    assert loaders.symptoms()[0].label.en not in html


def test_saving_stores_the_checked_profile_json_and_shows_the_result(alice_client, alice):
    response = alice_client.post(
        "/profile/",
        {
            "age": "67",
            "sex": "female",
            "egfr": "75",
            "conditions": ["thyroid_disease"],
            "symptoms": [],
            "cramps_per_week": "4",
            "medicines": ["Eltroxin", "", "Furix"],
        },
    )
    assert response.status_code == 302 and response["Location"] == "/profile/screening/"
    data = HealthProfile.objects.get(user=alice).data
    assert parse_profile(data).medicines == ["Eltroxin", "Furix"]
    assert data["age"] == 67 and data["egfr"] == 75.0 and data["conditions"] == ["thyroid_disease"]


def test_saving_again_updates_the_one_profile(alice_client, alice):
    alice_client.post("/profile/", HEALTHY)
    alice_client.post("/profile/", {**HEALTHY, "age": "41"})
    assert HealthProfile.objects.filter(user=alice).count() == 1
    assert HealthProfile.objects.get(user=alice).data["age"] == 41


def test_the_stored_profile_fills_the_form_again(alice_client, alice):
    alice_client.post("/profile/", {**HEALTHY, "medicines": ["Eltroxin"], "symptoms": ["fever"]})
    html = alice_client.get("/profile/").content.decode()
    assert 'value="Eltroxin"' in html
    assert 'value="40"' in html
    assert 'value="fever" id="id_symptoms_' in html and "checked" in html


def test_a_domain_error_shows_next_to_its_field_and_keeps_what_was_typed(alice_client, alice):
    english(alice_client)
    response = alice_client.post(
        "/profile/",
        {"age": "52", "sex": "male", "pregnant_weeks": "20", "medicines": ["Eltroxin"]},
    )
    assert response.status_code == 200
    assert not HealthProfile.objects.exists()
    html = response.content.decode()
    errors = re.search(r'id="id_pregnant_weeks_error"[^>]*>(.*?)</ul>', html, re.S)
    assert (
        errors and "Only when sex is female. Leave it empty if you are not pregnant." in errors[1]
    )
    assert 'value="52"' in html and 'value="20"' in html and 'value="Eltroxin"' in html


def test_a_form_error_keeps_the_other_answers_and_stores_nothing(alice_client, alice):
    alice_client.post("/profile/", HEALTHY)
    response = alice_client.post(
        "/profile/", {"age": "300", "sex": "male", "symptoms": ["fever"], "medicines": ["Furix"]}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'id="id_age_error"[^>]*><li>[^<]+120', html)  # the age's own error
    assert 'value="300"' in html and 'value="Furix"' in html
    assert HealthProfile.objects.get(user=alice).data["age"] == 40  # the stored one untouched


def test_a_too_long_medicine_name_is_shown_on_its_own_line(alice_client, alice):
    english(alice_client)
    response = alice_client.post("/profile/", {**HEALTHY, "medicines": ["Furix", "x" * 121]})
    assert response.status_code == 200
    html = response.content.decode()
    second = html.split('id="id_medicine_1"', 1)[1].split("</li>", 1)[0]
    first = html.split('id="id_medicine_0"', 1)[1].split("</li>", 1)[0]
    assert "Enter a name of 1 to 120 characters, without control characters." in second
    assert 'class="errors"' not in first


def test_add_medicine_without_javascript_adds_a_line_and_saves_nothing(alice_client, alice):
    response = alice_client.post(
        "/profile/", {"age": "", "medicines": ["Furix"], "add_medicine": "1"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r'name="medicines" id="id_medicine_(\d+)" value="([^"]*)"', html) == [
        ("0", "Furix"),
        ("1", ""),
    ]
    assert not HealthProfile.objects.exists()
    assert 'class="errors"' not in html


def test_each_typed_medicine_shows_what_it_was_recognised_as(alice_client, alice):
    english(alice_client)
    alice_client.post("/profile/", {**HEALTHY, "medicines": ["Eltroxin", "xyzzyq"]})
    html = alice_client.get("/profile/").content.decode()
    assert "Recognised as levothyroxine (H03AA01)" in html
    assert "Not recognised — check the spelling or ask the pharmacist." in html


def test_the_htmx_row_endpoint_returns_one_numbered_line(alice_client, alice):
    english(alice_client)
    html = alice_client.get("/profile/medicine-row/", {"index": "3"}).content.decode()
    assert 'id="id_medicine_3"' in html and "Medicine 4" in html


def test_the_live_lookup_is_a_web_page_fragment_for_the_typed_name(alice_client):
    english(alice_client)
    html = alice_client.get("/profile/medicine-lookup/", {"medicines": "Eltroxin"}).content.decode()
    assert "Recognised as levothyroxine (H03AA01)" in html
    assert '<datalist id="medicine-options"' in html
    unknown = alice_client.get("/profile/medicine-lookup/", {"medicines": "xyzzyq"})
    assert "Not recognised — check the spelling or ask the pharmacist." in unknown.content.decode()
    assert alice_client.get("/profile/medicine-lookup/", {"medicines": ""}).content == b""
