"""The nightly log, past nights, trials, results and unblinding through Django's client."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from krampe.domain.trial.design import build_design, design_to_dict
from krampe.domain.trial.simulate import simulate_diary
from krampe.web.diary import services
from krampe.web.diary.models import Night, Trial

pytestmark = pytest.mark.django_db


def _night(date: dt.date, **changes: str) -> dict[str, str]:
    data = {
        "date": date.isoformat(),
        "cramps": "2",
        "worst_pain": "6",
        "awakenings": "1",
        "took_dose": "yes",
        "stretched": "no",
        "side_effect": "none",
        "note": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def person(client, django_user_model):
    user = django_user_model.objects.create_user("nightowl", password="calf-stretch-2026")
    client.force_login(user)
    return user


def _yesterday() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=1)


def test_saving_the_same_night_twice_keeps_one_entry_with_the_new_values(client, person):
    night = _yesterday()
    assert client.post("/log/", _night(night, cramps="2")).status_code == 302
    response = client.post("/log/", _night(night, cramps="5", worst_pain="8"), follow=True)
    assert Night.objects.filter(user=person).count() == 1
    saved = Night.objects.get(user=person)
    assert (saved.cramps, saved.worst_pain) == (5, 8)
    assert "opdateret" in response.content.decode()


def test_a_new_night_starts_empty_not_from_the_last_logged_values(client, person):
    """Copying the last night's counts keeps a diary flat and hides change (review M6)."""
    earlier = _yesterday() - dt.timedelta(days=3)
    client.post("/log/", _night(earlier, cramps="3", worst_pain="7", note="calf"))
    page = client.get("/log/")
    form = page.context["form"]
    assert form.initial["date"] == _yesterday()
    assert form.initial["cramps"] is None
    assert form.initial["worst_pain"] is None
    assert form.initial["took_dose"] is None and form.initial["stretched"] is None
    assert form.initial["note"] == ""
    html = page.content.decode()
    assert 'name="cramps" value=' not in html
    assert "checked" not in html.split('name="worst_pain"')[1].split("</fieldset>")[0]


def test_another_date_chosen_later_does_not_take_the_values_of_the_night_shown(client, person):
    """The review's steps: log 30 Nov with 2 and 6, then the form for 29 Nov is empty."""
    client.post("/log/", _night(_yesterday(), cramps="2", worst_pain="6"))
    before = _yesterday() - dt.timedelta(days=1)
    form = client.get(f"/log/?date={before.isoformat()}").context["form"]
    assert form.initial["date"] == before
    assert (form.initial["cramps"], form.initial["worst_pain"]) == (None, None)


def test_a_night_already_logged_opens_with_its_own_values(client, person):
    client.post("/log/", _night(_yesterday(), cramps="3", worst_pain="7", note="calf"))
    form = client.get(f"/log/?date={_yesterday().isoformat()}").context["form"]
    assert (form.initial["cramps"], form.initial["worst_pain"], form.initial["note"]) == (
        3,
        "7",
        "calf",
    )


def test_a_date_that_has_not_begun_falls_back_to_last_night(client, person):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    for asked in (tomorrow.isoformat(), "31-11-2026", "x"):
        assert client.get(f"/log/?date={asked}").context["form"].initial["date"] == _yesterday()


def test_an_empty_cramp_count_is_refused_with_the_field_named(client, person):
    response = client.post("/log/", _night(_yesterday(), cramps="", worst_pain=""))
    assert response.status_code == 200
    assert Night.objects.count() == 0
    assert response.context["form"].errors["cramps"]


def test_cramps_without_pain_is_an_error_that_keeps_what_was_typed(client, person):
    response = client.post(
        "/log/", _night(_yesterday(), cramps="4", worst_pain="", note="left calf")
    )
    assert response.status_code == 200
    assert Night.objects.count() == 0
    html = response.content.decode()
    assert "værste smerte" in html
    assert 'value="4"' in html and "left calf" in html


