"""The screening page: red flags first, what each finding rests on, what comes next."""

import pytest

from krampe.knowledge import loaders

pytestmark = pytest.mark.django_db

HEALTHY = {"age": "40", "sex": "male", "cramps_per_week": "3"}


def english(client):
    client.post("/language/", {"language": "en", "next": "/"})


def test_screening_without_a_profile_goes_to_the_form(alice_client, alice):
    response = alice_client.get("/profile/screening/")
    assert response.status_code == 302 and response["Location"] == "/profile/"


def test_healthy_profile_is_ok_with_next_steps(alice_client, alice):
    english(alice_client)
    alice_client.post("/profile/", HEALTHY)
    html = alice_client.get("/profile/screening/").content.decode()
    assert "Nothing here suggests you need a doctor before a magnesium trial" in html
    assert 'href="/plan/"' in html
    assert "Seek care now" not in html


def test_urgent_red_flag_says_seek_care_now_first_and_offers_no_plan(alice_client, alice):
    english(alice_client)
    alice_client.post("/profile/", {**HEALTHY, "symptoms": ["leg_swelling_redness_warmth"]})
    html = alice_client.get("/profile/screening/").content.decode()
    main = html.split('<main id="main">', 1)[1]
    assert "Seek care now" in main
    # The Danish way to get help, from one domain text (regionh_fakta_om_1813).
    assert "Call 112 in an emergency" in main and "1813 in the Capital Region" in main
    flag = next(f for f in loaders.red_flags() if f.code == "possible_dvt")
    assert flag.title.en in main
    assert main.index("Seek care now") < main.index(flag.title.en)
    assert 'href="/plan/"' not in html
    assert "/diet/" not in main


def test_see_doctor_first_lists_what_to_bring_and_offers_no_plan(alice_client, alice):
    english(alice_client)
    alice_client.post("/profile/", {**HEALTHY, "egfr": "40"})
    html = alice_client.get("/profile/screening/").content.decode()
    assert "Talk to your doctor before you try magnesium" in html
    assert "What to bring to the doctor" in html
    assert 'href="/plan/"' not in html


def test_findings_show_their_triggers_and_sources_in_danish(alice_client, alice):
    alice_client.post("/profile/", {**HEALTHY, "medicines": ["Furix"]})
    html = alice_client.get("/profile/screening/").content.decode()
    assert "Furix" in html
    assert "Kilder" in html  # the sources list of each finding
    assert "furosemid (C03CA01)" in html


def test_another_users_profile_never_shows(alice_client, alice, charlie):
    alice_client.post("/profile/", {**HEALTHY, "medicines": ["Eltroxin"], "age": "77"})
    alice_client.force_login(charlie)
    assert alice_client.get("/profile/screening/").status_code == 302
    html = alice_client.get("/profile/").content.decode()
    assert "Eltroxin" not in html and 'value="77"' not in html


def test_headline_counts_the_medicines_that_could_not_be_checked(alice_client, alice):
    english(alice_client)
    alice_client.post("/profile/", {**HEALTHY, "medicines": ["Blabbermix", "Zorbatrix", "Panodil"]})
    main = alice_client.get("/profile/screening/").content.decode().split('<main id="main">', 1)[1]
    headline = "2 of your medicines could not be checked: Blabbermix, Zorbatrix."
    assert headline in main
    assert main.index(headline) < main.index("Unknown medicine: Blabbermix")
    assert "Unknown medicine: Zorbatrix" in main
