"""The medicine look-up API: what a typed name resolves to, 422 with the field on bad input."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, django_user_model):
    user = django_user_model.objects.create_user("typist", password="pw-typist-2026")
    client.force_login(user)
    return client


def test_the_api_needs_a_session_and_answers_401_without_one():
    from django.test import Client

    response = Client().get("/api/medicines", {"q": "Eltroxin"})
    assert response.status_code == 401


def test_a_brand_name_resolves_to_its_substance_with_candidates(client):
    response = client.get("/api/medicines", {"q": "Eltroxin", "lang": "en"})
    assert response.status_code == 200
    body = response.json()
    assert body["resolved"] == {
        "name": "Eltroxin",
        "substance": "levothyroxine",
        "atc": "H03AA01",
        "combination": False,
        "components": [],
    }
    assert body["candidates"][0]["atc"] == "H03AA01"
    assert {"name", "substance", "atc", "combination", "components"} == set(body["candidates"][0])


def test_a_combination_product_is_marked_and_names_its_substances(client):
    body = client.get("/api/medicines", {"q": "Cozaar Comp", "lang": "en"}).json()
    assert body["resolved"]["atc"] == "C09DA01"
    assert body["resolved"]["combination"] is True
    assert body["resolved"]["components"] == ["losartan", "hydrochlorothiazide"]
    client.post("/language/", {"language": "en", "next": "/"})
    html = client.get("/api/medicines", {"q": "cozaar co"}, HTTP_HX_REQUEST="true").content
    assert "(combination)" in html.decode()


def test_every_suggestion_names_its_substance(client):
    body = client.get("/api/medicines", {"q": "pantopra", "lang": "da"}).json()
    assert body["candidates"]
    assert all(c["substance"] for c in body["candidates"])


def test_a_typo_still_resolves_and_names_the_substance_in_danish(client):
    body = client.get("/api/medicines", {"q": "eltroxn", "lang": "da"}).json()
    assert body["resolved"]["substance"] == "levothyroxin"


def test_the_api_follows_the_language_cookie(client):
    client.post("/language/", {"language": "en", "next": "/"})
    body = client.get("/api/medicines", {"q": "Furix"}).json()
    assert body["resolved"]["substance"] == "furosemide"


def test_an_unknown_name_is_not_resolved(client):
    body = client.get("/api/medicines", {"q": "xyzzyq"}).json()
    assert body["resolved"] is None
    assert body["candidates"] == []


def test_missing_q_is_422_naming_the_field(client):
    response = client.get("/api/medicines")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "q"]


def test_empty_q_and_unknown_language_are_422(client):
    assert client.get("/api/medicines", {"q": ""}).status_code == 422
    response = client.get("/api/medicines", {"q": "Furix", "lang": "de"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "lang"]


def test_htmx_gets_the_resolution_as_html_for_the_profile_form(client):
    client.post("/language/", {"language": "en", "next": "/"})
    response = client.get("/api/medicines", {"q": "Eltroxin"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Recognised as levothyroxine (H03AA01)" in html
    assert '<datalist id="medicine-options"' in html
    html = client.get("/api/medicines", {"q": "xyzzyq"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Not recognised — check the spelling or ask the pharmacist." in html
