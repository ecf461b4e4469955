"""The overview's first-run path: health check, diet, plan, trial, done marks and the next step."""

import pytest

from _web import TODAY
from krampe.web.diet.models import DietRecord
from krampe.web.plans.models import SupplementPlan

pytestmark = pytest.mark.django_db


def _main(response) -> str:
    return response.content.decode().split('<main id="main">', 1)[1].split("</main>", 1)[0]


def _next_button(html: str) -> str:
    """The big button's link and text."""
    tag = html.split('class="button primary big next-step" href="', 1)[1]
    href, rest = tag.split('">', 1)
    return href + " " + rest.split("</a>", 1)[0]


def test_after_sign_up_the_health_check_comes_first_and_the_log_waits(alice_client):
    html = _main(alice_client.get("/home/"))
    assert _next_button(html) == "/profile/ Start dit sundhedstjek"
    assert html.count('<span class="state">') == 4
    assert "Log last night" not in html and "Registrér sidste nat" not in html
    assert 'href="/log/' not in html
    assert "Natteloggen åbner efter sundhedstjekket" in html


def test_each_step_done_gets_its_mark_and_the_next_becomes_the_button(alice_client, alice):
    alice_client.post("/profile/", {"age": "58", "sex": "female"})
    html = _main(alice_client.get("/home/"))
    assert _next_button(html) == "/diet/ Næste: din kost"
    assert html.count('<li class="done">') == 1
    # After the health check the log button is there.
    assert 'href="/log/?date=' in html

    DietRecord.objects.create(
        user=alice, answers={"profile": {"age": 58, "sex": "female"}, "answers": {"x": {}}}
    )
    assert _next_button(_main(alice_client.get("/home/"))) == "/plan/ Næste: din plan"
    SupplementPlan.objects.create(user=alice)
    assert _next_button(_main(alice_client.get("/home/"))) == "/trial/start/ Næste: start et forsøg"
    alice_client.post("/trial/start/", {"kind": "open", "start": TODAY.isoformat()})
    html = _main(alice_client.get("/home/"))
    # Every step done: the path gives way to the daily overview.
    assert "next-step" not in html and '<ol class="steps-path">' not in html
    assert 'href="/log/?date=' in html


def test_a_health_check_that_needs_a_doctor_points_to_its_result(alice_client):
    alice_client.post("/profile/", {"age": "58", "sex": "female", "symptoms": ["cold_pale_foot"]})
    html = _main(alice_client.get("/home/"))
    # Diet is still open; plan and trial are ruled out for now.
    assert _next_button(html) == "/diet/ Næste: din kost"
    assert html.count('<li class="blocked">') == 2
    assert "Ikke nu: se dit sundhedstjek" in html


def test_the_menu_reaches_profile_and_plan(alice_client):
    page = alice_client.get("/home/").content.decode()
    menu = page.split('<nav class="menu"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/profile/"' in menu and 'href="/plan/"' in menu
    more = _main(alice_client.get("/more/"))
    assert 'href="/profile/"' in more and 'href="/plan/"' in more
