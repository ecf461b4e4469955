import csv
import io
import json

import pytest
from fhir.resources.R4B.bundle import Bundle

from krampe.domain.trial.diary import parse_diary_csv
from krampe.web.plans.models import CalendarFeed, SupplementPlan
from krampe.web.profiles.models import HealthProfile
from web.reports.conftest import PROFILE

pytestmark = pytest.mark.django_db


def test_diary_csv_is_the_trial_engine_format_and_reads_back(bob_client, bob, charlie, add_nights):
    add_nights(bob, [("2025-01-06", "baseline", 2, 6), ("2025-01-07", "baseline", 0, None)])
    other = charlie
    add_nights(other, [("2025-01-06", "baseline", 9, 9)])
    response = bob_client.get("/data/diary.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.streaming  # never built whole in memory
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0] == (
        "date,phase,cramps,worst_pain,awakenings,took_dose,stretched,side_effect,note"
    )
    nights = parse_diary_csv(text)
    assert [(n.date.isoformat(), n.cramps, n.worst_pain) for n in nights] == [
        ("2025-01-06", 2, 6),
        ("2025-01-07", 0, None),
    ]


def test_json_export_has_everything_but_feed_tokens(bob_client, bob, add_nights):
    HealthProfile.objects.create(user=bob, data=PROFILE)
    SupplementPlan.objects.create(user=bob, product="citrate", daily_mg=200)
    feed = CalendarFeed.objects.create(user=bob)
    add_nights(bob, [("2025-01-06", "baseline", 2, 6)])
    response = bob_client.get("/data/krampe.json")
    assert response.status_code == 200
    payload = json.loads(response.content)
    assert payload["user"]["username"] == "bob"
    assert payload["profile"]["data"]["medicines"] == ["Eltroxin", "Furix"]
    assert payload["plan"]["product"] == "citrate"
    assert payload["nights"][0]["date"] == "2025-01-06"
    assert payload["calendar_feeds"][0]["active"] is True
    assert feed.token not in response.content.decode()
    assert payload["diet"] is None and payload["trials"] == []


