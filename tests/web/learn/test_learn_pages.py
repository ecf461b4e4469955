"""Learn pages: rendered from the knowledge base, in the person's language, with sources."""

import pytest

from krampe.knowledge import loaders

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(alice_client):
    """Learn pages are for people with an account, like every page but the welcome."""
    return alice_client


PAGES = [
    "/learn/",
    "/learn/evidence/",
    "/learn/magnesium-forms/",
    "/learn/foods/",
    "/learn/medicines/",
    "/learn/strategies/",
    "/learn/see-a-doctor/",
]


def english(client):
    client.post("/language/", {"language": "en", "next": "/learn/"})


@pytest.mark.parametrize("url", PAGES)
def test_learn_pages_need_an_account(client, url):
    from django.test import Client

    assert client.get(url).status_code == 200
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")


def test_evidence_shows_every_claim_next_to_the_evidence_with_certainty_and_sources(client):
    english(client)
    html = client.get("/learn/evidence/").content.decode()
    sources = loaders.sources()
    for statement in loaders.evidence():
        assert statement.article_claim.en in html.replace("&quot;", '"')
        for source_id in statement.sources:
            assert sources[source_id].title.replace("'", "&#x27;") in html
    assert "High certainty" in html and "Very low certainty" in html


def test_evidence_in_danish(client):
    html = client.get("/learn/evidence/").content.decode()
    first = loaders.evidence()[0]
    assert first.article_claim.da in html
    assert first.evidence.en not in html


def test_forms_show_the_elemental_share_computed_from_the_formula(client):
    english(client)
    html = client.get("/learn/magnesium-forms/").content.decode()
    oxide = loaders.form("oxide")
    assert f"{oxide.elemental_fraction * 100:.1f}%" in html  # English: no space before %
    assert oxide.name.en in html
    assert "Often loosens the stools" in html  # oxide's laxative grade
    # Danish decimal comma
    client.post("/language/", {"language": "da", "next": "/"})
    html_da = client.get("/learn/magnesium-forms/").content.decode()
    assert f"{oxide.elemental_fraction * 100:.1f}\u00a0%".replace(".", ",") in html_da


def test_forms_are_listed_highest_elemental_share_first(client):
    english(client)
    html = client.get("/learn/magnesium-forms/").content.decode()
    ordered = sorted(loaders.forms(), key=lambda f: -f.elemental_fraction)
    positions = [html.index(f'id="{f.id}"') for f in ordered]
    assert positions == sorted(positions)


def test_food_search_finds_a_danish_name_typed_without_danish_letters(client):
    response = client.get("/learn/foods/", {"q": "rugbrod"})
    html = response.content.decode()
    rye = loaders.food("rye_bread_wholegrain")
    assert rye.name.da in html
    usual = loaders.portions_for(rye.id)[0]
    assert f"{round(usual.grams * rye.mg_per_100g / 100)}" in html
    assert usual.label.da in html
    assert loaders.food("almonds").name.da not in html


def test_food_search_with_htmx_returns_only_the_results(client):
    response = client.get("/learn/foods/", {"q": "mandler"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert loaders.food("almonds").name.da in html
    assert "<table" in html


def test_food_table_without_query_lists_every_food_and_cites_sources(client):
    english(client)
    html = client.get("/learn/foods/").content.decode()
    for food in loaders.foods():
        assert food.name.en.replace("'", "&#x27;") in html
    sources = loaders.sources()
    for source_id in loaders.foods()[0].sources:
        assert sources[source_id].title.replace("'", "&#x27;") in html


def test_food_search_without_match_says_so(client):
    english(client)
    html = client.get("/learn/foods/", {"q": "xyzzy"}).content.decode()
    assert "No food matches" in html


def test_strategies_show_the_stretching_steps_and_evidence_level(client):
    english(client)
    html = client.get("/learn/strategies/").content.decode()
    stretching = next(s for s in loaders.strategies() if s.steps)
    for step in stretching.steps:
        assert step.en in html
    assert "Weak evidence" in html


def test_see_a_doctor_lists_urgent_flags_first_and_consult_reasons(client):
    english(client)
    html = client.get("/learn/see-a-doctor/").content.decode()
    flags = loaders.red_flags()
    urgent = [f for f in flags if f.severity == "urgent"]
    soon = [f for f in flags if f.severity == "soon"]
    assert max(html.index(f.title.en) for f in urgent) < min(html.index(f.title.en) for f in soon)
    for reason in loaders.consult_reasons():
        assert reason.title.en.replace("'", "&#x27;") in html


def test_medicine_catalogue_lists_every_medicine_with_its_code(client):
    english(client)
    html = client.get("/learn/medicines/").content.decode()
    for medicine in loaders.medicines():
        assert f'id="medicine-{medicine.id}"' in html
        assert medicine.atc in html
    assert f"All {len(loaders.medicines())} medicines" in html


def test_medicine_search_finds_a_brand_and_shows_the_combination_and_its_flags(client):
    english(client)
    html = client.get("/learn/medicines/", {"q": "Cozaar Comp"}).content.decode()
    assert "losartan and hydrochlorothiazide" in html
    assert "Combination of losartan, hydrochlorothiazide" in html
    assert "Can provoke cramps" in html and "Long-term use can lower magnesium" in html
    leaflet = loaders.sources()["leaflet_cozaar_comp"]
    assert leaflet.title in html


def test_medicine_search_says_what_a_magnesium_product_contains_in_danish(client):
    html = client.get(
        "/learn/medicines/", {"q": "magnesia"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in html
    assert "Indeholder magnesium" in html
    assert "Magnesia DAK" in html


def test_medicine_search_shows_the_spacing_rule_in_plain_words(client):
    english(client)
    html = client.get("/learn/medicines/", {"q": "Eltroxin"}).content.decode()
    assert "Take it at least 4 h before or 4 h after magnesium" in html


def test_medicine_search_without_match_says_so(client):
    english(client)
    assert (
        "No medicine matches" in client.get("/learn/medicines/", {"q": "xyzzyq"}).content.decode()
    )