def test_a_night_without_cramps_stores_no_pain(client, person):
    client.post("/log/", _night(_yesterday(), cramps="0", worst_pain="6"))
    assert Night.objects.get(user=person).worst_pain is None


def test_a_trial_cannot_start_long_ago(client, person):
    start = timezone.localdate() - dt.timedelta(days=30)
    response = client.post("/trial/start/", {"kind": "open", "start": start.isoformat()})
    assert response.status_code == 200 and not Trial.objects.exists()


def test_a_future_night_and_too_many_cramps_are_refused(client, person):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert client.post("/log/", _night(tomorrow)).status_code == 200
    assert client.post("/log/", _night(_yesterday(), cramps="21")).status_code == 200
    assert Night.objects.count() == 0


def test_editing_a_past_night_changes_it(client, person):
    client.post("/log/", _night(_yesterday(), cramps="2"))
    night = Night.objects.get(user=person)
    page = client.get(f"/log/{night.pk}/")
    assert page.status_code == 200 and page.context["form"].initial["cramps"] == 2
    client.post(f"/log/{night.pk}/", _night(_yesterday(), cramps="1", note="better"))
    night.refresh_from_db()
    assert (night.cramps, night.note) == (1, "better")
    assert Night.objects.count() == 1


def test_editing_a_night_onto_another_logged_date_is_refused(client, person):
    first, second = _yesterday() - dt.timedelta(days=1), _yesterday()
    client.post("/log/", _night(first, cramps="1"))
    client.post("/log/", _night(second, cramps="3"))
    night = Night.objects.get(date=first)
    response = client.post(f"/log/{night.pk}/", _night(second, cramps="9"))
    assert response.status_code == 200
    assert sorted(Night.objects.values_list("cramps", flat=True)) == [1, 3]


def test_another_persons_night_and_trial_are_404(client, person, django_user_model):
    other = django_user_model.objects.create_user("neighbour", password="calf-stretch-2026")
    night = Night.objects.create(user=other, date=_yesterday(), cramps=1, worst_pain=3)
    trial = Trial.objects.create(
        user=other,
        kind="blinded",
        start=_yesterday(),
        seed=7,
        design=design_to_dict(build_design("blinded", _yesterday(), 7)),
    )
    assert client.get(f"/log/{night.pk}/").status_code == 404
    assert client.post(f"/log/{night.pk}/", _night(_yesterday())).status_code == 404
    assert client.get(f"/trial/{trial.pk}/allocation/").status_code == 404
    assert client.post(f"/trial/{trial.pk}/unblind/").status_code == 404
    night.refresh_from_db()
    assert night.cramps == 1


def test_starting_an_open_trial_sets_the_phase_of_logged_nights(client, person):
    start = timezone.localdate() - dt.timedelta(days=27)
    client.post("/log/", _night(start + dt.timedelta(days=2)))
    services.create_trial(person, "open", start, None)  # relabels the night already logged
    trial = Trial.objects.get(user=person, active=True)
    assert trial.design["design"] == "open"
    client.post("/log/", _night(start + dt.timedelta(days=22)))
    phases = list(Night.objects.order_by("date").values_list("phase", flat=True))
    assert phases == ["baseline", "run_in"]


def test_a_blinded_trial_stores_the_seed_and_shows_the_helper_sheet(client, person):
    start = timezone.localdate()
    response = client.post("/trial/start/", {"kind": "blinded", "start": start.isoformat()})
    trial = Trial.objects.get(user=person, active=True)
    assert trial.seed is not None and trial.design["seed"] == trial.seed
    assert response["Location"] == f"/trial/{trial.pk}/allocation/"
    sheet = client.get(response["Location"]).content.decode()
    assert "1A" in sheet and "3B" in sheet


