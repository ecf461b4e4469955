"""The diet wizard: one food group a screen, answers stored as the domain's JSON, the estimate."""

import base64

import pytest

from krampe.domain.diet import estimate, parse_answers
from krampe.knowledge import ffq, loaders
from krampe.web.diet.models import DietRecord
from krampe.web.profiles.models import HealthProfile

pytestmark = pytest.mark.django_db

QUESTIONS = ffq.questionnaire()
STEPS = len(QUESTIONS.groups)


def checked(html, name, value):
    """Whether the radio or checkbox ``name``=``value`` is checked in the page."""
    tag = html.split(f'name="{name}" value="{value}"', 1)[1].split(">", 1)[0]
    return " checked" in tag


def main_of(response):
    """The page's own content, without the site's menus."""
    return response.content.decode().split('<main id="main">', 1)[1].split("</main>", 1)[0]


def english(client):
    client.post("/language/", {"language": "en", "next": "/"})


def step_data(n, frequency="2_4_per_week", portions="1", per_day="4"):
    data = {"next": "1"}
    for item in QUESTIONS.items_in(QUESTIONS.groups[n - 1].id):
        if item.ask == "frequency":
            data[f"{item.id}__frequency"] = frequency
            data[f"{item.id}__portions"] = portions
        else:
            data[f"{item.id}__per_day"] = per_day
        if item.variants:
            data[f"{item.id}__variant"] = item.variants[-1]
    return data


def answer_everything(client, **kwargs):
    for n in range(1, STEPS + 1):
        client.post(f"/diet/step/{n}/", step_data(n, **kwargs))


def test_diet_pages_need_login(client):
    for url in ("/diet/", "/diet/step/1/", "/diet/result/"):
        assert client.get(url).status_code == 302


def test_start_asks_who_when_there_is_no_health_profile(alice_client, alice):
    english(alice_client)
    html = alice_client.get("/diet/").content.decode()
    assert 'name="age"' in html
    for exclusion in QUESTIONS.exclusions:
        assert exclusion.label.en in html


def test_start_uses_the_health_profile_when_there_is_one(alice_client, alice):
    HealthProfile.objects.create(
        user=alice, data={"age": 33, "sex": "female", "pregnant_weeks": 20, "breastfeeding": False}
    )
    html = alice_client.get("/diet/").content.decode()
    assert 'name="age"' not in html
    response = alice_client.post("/diet/", {"exclusions": ["vegan"]})
    assert response["Location"] == "/diet/step/1/"
    answers = DietRecord.objects.get(user=alice).answers
    assert answers["profile"] == {
        "age": 33.0,
        "sex": "female",
        "pregnant": True,
        "lactating": False,
    }
    assert answers["exclusions"] == ["vegan"]


