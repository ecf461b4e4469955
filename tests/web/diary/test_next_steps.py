"""The results page's next steps are buttons that work: a pair added to a finished blind
trial from the sealed record, a blinded trial after an open one, the run-in chosen at
the start, and the baseline warning while nights can still be added."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from _web import TODAY, store_trial
from krampe.domain.trial.analysis import analyze_nights
from krampe.domain.trial.design import blinded_design, build_design, design_from_dict
from krampe.domain.trial.sealing import allocation_from_dict
from krampe.domain.trial.simulate import simulate_diary
from krampe.web.diary import services
from krampe.web.diary.models import Night, SealedAllocation, Trial

pytestmark = pytest.mark.django_db


def _store_nights(user, trial: Trial, nights) -> None:  # type: ignore[no-untyped-def]
    for n in nights:
        if n.date < TODAY and n.cramps is not None:
            fields = services.row_fields(n, services.stored_phase(trial, n.date))
            Night.objects.create(user=user, date=n.date, **fields)


def _finished_inconclusive(user):  # type: ignore[no-untyped-def]
    """A sealed blinded trial whose last night is over and whose pairs are inconclusive."""
    start = TODAY - dt.timedelta(days=130)
    for seed in range(40):
        design = blinded_design(start, seed=seed)
        nights = simulate_diary(design, 0.8, seed=seed)
        if analyze_nights(nights, design).verdict == "inconclusive":
            trial = store_trial(user, design)
            _store_nights(user, trial, nights)
            return trial
    raise AssertionError("no inconclusive trial among 40 seeds")


def test_an_inconclusive_blind_trial_offers_a_pair_and_adds_the_next_sealed_one(
    alice_client, alice
):
    trial = _finished_inconclusive(alice)
    seal = trial.design["seal"]
    html = alice_client.get("/results/").content.decode()
    assert "Dine par giver endnu ikke et klart svar" in html
    assert f'action="/trial/{trial.pk}/extend/"' in html and "Læg et par perioder til" in html
    assert "data:image/svg+xml" not in html  # the look shows nothing of the result
    done = alice_client.post(f"/trial/{trial.pk}/extend/", follow=True).content.decode()
    assert "Par 4 er lagt til" in done
    trial.refresh_from_db()
    design = design_from_dict(trial.design)
    assert design.pairs == 4 and design.sealed and design.extensions[0].pair == 4
    assert design.extensions[0].added_on == TODAY and design.periods[6].start == TODAY
    assert trial.design["seal"]["commitment"] == seal["commitment"]  # nothing drawn anew
    assert "Dit resultat er skjult, til forsøget er slut" in done
    # The helper's view of the sealed record now holds pair 4, checked against the seal.
    helper = services_revealed(trial)
    allocation = allocation_from_dict(SealedAllocation.objects.get(trial=trial).allocation)
    assert [p.phase for p in helper.periods[6:]] == list(allocation.pairs[3].order)
    again = alice_client.post(f"/trial/{trial.pk}/extend/", follow=True).content.decode()
    assert "Der kan først lægges par til efter forsøgets sidste nat" in again
    assert design_from_dict(Trial.objects.get(pk=trial.pk).design).pairs == 4


def services_revealed(trial: Trial):  # type: ignore[no-untyped-def]
    from krampe.web.diary import sealed

    return sealed.revealed_design(trial)


def test_the_added_pair_may_start_later_but_within_two_weeks(alice_client, alice):
    trial = _finished_inconclusive(alice)
    html = alice_client.get("/results/").content.decode()
    assert 'name="start"' in html and f'max="{(TODAY + dt.timedelta(days=14)).isoformat()}"' in html
    late = (TODAY + dt.timedelta(days=15)).isoformat()
    refused = alice_client.post(f"/trial/{trial.pk}/extend/", {"start": late}, follow=True)
    assert "Vælg en første nat for det nye par" in refused.content.decode()
    assert design_from_dict(Trial.objects.get(pk=trial.pk).design).pairs == 3
    unreadable = alice_client.post(f"/trial/{trial.pk}/extend/", {"start": "i morgen"}, follow=True)
    assert "Vælg en første nat for det nye par" in unreadable.content.decode()
    assert design_from_dict(Trial.objects.get(pk=trial.pk).design).pairs == 3
    later = TODAY + dt.timedelta(days=4)
    alice_client.post(f"/trial/{trial.pk}/extend/", {"start": later.isoformat()})
    design = design_from_dict(Trial.objects.get(pk=trial.pk).design)
    assert design.pairs == 4 and design.periods[6].start == later
    assert design.extensions[0].added_on == TODAY


def test_an_unblinded_trial_gets_no_pair_and_says_why(alice_client, alice):
    trial = _finished_inconclusive(alice)
    guesses = {f"period_{p}": "dont_know" for p in range(1, 7)}
    alice_client.post(f"/trial/{trial.pk}/unblind/", {**guesses, "certainty": "guessing"})
    html = alice_client.get("/results/").content.decode()
    assert "Læg et par perioder til" not in html
    assert "Der kan kun lægges par til før afblindingen" in html
    refused = alice_client.post(f"/trial/{trial.pk}/extend/", follow=True).content.decode()
    assert "Forsøget er afblindet" in refused
    assert design_from_dict(Trial.objects.get(pk=trial.pk).design).pairs == 3


def test_an_open_result_links_to_a_blinded_trial_start_without_a_command_line(bob_client, bob):
    start = TODAY - dt.timedelta(days=70)
    trial = services.create_trial(bob, build_design("open", start))
    _store_nights(bob, trial, simulate_diary(build_design("open", start), 0.5, seed=5))
    html = bob_client.get("/results/").content.decode()
    assert "cramps fell" in html.lower() or "fewer cramps" in html.lower()
    assert 'href="/trial/start/?kind=blinded"' in html and "Start a blinded trial" in html
    assert "krampe trial" not in html and "--" not in html.split("<main", 1)[1]
    form = bob_client.get("/trial/start/?kind=blinded").content.decode()
    (blinded,) = re.findall(r'<input type="radio" name="kind" value="blinded"[^>]*>', form)
    assert "checked" in blinded
    summary = bob_client.get("/summary/").content.decode()
    assert "krampe trial" not in summary and "krampe analyze" not in summary


def test_the_run_in_is_chosen_at_the_start_from_seven_to_fourteen_nights(bob_client):
    form = bob_client.get("/trial/start/").content.decode()
    assert 'name="run_in"' in form and "7 to 14 nights" in form
    refused = bob_client.post(
        "/trial/start/", {"kind": "blinded", "start": TODAY.isoformat(), "run_in": "15"}
    )
    assert refused.status_code == 200 and not Trial.objects.exists()
    assert "The run-in is at most 14 nights." in refused.content.decode()
    for entered, told in (
        ("5", "The run-in is at least 7 nights."),
        ("ten", "Enter the run-in as a whole number of nights, 7 to 14."),
    ):
        refused = bob_client.post(
            "/trial/start/", {"kind": "blinded", "start": TODAY.isoformat(), "run_in": entered}
        )
        assert told in refused.content.decode() and not Trial.objects.exists()
    bob_client.post("/language/", {"language": "da", "next": "/trial/start/"})
    dansk = bob_client.get("/trial/start/?kind=blinded").content.decode()
    assert "(7 til 14 nætter)" in dansk and "aftager: 7 til 14 nætter" in dansk
    bob_client.post("/language/", {"language": "en", "next": "/trial/start/"})
    bob_client.post(
        "/trial/start/", {"kind": "blinded", "start": TODAY.isoformat(), "run_in": "10"}
    )
    design = design_from_dict(Trial.objects.get().design)
    assert design.run_in_nights == 10
    assert all(p.run_in_nights == 10 and p.nights == 24 for p in design.periods)


def test_a_short_baseline_is_told_with_a_button_that_adds_the_missing_nights(alice_client, alice):
    start = TODAY - dt.timedelta(days=12)
    trial = services.create_trial(alice, build_design("open", start))
    for day in (0, 1, 2):  # 3 of the 12 baseline nights so far; 9 are still ahead
        Night.objects.create(user=alice, date=start + dt.timedelta(days=day), cramps=1)
    for page in ("/results/", "/log/"):
        html = alice_client.get(page).content.decode()
        assert "Din før-periode får for få nætter" in html, page
        assert "Læg 2 nætter til før-perioden" in html
    alice_client.post(f"/trial/{trial.pk}/baseline/", {"next": "/log/"})
    trial.refresh_from_db()
    design = design_from_dict(trial.design)
    assert design.periods[0].nights == 23 and design.periods[1].start == start + dt.timedelta(23)
    assert "Din før-periode får for få nætter" not in alice_client.get("/log/").content.decode()