def _blinded_trial(user, start: dt.date, seed: int = 11) -> Trial:
    design = build_design("blinded", start, seed)
    trial = Trial.objects.create(
        user=user, kind="blinded", start=start, seed=seed, design=design_to_dict(design)
    )
    for n in simulate_diary(design, 0.5, seed=3):
        Night.objects.create(
            user=user,
            date=n.date,
            phase="run_in" if n.phase == "run_in" else "",
            cramps=n.cramps or 0,
            worst_pain=n.worst_pain if n.cramps else None,
            awakenings=n.awakenings or 0,
            took_dose=n.took_dose,
            side_effect=n.side_effect or "none",
        )
    return trial


def test_a_blinded_result_stays_hidden_before_the_last_night(client, person):
    start = timezone.localdate() - dt.timedelta(days=40)
    trial = _blinded_trial(person, start)
    html = client.get("/results/").content.decode()
    assert "skjult" in html
    assert "data:image/svg+xml" not in html and "magnesium" not in html.split('id="main"')[
        1
    ].lower().replace("hvilke perioder der var magnesium", "")
    assert client.post(f"/trial/{trial.pk}/unblind/").status_code == 302
    trial.refresh_from_db()
    assert trial.unblinded_at is None
    assert not Night.objects.filter(phase__in=["magnesium", "placebo"]).exists()


def test_unblinding_after_the_last_night_reveals_periods_and_shows_the_analysis(client, person):
    start = timezone.localdate() - dt.timedelta(days=130)
    trial = _blinded_trial(person, start)
    before = client.get("/results/").content.decode()
    assert f"/trial/{trial.pk}/unblind/" in before and "data:image/svg+xml" not in before
    client.post(f"/trial/{trial.pk}/unblind/")
    trial.refresh_from_db()
    assert trial.unblinded_at is not None
    counted = Night.objects.exclude(phase="run_in")
    assert set(counted.values_list("phase", flat=True)) == {"magnesium", "placebo"}
    response = client.get("/results/")
    html = response.content.decode()
    assert '<img class="chart" src="data:image/svg+xml;base64,' in html
    assert response.context["result"].comparison == "magnesium_vs_placebo"
    assert response.context["explanation"] in html
    assert len(response.context["allocation"]) == 6


def test_results_of_an_open_trial_show_verdict_adherence_and_side_effects(client, person):
    start = timezone.localdate() - dt.timedelta(days=60)
    services.create_trial(person, "open", start, None)
    design = build_design("open", start)
    for n in simulate_diary(design, 0.5, seed=5):
        client.post(
            "/log/",
            _night(
                n.date,
                cramps=str(n.cramps),
                worst_pain=str(n.worst_pain or 0),
                took_dose="yes" if n.took_dose else "no",
                side_effect=n.side_effect or "none",
            ),
        )
    response = client.get("/results/")
    html = response.content.decode()
    result = response.context["result"]
    assert result.comparison == "magnesium_vs_baseline"
    assert response.context["explanation"] in html
    assert "28 %" in html  # the open-label caveat in Danish
    assert "Bivirkninger" in html and "<table" in html


def test_home_shows_the_daily_hub(client, person):
    client.post("/trial/start/", {"kind": "stretching", "start": timezone.localdate().isoformat()})
    html = client.get("/home/").content.decode()
    assert 'href="/log/"' in html
    assert "Nat 1 af 63" in html
    assert "Næste skridt" in html


def test_changing_the_date_of_a_shown_night_never_carries_its_values(client, person):
    """Review M6: 30 Nov shown with 2 and 6, the date changed to 29 Nov, saved."""
    client.post("/log/", _night(_yesterday(), cramps="2", worst_pain="6"))
    page = client.get("/log/")
    assert page.context["shown"] == _yesterday().isoformat()
    before = _yesterday() - dt.timedelta(days=1)
    response = client.post(
        "/log/", {**_night(before, cramps="2", worst_pain="6"), "shown": _yesterday().isoformat()}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"?date={before}")
    assert not Night.objects.filter(user=person, date=before).exists()
    # The form for that night starts empty; saving it there stores what was chosen.
    assert client.get(response["Location"]).context["form"].initial["cramps"] is None
