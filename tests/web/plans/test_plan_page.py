"""The plan page on a phone: a summary first, reasons behind "Why?", times where they matter."""

import pytest

from krampe.knowledge import loaders
from krampe.web.profiles.models import HealthProfile

pytestmark = pytest.mark.django_db


def _profile(user, medicines):
    HealthProfile.objects.create(
        user=user, data={"age": 60, "sex": "female", "medicines": medicines, "symptoms": []}
    )


def test_times_are_asked_only_for_medicines_with_a_spacing_rule(alice_client, alice):
    _profile(alice, ["Eltroxin", "Furix", "Blabbermix"])
    html = alice_client.get("/plan/").content.decode()
    rows = {}
    for n in range(3):
        name_tag = html.split(f'name="med-{n}-name"', 1)[0].rsplit("<input", 1)[1]
        value = html.split(f'name="med-{n}-name"', 1)[1].split(">", 1)[0]
        rows[value.split('value="', 1)[1].split('"', 1)[0]] = 'type="hidden"' in name_tag + value
    assert rows == {"Eltroxin": False, "Furix": True, "Blabbermix": True}
    assert 'id="id_med-0-times"' in html and 'type="hidden" name="med-1-times"' in html
    assert "Krampe kender ingen afstandsregel til magnesium for disse" in html
    assert "for disse, så du skal ikke skrive, hvornår du tager dem: Furix." in html
    assert "Ikke genkendt, så Krampe har ikke kunnet tjekke dem" in html and "Blabbermix." in html


def test_hidden_rows_keep_their_medicine_when_the_form_is_saved(alice_client, alice):
    _profile(alice, ["Eltroxin", "Furix"])
    alice_client.get("/plan/")
    data = {
        "product": "citrate_nonahydrate",
        "elemental_mg_per_tablet": "100",
        "daily_mg": "200",
        "wake": "07:00",
        "bed": "23:00",
        "med-TOTAL_FORMS": "2",
        "med-INITIAL_FORMS": "0",
        "med-0-name": "Eltroxin",
        "med-0-times": "07:00",
        "med-1-name": "Furix",
        "med-1-times": "",
    }
    assert alice_client.post("/plan/", data).status_code == 302
    from krampe.web.plans.models import SupplementPlan

    stored = SupplementPlan.objects.get(user=alice).medicine_times
    assert stored == [{"name": "Eltroxin", "times": ["07:00"]}, {"name": "Furix", "times": []}]


def test_a_summary_comes_first_and_the_reasons_are_folded_behind_why(alice_client, alice):
    _profile(alice, ["Eltroxin"])
    html = alice_client.get("/plan/").content.decode()
    main = html.split('<main id="main">', 1)[1]
    assert main.index("Kort fortalt") < main.index("Magnesium: hvor meget og hvornår")
    # Eltroxin has no time yet: the summary says what is missing, not that rules are kept.
    assert "Skriv i skemaet nederst, hvornår du tager Eltroxin." in main
    assert "<summary>Hvorfor? (" in main
    assert '<span class="sources">' not in main  # no inline citations left
    assert "Krampe convention" not in main and "seed article" not in main
    conventions = [s for s in loaders.sources().values() if s.kind == "convention"]
    assert all(s.title_da and s.title_in("da") == s.title_da for s in conventions)
    assert all(s.title_in("en") == s.title for s in conventions)


def test_english_pages_show_the_english_source_titles(bob_client, bob):
    _profile(bob, ["Eltroxin"])
    html = bob_client.get("/plan/").content.decode()
    assert "<summary>Why? (" in html and "In short" in html
    assert "Krampes egne valg" not in html
