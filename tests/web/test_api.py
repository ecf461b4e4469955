"""The medicine look-up API: what a typed name resolves to, 422 with the field on bad input."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_needs_a_session_and_answers_401_without_one():
    from django.test import Client

    response = Client().get("/api/medicines", {"q": "Eltroxin"})
    assert response.status_code == 401


def test_a_brand_name_resolves_to_its_substance_with_candidates(alice_client):
    response = alice_client.get("/api/medicines", {"q": "Eltroxin", "lang": "en"})
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


def test_a_combination_product_is_marked_and_names_its_substances(alice_client):
    body = alice_client.get("/api/medicines", {"q": "Cozaar Comp", "lang": "en"}).json()
    assert body["resolved"]["atc"] == "C09DA01"
    assert body["resolved"]["combination"] is True
    assert body["resolved"]["components"] == ["losartan", "hydrochlorothiazide"]
    # The profile form's own look-up marks the combination among its suggestions.
    alice_client.post("/language/", {"language": "en", "next": "/"})
    html = alice_client.get("/profile/medicine-lookup/", {"medicines": "cozaar co"}).content
    assert "(combination)" in html.decode()


def test_every_suggestion_names_its_substance(alice_client):
    body = alice_client.get("/api/medicines", {"q": "pantopra", "lang": "da"}).json()
    assert body["candidates"]
    assert all(c["substance"] for c in body["candidates"])


def test_a_typo_still_resolves_and_names_the_substance_in_danish(alice_client):
    body = alice_client.get("/api/medicines", {"q": "eltroxn", "lang": "da"}).json()
    assert body["resolved"]["substance"] == "levothyroxin"


def test_the_api_follows_the_language_cookie(alice_client):
    alice_client.post("/language/", {"language": "en", "next": "/"})
    body = alice_client.get("/api/medicines", {"q": "Furix"}).json()
    assert body["resolved"]["substance"] == "furosemide"


def test_an_unknown_name_is_not_resolved(alice_client):
    body = alice_client.get("/api/medicines", {"q": "xyzzyq"}).json()
    assert body["resolved"] is None
    assert body["candidates"] == []


def test_missing_q_is_422_naming_the_field(alice_client):
    response = alice_client.get("/api/medicines")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "q"]


def test_empty_q_and_unknown_language_are_422(alice_client):
    assert alice_client.get("/api/medicines", {"q": ""}).status_code == 422
    response = alice_client.get("/api/medicines", {"q": "Furix", "lang": "de"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "lang"]


def test_an_htmx_request_still_gets_json_never_a_page_fragment(alice_client):
    response = alice_client.get("/api/medicines", {"q": "Eltroxin"}, HTTP_HX_REQUEST="true")
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["resolved"]["atc"] == "H03AA01"
