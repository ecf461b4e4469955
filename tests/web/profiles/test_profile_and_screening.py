"""Onboarding: the profile form stores a checked Profile; the screening shows red flags first."""

import types

import pytest
from django.http import HttpResponse
from django.urls import include, path

from krampe.domain.screening import parse_profile
from krampe.knowledge import loaders
from krampe.web.profiles.models import HealthProfile

pytestmark = pytest.mark.django_db

HEALTHY = {"age": "40", "sex": "male", "cramps_per_week": "3"}


@pytest.fixture
def karen(client, django_user_model):
    user = django_user_model.objects.create_user("karen", password="calf-stretch-2026")
    client.force_login(user)
    return user


@pytest.fixture
def with_plan_page(settings):
    """The real URLs plus a `plan` page, so a missing plan link is the page's choice."""
    urlconf = types.ModuleType("urls_with_plan")
    urlconf.urlpatterns = [
        path("plan/", lambda request: HttpResponse("plan"), name="plan"),
        path("", include("krampe.web.urls")),
    ]
    settings.ROOT_URLCONF = urlconf


def english(client):
    client.post("/language/", {"language": "en", "next": "/"})


def test_profile_and_screening_need_login(client):
    assert client.get("/profile/").status_code == 302
    assert client.get("/profile/screening/").status_code == 302


def test_the_form_lists_symptoms_and_conditions_from_the_knowledge_base_in_danish(client, karen):
    html = client.get("/profile/").content.decode()
    for symptom in loaders.symptoms():
        assert symptom.label.da in html
    for condition in loaders.conditions():
        assert condition.label.da in html
    assert loaders.symptoms()[0].label.en not in html


def test_saving_stores_the_checked_profile_json_and_shows_the_result(client, karen):
    response = client.post(
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
    data = HealthProfile.objects.get(user=karen).data
    assert parse_profile(data).medicines == ["Eltroxin", "Furix"]
    assert data["age"] == 67 and data["egfr"] == 75.0 and data["conditions"] == ["thyroid_disease"]


def test_saving_again_updates_the_one_profile(client, karen):
    client.post("/profile/", HEALTHY)
    client.post("/profile/", {**HEALTHY, "age": "41"})
    assert HealthProfile.objects.filter(user=karen).count() == 1
    assert HealthProfile.objects.get(user=karen).data["age"] == 41


def test_the_stored_profile_fills_the_form_again(client, karen):
    client.post("/profile/", {**HEALTHY, "medicines": ["Eltroxin"], "symptoms": ["fever"]})
    html = client.get("/profile/").content.decode()
    assert 'value="Eltroxin"' in html
    assert 'value="40"' in html
    assert 'value="fever" id="id_symptoms_' in html and "checked" in html


def test_a_domain_error_shows_next_to_its_field_and_keeps_what_was_typed(client, karen):
    english(client)
    response = client.post(
        "/profile/",
        {"age": "52", "sex": "male", "pregnant_weeks": "20", "medicines": ["Eltroxin"]},
    )
    assert response.status_code == 200
    assert not HealthProfile.objects.exists()
    form = response.context["form"]
    assert form.errors["pregnant_weeks"] == [
        "Only when sex is female. Leave it empty if you are not pregnant."
    ]
    html = response.content.decode()
    assert 'value="52"' in html and 'value="20"' in html and 'value="Eltroxin"' in html


def test_a_form_error_keeps_the_other_answers_and_stores_nothing(client, karen):
    client.post("/profile/", HEALTHY)
    response = client.post(
        "/profile/", {"age": "300", "sex": "male", "symptoms": ["fever"], "medicines": ["Furix"]}
    )
    assert response.status_code == 200
    assert "age" in response.context["form"].errors
    html = response.content.decode()
    assert 'value="300"' in html and 'value="Furix"' in html
    assert HealthProfile.objects.get(user=karen).data["age"] == 40  # the stored one untouched


def test_a_too_long_medicine_name_is_shown_on_its_own_line(client, karen):
    english(client)
    response = client.post("/profile/", {**HEALTHY, "medicines": ["Furix", "x" * 121]})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows[1].error == "Enter a name of 1 to 120 characters, without control characters."
    assert rows[0].error == ""


def test_add_medicine_without_javascript_adds_a_line_and_saves_nothing(client, karen):
    response = client.post("/profile/", {"age": "", "medicines": ["Furix"], "add_medicine": "1"})
    assert response.status_code == 200
    assert [r.value for r in response.context["rows"]] == ["Furix", ""]
    assert not HealthProfile.objects.exists()
    assert 'class="errors"' not in response.content.decode()


def test_each_typed_medicine_shows_what_it_was_recognised_as(client, karen):
    english(client)
    client.post("/profile/", {**HEALTHY, "medicines": ["Eltroxin", "xyzzyq"]})
    html = client.get("/profile/").content.decode()
    assert "Recognised as levothyroxine (H03AA01)" in html
    assert "Not recognised — check the spelling or ask the pharmacist." in html


def test_the_htmx_row_endpoint_returns_one_numbered_line(client, karen):
    english(client)
    html = client.get("/profile/medicine-row/", {"index": "3"}).content.decode()
    assert 'id="id_medicine_3"' in html and "Medicine 4" in html


def test_screening_without_a_profile_goes_to_the_form(client, karen):
    response = client.get("/profile/screening/")
    assert response.status_code == 302 and response["Location"] == "/profile/"


def test_healthy_profile_is_ok_with_next_steps(client, karen, with_plan_page):
    english(client)
    client.post("/profile/", HEALTHY)
    html = client.get("/profile/screening/").content.decode()
    assert "Nothing here suggests you need a doctor before a magnesium trial" in html
    assert 'href="/plan/"' in html
    assert "Seek care now" not in html


def test_urgent_red_flag_says_seek_care_now_first_and_offers_no_plan(client, karen, with_plan_page):
    english(client)
    client.post("/profile/", {**HEALTHY, "symptoms": ["leg_swelling_redness_warmth"]})
    html = client.get("/profile/screening/").content.decode()
    main = html.split('<main id="main">', 1)[1]
    assert "Seek care now" in main
    assert "Contact your doctor or emergency services now." in main
    flag = next(f for f in loaders.red_flags() if f.code == "possible_dvt")
    assert flag.title.en in main
    assert main.index("Seek care now") < main.index(flag.title.en)
    assert 'href="/plan/"' not in html
    assert "/diet/" not in main


def test_see_doctor_first_lists_what_to_bring_and_offers_no_plan(client, karen, with_plan_page):
    english(client)
    client.post("/profile/", {**HEALTHY, "egfr": "40"})
    html = client.get("/profile/screening/").content.decode()
    assert "Talk to your doctor before you try magnesium" in html
    assert "What to bring to the doctor" in html
    assert 'href="/plan/"' not in html


def test_findings_show_their_triggers_and_sources_in_danish(client, karen):
    client.post("/profile/", {**HEALTHY, "medicines": ["Furix"]})
    html = client.get("/profile/screening/").content.decode()
    assert "Furix" in html
    assert "Kilder" in html  # the sources list of each finding
    assert "furosemid (C03CA01)" in html


def test_another_users_profile_never_shows(client, karen, django_user_model):
    client.post("/profile/", {**HEALTHY, "medicines": ["Eltroxin"], "age": "77"})
    other = django_user_model.objects.create_user("ole", password="calf-stretch-2026")
    client.force_login(other)
    assert client.get("/profile/screening/").status_code == 302
    html = client.get("/profile/").content.decode()
    assert "Eltroxin" not in html and 'value="77"' not in html
