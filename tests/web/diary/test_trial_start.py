"""Starting a trial: the window it may start in, the seed of a blinded one, the helper sheet."""

from __future__ import annotations

import datetime as dt

import pytest

from _web import TODAY, night_form, store_trial
from krampe.domain.trial.design import build_design
from krampe.web.diary import services
from krampe.web.diary.models import Night, Trial
from krampe.web.profiles.models import HealthProfile

pytestmark = pytest.mark.django_db


def test_a_trial_cannot_start_more_than_two_weeks_ago(alice_client):
    start = TODAY - dt.timedelta(days=15)
    response = alice_client.post("/trial/start/", {"kind": "open", "start": start.isoformat()})
    assert response.status_code == 200 and not Trial.objects.exists()
    assert "Vælg en første nat højst to uger tilbage." in response.content.decode()


def test_a_trial_cannot_start_more_than_two_months_ahead(alice_client):
    start = TODAY + dt.timedelta(days=61)
    response = alice_client.post("/trial/start/", {"kind": "open", "start": start.isoformat()})
    assert response.status_code == 200 and not Trial.objects.exists()
    assert "Vælg en første nat inden for de næste to måneder." in response.content.decode()


def test_the_first_and_last_allowed_days_start_a_trial(alice_client):
    for start in (TODAY - dt.timedelta(days=14), TODAY + dt.timedelta(days=60)):
        response = alice_client.post("/trial/start/", {"kind": "open", "start": start.isoformat()})
        assert response.status_code == 302
    assert Trial.objects.count() == 2 and Trial.objects.filter(active=True).count() == 1


def test_after_see_doctor_first_only_stretching_may_start(alice_client, alice):
    HealthProfile.objects.create(user=alice, data={"age": 70, "sex": "female", "egfr": 40})
    page = alice_client.get("/trial/start/").content.decode()
    assert 'value="stretching"' in page and 'value="open"' not in page
    refused = alice_client.post("/trial/start/", {"kind": "open", "start": TODAY.isoformat()})
    assert refused.status_code == 200 and not Trial.objects.exists()
    assert "open er ikke en af de tilgængelige valgmuligheder" in refused.content.decode()


def test_starting_an_open_trial_sets_the_phase_of_logged_nights(alice_client, alice):
    start = TODAY - dt.timedelta(days=14)
    alice_client.post("/log/", night_form(start + dt.timedelta(days=2)))
    alice_client.post("/trial/start/", {"kind": "open", "start": start.isoformat()})
    trial = Trial.objects.get(user=alice, active=True)
    assert (trial.kind, trial.start, trial.design["seed"]) == ("open", start, None)
    phases = list(Night.objects.order_by("date").values_list("phase", flat=True))
    assert phases == ["baseline"]  # the night logged before the trial started is labelled


def test_a_blinded_trial_is_sealed_and_its_helper_link_is_shown_once(alice_client):
    response = alice_client.post("/trial/start/", {"kind": "blinded", "start": TODAY.isoformat()})
    trial = Trial.objects.get(active=True)
    assert trial.design["seed"] is None and trial.design["seal"]["code"]
    assert {p["phase"] for p in trial.design["periods"]} == {None}
    assert trial.sealed.allocation["pairs"]
    assert response["Location"] == f"/trial/{trial.pk}/helper/"
    page = alice_client.get(response["Location"]).content.decode()
    assert "1A" in page and "3B" in page and trial.design["seal"]["code"] in page
    assert 'id="helper-code"' in page and "/helper/" in page
    again = alice_client.get(response["Location"]).content.decode()
    assert 'id="helper-code"' not in again  # shown once: only its hash is kept
    assert "Din hjælpers link blev lavet" in again


def test_another_persons_night_and_trial_are_404(alice_client, charlie):
    night = Night.objects.create(user=charlie, date=TODAY, cramps=1, worst_pain=3)
    trial = store_trial(charlie, build_design("blinded", TODAY, 7))
    assert alice_client.get(f"/log/{night.pk}/").status_code == 404
    assert alice_client.post(f"/log/{night.pk}/", night_form(TODAY)).status_code == 404
    assert alice_client.get(f"/trial/{trial.pk}/helper/").status_code == 404
    assert alice_client.post(f"/trial/{trial.pk}/unblind/").status_code == 404
    night.refresh_from_db()
    assert night.cramps == 1


def test_the_allocation_sheet_exists_only_for_a_blinded_trial(alice_client, alice):
    trial = services.create_trial(alice, build_design("open", TODAY))
    assert alice_client.get(f"/trial/{trial.pk}/helper/").status_code == 404
