import datetime as dt
import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from hypothesis import given, settings
from hypothesis import strategies as st

from krampe.domain.report.fhir import (
    FhirExportError,
    MagnesiumStatement,
    fhir_bundle,
    fhir_bundle_chunks,
    validate_bundle,
)
from krampe.domain.trial.diary import Night
from krampe.domain.vocab import PHASES, SIDE_EFFECTS

NIGHTS = [
    Night(dt.date(2025, 1, 7), "baseline", 0, None, 0, False, False, "none"),
    Night(dt.date(2025, 1, 6), "baseline", 2, 6, 1, False, True, "loose_stools", "left calf"),
    Night(dt.date(2025, 1, 8), "baseline", None),  # not logged
]


def resources(bundle, kind):
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_one_observation_per_logged_night_with_pain_and_awakenings():
    bundle = fhir_bundle("k1", sex="female", nights=NIGHTS, lang="en")
    observations = resources(bundle, "Observation")
    assert [o["effectiveDateTime"] for o in observations] == ["2025-01-06", "2025-01-07"]
    first = observations[0]
    assert first["valueQuantity"]["value"] == 2
    parts = {c["code"]["coding"][-1]["code"]: c for c in first["component"]}
    assert parts["worst_pain"]["valueInteger"] == 6
    assert parts["worst_pain"]["code"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "72514-3",
        "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
    }
    assert parts["awakenings"]["valueInteger"] == 1
    assert parts["stretched"]["valueBoolean"] is True
    assert first["note"] == [{"text": "left calf"}]
    assert "worst_pain" not in {
        c["code"]["coding"][-1]["code"] for c in observations[1]["component"]
    }


def _full_bundle(nights):  # type: ignore[no-untyped-def]
    """A bundle with every kind of resource: nights, two medicines, the magnesium plan."""
    return fhir_bundle(
        "k1",
        sex="male",
        nights=nights,
        medicines=["Eltroxin", "qwertyzzz"],
        magnesium=MagnesiumStatement("intended", 200.0, "citrate"),
        lang="da",
    )


def test_everything_refers_to_the_one_patient_and_parses_back():
    bundle = _full_bundle(NIGHTS)
    parsed = Bundle.model_validate_json(json.dumps(bundle))
    assert parsed.type == "collection"
    patient_url = bundle["entry"][0]["fullUrl"]
    assert bundle["entry"][0]["resource"]["gender"] == "male"
    for entry in bundle["entry"][1:]:
        assert entry["resource"]["subject"]["reference"] == patient_url
    meds = resources(bundle, "MedicationStatement")
    assert meds[0]["medicationCodeableConcept"]["coding"][0]["code"] == "H03AA01"
    assert meds[1]["medicationCodeableConcept"] == {"text": "qwertyzzz"}  # not guessed
    assert meds[2]["status"] == "intended"
    assert meds[2]["dosage"][0]["text"] == "200 mg elementært magnesium om dagen"


def test_ids_are_stable_and_differ_between_people():
    a = fhir_bundle("k1", sex=None, nights=NIGHTS, timestamp=dt.datetime(2025, 1, 9, tzinfo=dt.UTC))
    b = fhir_bundle("k1", sex=None, nights=NIGHTS, timestamp=dt.datetime(2025, 1, 9, tzinfo=dt.UTC))
    c = fhir_bundle("k2", sex=None, nights=NIGHTS)
    assert a == b
    assert a["entry"][0]["fullUrl"] != c["entry"][0]["fullUrl"]
    assert "gender" not in a["entry"][0]["resource"]


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang"):
        fhir_bundle("k1", sex=None, nights=[], lang="de")


def test_the_magnesium_statement_follows_the_plan_and_the_trial() -> None:
    from krampe.domain.report.fhir import magnesium_statement

    running = magnesium_statement(planned_mg=200, trial_running=True, takes_magnesium=False)
    assert running is not None and (running.status, running.daily_mg) == ("active", 200)
    planned = magnesium_statement(planned_mg=200, trial_running=False, takes_magnesium=False)
    assert planned is not None and planned.status == "intended"
    taken = magnesium_statement(planned_mg=None, trial_running=False, takes_magnesium=True)
    assert taken is not None and (taken.status, taken.daily_mg) == ("active", None)
    assert magnesium_statement(planned_mg=None, trial_running=True, takes_magnesium=False) is None


def test_side_effects_and_phases_are_coded_and_labelled() -> None:
    import datetime as dt

    from krampe.domain.report.fhir import fhir_bundle
    from krampe.domain.trial.diary import Night

    night = Night(dt.date(2025, 1, 6), "run_in", 2, 4, side_effect="loose_stools")
    bundle = fhir_bundle("k", sex=None, nights=[night], lang="da")
    (observation,) = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"
    ]
    values = {c["code"]["coding"][-1]["code"]: c for c in observation["component"]}
    side = values["side_effect"]["valueCodeableConcept"]
    assert (side["coding"][0]["code"], side["text"]) == ("loose_stools", "Løs mave")
    phase = values["phase"]["valueCodeableConcept"]
    assert (phase["coding"][0]["code"], phase["text"]) == ("run_in", "Indkøring (tæller ikke)")


