"""Results: the chart and its weekly table, the verdict, blinding until the last night, the hub."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from _web import TODAY, night_form, store_trial
from krampe.domain.trial.design import build_design
from krampe.domain.trial.simulate import simulate_diary
from krampe.web.diary import services
from krampe.web.diary.models import Night, Trial

pytestmark = pytest.mark.django_db


def _blinded_trial(user, start: dt.date, seed: int = 11) -> Trial:
    design = build_design("blinded", start, seed)
    trial = store_trial(user, design)
    for n in simulate_diary(design, 0.5, seed=3):
        if n.date >= TODAY:
            continue  # a night not begun yet is not in a diary
        if n.cramps is not None:
            fields = services.row_fields(n, services.stored_phase(trial, n.date))
            Night.objects.create(user=user, date=n.date, **fields)
    return trial


def test_a_blinded_result_stays_hidden_before_the_last_night(alice_client, alice):
    trial = _blinded_trial(alice, TODAY - dt.timedelta(days=40))
    html = alice_client.get("/results/").content.decode()
    assert "Dit resultat er skjult, til forsøget er slut" in html
    assert "data:image/svg+xml" not in html and "Hvad hver periode indeholdt" not in html
    refused = alice_client.post(f"/trial/{trial.pk}/unblind/", follow=True)
    assert "Forsøget er ikke slut endnu" in refused.content.decode()
    trial.refresh_from_db()
    assert trial.unblinded_at is None
    assert not Night.objects.filter(phase__in=["magnesium", "placebo"]).exists()


def test_unblinding_after_the_last_night_reveals_periods_and_shows_the_analysis(
    alice_client, alice
):
    trial = _blinded_trial(alice, TODAY - dt.timedelta(days=130))
    before = alice_client.get("/results/").content.decode()
    assert f"/trial/{trial.pk}/unblind/" in before and "data:image/svg+xml" not in before
    guesses = {f"period_{p}": "dont_know" for p in range(1, 7)}
    alice_client.post(f"/trial/{trial.pk}/unblind/", {**guesses, "certainty": "guessing"})
    trial.refresh_from_db()
    assert trial.unblinded_at is not None
    counted = Night.objects.exclude(phase="run_in")
    assert set(counted.values_list("phase", flat=True)) == {"magnesium", "placebo"}
    html = alice_client.get("/results/").content.decode()
    assert '<img class="chart" src="data:image/svg+xml;base64,' in html
    allocation = html.split('id="allocation-title"', 1)[1].split("</table>", 1)[0]
    assert allocation.count("<td>Placebo</td>") == 3
    assert allocation.count("<td>Magnesium</td>") == 3


def test_results_of_an_open_trial_show_verdict_adherence_side_effects_and_weeks(
    alice_client, alice
):
    start = TODAY - dt.timedelta(days=60)
    services.create_trial(alice, build_design("open", start))
    for n in simulate_diary(build_design("open", start), 0.5, seed=5):
        if n.date >= TODAY:
            continue
        alice_client.post(
            "/log/",
            night_form(
                n.date,
                cramps=str(n.cramps),
                worst_pain=str(n.worst_pain or 0),
                took_dose="yes" if n.took_dose else "no",
                side_effect=n.side_effect or "none",
            ),
        )
    html = alice_client.get("/results/").content.decode()
    assert "Hvad din dagbog siger" in html
    assert "28\u00a0%" in html  # the open-label caveat in Danish (no-break space)
    assert "Bivirkninger" in html and '<td class="key">Løs mave</td>' in html
    # Shares in the Danish way, with a no-break space: "14 %", never "14 %" or "14%".
    sides = html.split('id="side-title"', 1)[1].split("</table>", 1)[0]
    assert re.search(r'<td data-label="Magnesium">\d+\u00a0%</td>', sides)
    adherence = html.split('id="adherence-title"', 1)[1].split("</ul>", 1)[0]
    assert re.search(r"Du fulgte planen for magnesium på \d+\u00a0% af de registrerede", adherence)
    assert not re.search(r"\d %", sides + adherence)
    # The weekly table names the phases by their labels, never by their codes.
    assert "Før (udgangspunkt)" in html and "Indkøring (tæller ikke)" in html
    assert ">run_in<" not in html and ">baseline<" not in html


def test_without_a_trial_the_chart_shows_the_nights_and_asks_for_a_trial(alice_client):
    alice_client.post("/log/", night_form(TODAY - dt.timedelta(days=1)))
    html = alice_client.get("/results/").content.decode()
    assert "data:image/svg+xml" in html and 'href="/trial/start/"' in html
    assert "Hvad din dagbog siger" not in html


def test_a_stored_design_that_no_longer_reads_is_said_not_a_server_error(alice_client, alice):
    Trial.objects.create(user=alice, design={"design": "open", "start": "2026-03-01"})
    alice_client.post("/log/", night_form(TODAY - dt.timedelta(days=1)))
    response = alice_client.get("/results/")
    assert response.status_code == 200
    assert "Krampe kunne ikke læse dit forsøgs gemte plan" in response.content.decode()
    assert alice_client.get("/home/").status_code == 200


def test_home_shows_the_daily_hub_from_the_stored_design(alice_client):
    alice_client.post("/trial/start/", {"kind": "stretching", "start": TODAY.isoformat()})
    html = alice_client.get("/home/").content.decode()
    assert 'href="/log/"' in html
    assert "Nat 1 af 63" in html
    # The next step is the first milestone of the stored design: the first night, today.
    assert "<strong>Næste skridt:</strong> Forsøget begynder" in html
    assert "tirsdag den 10. marts" in html