def test_fhir_export_parses_back_with_fhir_resources(bob_client, bob, add_nights):
    HealthProfile.objects.create(user=bob, data=PROFILE)
    SupplementPlan.objects.create(user=bob, product="citrate", daily_mg=200)
    add_nights(bob, [("2025-01-06", "baseline", 2, 6), ("2025-01-07", "baseline", 0, None)])
    response = bob_client.get("/data/fhir.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    assert response.streaming and "no-store" in response["Cache-Control"]
    bundle = Bundle.model_validate_json(_body(response))
    kinds = [e.resource.__resource_type__ for e in bundle.entry]
    assert kinds.count("Patient") == 1
    assert kinds.count("Observation") == 2
    # Eltroxin, Furix and the planned magnesium
    assert kinds.count("MedicationStatement") == 3
    atc = {
        c.code
        for e in bundle.entry
        if e.resource.__resource_type__ == "MedicationStatement"
        for c in (e.resource.medicationCodeableConcept.coding or [])
    }
    assert "H03AA01" in atc  # levothyroxine, what Eltroxin resolved to


def test_the_fhir_export_does_not_validate_through_the_models_per_request(
    bob_client, bob, add_nights, monkeypatch
):
    # The shape is checked by tests/domain/report/test_fhir.py, not on every export.
    from fhir.resources.R4B.observation import Observation

    def refused(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("validated at request time")

    monkeypatch.setattr(Observation, "model_validate", refused)
    add_nights(bob, [("2025-01-06", "baseline", 2, 6)])
    text = _body(bob_client.get("/data/fhir.json"))
    observations = [
        e for e in json.loads(text)["entry"] if e["resource"]["resourceType"] == "Observation"
    ]
    assert [o["resource"]["effectiveDateTime"] for o in observations] == ["2025-01-06"]


def test_exports_of_an_empty_account_still_work(bob_client):
    assert list(csv.reader(io.StringIO(_body(bob_client.get("/data/diary.csv"))))) == [
        [
            "date",
            "phase",
            "cramps",
            "worst_pain",
            "awakenings",
            "took_dose",
            "stretched",
            "side_effect",
            "note",
        ]
    ]
    bundle = Bundle.model_validate_json(_body(bob_client.get("/data/fhir.json")))
    assert [e.resource.__resource_type__ for e in bundle.entry] == ["Patient"]
    assert json.loads(bob_client.get("/data/krampe.json").content)["nights"] == []


def test_exports_need_login(client):
    for url in ("/data/", "/data/diary.csv", "/data/krampe.json", "/data/fhir.json"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_a_night_stored_without_phase_is_exported_as_baseline(bob_client, bob, add_nights):
    add_nights(bob, [("2025-01-06", "", 1, 2)])
    nights = parse_diary_csv(_body(bob_client.get("/data/diary.csv")))
    assert [(n.phase, n.cramps) for n in nights] == [("baseline", 1)]


def test_json_export_has_the_dose_answers_and_reminder_phones_without_their_keys(bob_client, bob):
    import datetime as dt

    from krampe.web.reminders.models import DoseTaken, PushSubscription

    DoseTaken.objects.create(user=bob, date=dt.date(2025, 1, 6))
    PushSubscription.objects.create(
        user=bob,
        endpoint="https://push.example/secret-endpoint",
        p256dh="secret-p256dh",
        auth="secret-auth",
        time_zone="Europe/Copenhagen",
    )
    response = bob_client.get("/data/krampe.json")
    payload = json.loads(response.content)
    assert [d["date"] for d in payload["doses_taken"]] == ["2025-01-06"]
    assert payload["reminder_phones"][0]["time_zone"] == "Europe/Copenhagen"
    assert "secret" not in response.content.decode()


def test_a_trial_whose_design_no_longer_reads_is_still_exported_and_warned_of(bob_client, bob):
    from krampe.web.diary.models import Trial

    Trial.objects.create(user=bob, design={"design": "blinded", "start": "2026-03-01"})
    payload = json.loads(bob_client.get("/data/krampe.json").content)
    assert payload["trials"][0]["kind"] == "blinded" and payload["trials"][0]["seed"] is None
    assert "Your blinded trial is still running" in bob_client.get("/data/").content.decode()


def test_the_trial_export_names_kind_and_start_and_a_blinded_trial_has_only_its_seal(
    bob_client, bob
):
    import datetime as dt

    from _web import store_trial
    from krampe.domain.trial.design import blinded_design

    store_trial(bob, blinded_design(dt.date(2026, 3, 2), 41))
    (trial,) = json.loads(bob_client.get("/data/krampe.json").content)["trials"]
    assert (trial["kind"], trial["start"], trial["seed"]) == ("blinded", "2026-03-02", None)
    assert trial["design"]["seed"] is None and "threshold" not in trial
    assert trial["design"]["seal"]["code"] and trial["design"]["seal"]["revealed"] == []


def _body(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_a_long_export_streams_in_blocks_not_one_write_per_entry(bob_client, bob):
    import datetime as dt

    from krampe.web.diary.models import Night
    from krampe.web.reports.views import STREAM_BLOCK_BYTES

    first = dt.date(2024, 1, 1)
    Night.objects.bulk_create(
        Night(user=bob, date=first + dt.timedelta(days=d), phase="baseline", cramps=d % 3)
        for d in range(400)
    )
    response = bob_client.get("/data/fhir.json")
    blocks = list(response.streaming_content)
    bundle = Bundle.model_validate_json(b"".join(blocks))
    assert sum(e.resource.__resource_type__ == "Observation" for e in bundle.entry) == 400
    # About one block of 64 KiB per 64 KiB, where it was one chunk per entry.
    assert len(blocks) <= len(b"".join(blocks)) // STREAM_BLOCK_BYTES + 1 < len(bundle.entry)
    assert all(len(b) >= STREAM_BLOCK_BYTES for b in blocks[:-1])


def test_blocks_keep_every_character_and_the_order():
    from krampe.web.reports.views import in_blocks

    chunks = ["æøå " * n for n in range(50)] + ["", "slut"]
    blocks = list(in_blocks(iter(chunks), size=100))
    assert b"".join(blocks).decode("utf-8") == "".join(chunks)
    assert all(len(b) >= 100 for b in blocks[:-1]) and len(blocks) > 1
    assert list(in_blocks(iter([]))) == []