def test_the_export_is_exactly_what_the_fhir_models_read_and_write_back():
    # The bundle is returned as built (after validation), not dumped from the models:
    # that must not change a single value.
    nights = [
        Night(
            dt.date(2026, 1, 1) + dt.timedelta(days=i),
            "magnesium" if i % 2 else "baseline",
            i % 5,
            worst_pain=(i % 10) if i % 5 else None,
            awakenings=i % 3,
            took_dose=bool(i % 2),
            stretched=None if i % 7 == 0 else bool(i % 3),
            side_effect=["none", "nausea", None][i % 3],
            note=["", " a note ", "=1+1"][i % 3],
        )
        for i in range(60)
    ]
    bundle = _full_bundle(nights)
    again = Bundle.model_validate(bundle).model_dump(mode="json", by_alias=True, exclude_none=True)
    assert json.dumps(again, sort_keys=True) == json.dumps(bundle, sort_keys=True)


def test_every_kind_of_resource_validates_against_the_fhir_models():
    validate_bundle(_full_bundle(NIGHTS))
    validate_bundle(fhir_bundle("k", sex=None, nights=[], lang="en"))


def test_a_resource_that_breaks_the_fhir_shape_is_named():
    bundle = _full_bundle(NIGHTS)
    del bundle["entry"][1]["resource"]["status"]  # required in an Observation
    with pytest.raises(FhirExportError, match="status"):
        validate_bundle(bundle)


STAMP = dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC)


def test_the_streamed_text_is_exactly_the_bundle():
    nights = sorted(NIGHTS, key=lambda n: n.date)
    chunks = list(
        fhir_bundle_chunks(
            "k1",
            sex="male",
            nights=iter(nights),  # read once, lazily
            medicines=["Eltroxin", "qwertyzzz"],
            magnesium=MagnesiumStatement("intended", 200.0, "citrate"),
            lang="da",
            timestamp=STAMP,
        )
    )
    whole = fhir_bundle(
        "k1",
        sex="male",
        nights=NIGHTS,
        medicines=["Eltroxin", "qwertyzzz"],
        magnesium=MagnesiumStatement("intended", 200.0, "citrate"),
        lang="da",
        timestamp=STAMP,
    )
    assert json.loads("".join(chunks)) == whole
    # The envelope, one chunk per resource (patient, two nights, two medicines, magnesium), the end.
    assert len(chunks) == 1 + 6 + 1


def test_an_empty_diary_streams_a_valid_bundle():
    text = "".join(fhir_bundle_chunks("k", sex=None, nights=iter([]), timestamp=STAMP))
    assert [e.resource.__resource_type__ for e in Bundle.model_validate_json(text).entry] == [
        "Patient"
    ]


def test_the_stream_reads_the_nights_as_it_goes():
    read: list[dt.date] = []

    def nights():  # type: ignore[no-untyped-def]
        for i in range(3):
            night = Night(dt.date(2026, 1, 1) + dt.timedelta(days=i), "baseline", i)
            read.append(night.date)
            yield night

    chunks = fhir_bundle_chunks("k", sex=None, nights=nights(), timestamp=STAMP)
    next(chunks), next(chunks)  # the envelope and the patient
    assert read == []
    next(chunks)
    assert len(read) == 1


_nights = st.builds(
    Night,
    date=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
    phase=st.sampled_from(PHASES),
    cramps=st.none() | st.integers(0, 50),
    worst_pain=st.none() | st.integers(0, 10),
    awakenings=st.none() | st.integers(0, 20),
    took_dose=st.none() | st.booleans(),
    stretched=st.none() | st.booleans(),
    side_effect=st.none() | st.sampled_from(SIDE_EFFECTS),
    note=st.text(max_size=40),
)


@settings(max_examples=40, deadline=None)
@given(
    nights=st.lists(_nights, max_size=12, unique_by=lambda n: n.date),
    sex=st.sampled_from([None, "female", "male", "other"]),
    medicines=st.lists(st.text(min_size=1, max_size=20), max_size=3),
    lang=st.sampled_from(["da", "en"]),
)
def test_any_diary_gives_a_bundle_that_validates_and_streams_the_same(nights, sex, medicines, lang):
    whole = fhir_bundle(
        "k", sex=sex, nights=nights, medicines=medicines, lang=lang, timestamp=STAMP
    )
    validate_bundle(whole)
    ordered = iter(sorted(nights, key=lambda n: n.date))
    chunks = fhir_bundle_chunks(
        "k", sex=sex, nights=ordered, medicines=medicines, lang=lang, timestamp=STAMP
    )
    assert json.loads("".join(chunks)) == whole