def test_start_errors_keep_what_was_typed(alice_client, alice):
    english(alice_client)
    response = alice_client.post(
        "/diet/", {"age": "45", "sex": "male", "pregnant": "on", "exclusions": ["no_fish"]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["pregnant"] == ["Only when sex is female."]
    html = response.content.decode()
    assert 'value="45"' in html
    assert checked(html, "exclusions", "no_fish")
    assert not checked(html, "exclusions", "vegan")
    assert not DietRecord.objects.exists()


def test_each_step_shows_one_food_group_with_its_questions(alice_client, alice):
    english(alice_client)
    alice_client.post("/diet/", {"age": "45", "sex": "female"})
    for n, group in enumerate(QUESTIONS.groups, start=1):
        html = alice_client.get(f"/diet/step/{n}/").content.decode()
        assert f"Step {n} of {STEPS}" in html
        assert group.title.en in html
        for item in QUESTIONS.items_in(group.id):
            assert item.question.en.replace("'", "&#x27;") in html
    assert alice_client.get(f"/diet/step/{STEPS + 1}/").status_code == 404
    assert alice_client.get("/diet/step/0/").status_code == 404


def test_steps_before_start_go_to_start(alice_client, alice):
    assert alice_client.get("/diet/step/2/")["Location"] == "/diet/"
    assert alice_client.get("/diet/result/")["Location"] == "/diet/"


def test_answers_are_stored_as_the_domains_questionnaire_json(alice_client, alice):
    alice_client.post("/diet/", {"age": "45", "sex": "female", "exclusions": ["nut_allergy"]})
    answer_everything(alice_client, frequency="1_per_day", portions="2", per_day="6")
    answers = DietRecord.objects.get(user=alice).answers
    parsed = parse_answers(answers)
    assert parsed.exclusions == ("nut_allergy",)
    assert set(answers["answers"]) == {i.id for i in QUESTIONS.items}
    assert answers["answers"]["rye_bread"] == {"frequency": "1_per_day", "portions": 2.0}
    assert answers["answers"]["mineral_water"] == {
        "per_day": 6.0,
        "variant": "mineral_water_high_mg",
    }


def test_a_missing_answer_shows_the_error_and_keeps_the_others(alice_client, alice):
    english(alice_client)
    alice_client.post("/diet/", {"age": "45", "sex": "female"})
    data = step_data(1, frequency="5_6_per_week")
    del data["rye_bread__frequency"]
    response = alice_client.post("/diet/step/1/", data)
    assert response.status_code == 200
    assert "Choose how often." in response.content.decode()
    form = response.context["form"]
    assert form["oats__frequency"].value() == "5_6_per_week"
    assert DietRecord.objects.get(user=alice).answers["answers"] == {}


def test_back_keeps_the_answers_and_shows_them_again(alice_client, alice):
    alice_client.post("/diet/", {"age": "45", "sex": "female"})
    alice_client.post("/diet/step/1/", step_data(1, frequency="1_per_day"))
    response = alice_client.post("/diet/step/2/", {**step_data(2, frequency="never"), "back": "1"})
    assert response["Location"] == "/diet/step/1/"
    assert DietRecord.objects.get(user=alice).answers["answers"]["potatoes"]["frequency"] == "never"
    html = alice_client.get("/diet/step/1/").content.decode()
    assert checked(html, "rye_bread__frequency", "1_per_day")
    assert not checked(html, "rye_bread__frequency", "never")


def test_back_from_an_unanswered_screen_just_goes_back(alice_client, alice):
    alice_client.post("/diet/", {"age": "45", "sex": "female"})
    response = alice_client.post("/diet/step/3/", {"back": "1"})
    assert response["Location"] == "/diet/step/2/"


def test_the_last_step_leads_to_the_result(alice_client, alice):
    alice_client.post("/diet/", {"age": "45", "sex": "female"})
    for n in range(1, STEPS):
        alice_client.post(f"/diet/step/{n}/", step_data(n))
    response = alice_client.post(f"/diet/step/{STEPS}/", step_data(STEPS))
    assert response["Location"] == "/diet/result/"


def test_result_shows_intake_reference_gap_chart_table_suggestions_and_caveats(alice_client, alice):
    english(alice_client)
    alice_client.post("/diet/", {"age": "45", "sex": "female", "exclusions": ["nut_allergy"]})
    answer_everything(alice_client, frequency="less_than_weekly", portions="1", per_day="0")
    record = DietRecord.objects.get(user=alice)
    expected = estimate(record.answers, "en")
    html = alice_client.get("/diet/result/").content.decode()
    assert f"About {round(expected.intake_mg_per_day)} mg a day" in html
    assert f"Reference intake for you: {round(expected.reference_mg_per_day)} mg a day." in html
    assert loaders.sources()["nnr2023"].title in html
    assert f"about {round(expected.gap_mg_per_day)} mg a day below the reference" in html
    share = round(100 * expected.intake_mg_per_day / expected.reference_mg_per_day)
    assert f'aria-labelledby="intake-heading">{share}%</meter>' in html  # English: no space
    # The chart is an SVG drawn on the server, with a text alternative and a table.
    svg_uri = html.split('<img src="data:image/svg+xml;base64,', 1)[1].split('"', 1)[0]
    svg = base64.b64decode(svg_uri).decode()
    assert "<svg" in svg and expected.contributors[0].name.en in svg
    assert 'alt="Bar chart of the foods' in html
    assert f'<th scope="row">{expected.contributors[0].name.en}</th>' in html
    for suggestion in expected.suggestions:
        assert suggestion.text("en").replace("'", "&#x27;") in html
    assert all("nut" not in s.food_id for s in expected.suggestions)
    for note in expected.notes:
        assert note.text.en.replace("'", "&#x27;") in html


def test_result_is_in_danish_by_default(alice_client, alice):
    alice_client.post("/diet/", {"age": "45", "sex": "male"})
    answer_everything(alice_client)
    html = alice_client.get("/diet/result/").content.decode()
    note = QUESTIONS.note("blood_test")
    assert note.text.da in html
    assert note.text.en not in html


def test_no_plan_link_from_the_diet_when_the_screening_says_urgent(alice_client):
    alice_client.post("/profile/", {"age": "58", "sex": "female"})
    alice_client.post("/diet/", {})
    answer_everything(alice_client)
    assert 'href="/plan/"' in main_of(alice_client.get("/diet/result/"))
    alice_client.post("/profile/", {"age": "58", "sex": "female", "symptoms": ["cold_pale_foot"]})
    # The site's menu always reaches the plan page (which then says why there is no plan).
    assert 'href="/plan/"' not in main_of(alice_client.get("/diet/result/"))


def test_another_users_diet_never_shows(alice_client, charlie):
    alice_client.post("/diet/", {"age": "45", "sex": "female", "exclusions": ["vegan"]})
    answer_everything(alice_client, frequency="3_plus_per_day")
    other = charlie
    alice_client.force_login(other)
    assert alice_client.get("/diet/result/")["Location"] == "/diet/"
    assert alice_client.get("/diet/step/1/")["Location"] == "/diet/"
    html = alice_client.get("/diet/").content.decode()
    assert "checked" not in html
    assert DietRecord.objects.filter(user=other).count() == 0


def test_a_new_screen_starts_at_the_default_frequency_and_asks_how_often(alice_client, alice):
    alice_client.post("/diet/", {"age": "45", "sex": "female"})
    assert QUESTIONS.default_frequency == "never"
    html = alice_client.get("/diet/step/1/").content.decode()
    for item in QUESTIONS.items_in(QUESTIONS.groups[0].id):
        assert checked(html, f"{item.id}__frequency", "never")
        assert not checked(html, f"{item.id}__frequency", "1_per_day")
    drinks = alice_client.get(f"/diet/step/{STEPS - 1}/").content.decode()
    assert "Hvor ofte drikker du kaffe?" in drinks
    assert "Hvor mange krus" not in drinks


def test_an_implausible_total_is_flagged_with_a_request_to_check(alice_client, alice):
    alice_client.post("/diet/", {"age": "45", "sex": "female"})
    answer_everything(alice_client, frequency="3_plus_per_day", portions="2", per_day="8")
    outcome = estimate(DietRecord.objects.get(user=alice).answers, "da")
    assert outcome.intake_mg_per_day > 3 * outcome.reference_mg_per_day
    assert outcome.implausible
    html = alice_client.get("/diet/result/").content.decode()
    assert "Tjek dine svar" in html
    assert "mere end tre gange referenceindtaget" in html
    assert html.count("mere end tre gange referenceindtaget") == 1  # in the box, not twice
    assert 'href="/diet/step/1/">Tjek dine svar' in html.replace("\n", "")


def test_a_plausible_total_is_not_flagged(alice_client, alice):
    alice_client.post("/diet/", {"age": "45", "sex": "female"})
    answer_everything(alice_client, frequency="2_4_per_week")
    outcome = estimate(DietRecord.objects.get(user=alice).answers, "da")
    assert outcome.intake_mg_per_day <= 3 * outcome.reference_mg_per_day
    assert not outcome.implausible
    assert "Tjek dine svar" not in alice_client.get("/diet/result/").content.decode()
