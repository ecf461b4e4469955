"""A FHIR R4 Bundle of a person's Krampe data: Patient, nightly Observations,
MedicationStatements.

Every resource is built as plain JSON. The shape is checked against the
``fhir.resources`` (pydantic) models by :func:`validate_bundle`, which the
tests run over every kind of night and resource (and hypothesis over any
night); a request does not pay for it (about 1.2 ms a night, most of the
export's time). :func:`fhir_bundle_chunks` writes the Bundle as JSON text one
entry at a time, so the export of a long diary is streamed and never held in
memory whole. The models are the R4B ones: Bundle, Patient, Observation and
MedicationStatement have the same structure in R4 (4.0.1) and R4B (4.3.0),
and ``fhir.resources`` ships no separate R4 package.

Codes: LOINC 72514-3 ("Pain severity - 0-10 verbal numeric rating [Score] -
Reported") for the worst pain of a night; ATC for medicines the knowledge base
recognised. There is no LOINC code for "number of night leg cramps", so the
count, the awakenings and the adherence answers carry Krampe's own codes in the
:data:`KRAMPE_CODES` system with readable text.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from krampe.domain import formats
from krampe.domain.labels import Vocabulary, label
from krampe.domain.screening.medicines import resolve_medicine
from krampe.domain.trial.diary import Night
from krampe.domain.vocab import LANGS, Lang, ObservationCode, one_of

FHIR_VERSION = "4.0.1"
KRAMPE_CODES = "urn:krampe:codes"
LOINC = "http://loinc.org"
ATC = "http://www.whocc.no/atc"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
# A fixed namespace: the same person and night always get the same urn:uuid,
# so two exports of the same data can be compared entry by entry.
_NAMESPACE = uuid.UUID("6f1d8f6e-3c8a-4f2e-9a55-2b1c0e7d4a10")


@dataclass(frozen=True)
class MagnesiumStatement:
    """The magnesium supplement of the person's plan."""

    status: Literal["active", "intended"]  # FHIR MedicationStatement.status
    daily_mg: float | None
    product: str = ""


def magnesium_statement(
    *,
    planned_mg: float | None,
    product: str = "",
    trial_running: bool,
    takes_magnesium: bool,
) -> MagnesiumStatement | None:
    """What the export says about magnesium.

    With a saved plan (``planned_mg``): taken now ("active") while a trial
    runs, else "intended". Without one, the profile's "takes magnesium now"
    is an active statement without a dose. Otherwise nothing is said.
    """
    if planned_mg is not None:
        return MagnesiumStatement("active" if trial_running else "intended", planned_mg, product)
    if takes_magnesium:
        return MagnesiumStatement("active", None)
    return None


class FhirExportError(ValueError):
    """The data could not be turned into a valid FHIR Bundle."""


def _uuid(key: str, *parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, '/'.join((key, *parts)))}"


def _concept(code: ObservationCode, lang: Lang) -> dict[str, Any]:
    return _coded("observation", code, lang)


def _coded(vocabulary: Vocabulary, code: str, lang: Lang) -> dict[str, Any]:
    text = label(vocabulary, code, lang)
    return {"coding": [{"system": KRAMPE_CODES, "code": code, "display": text}], "text": text}


def _component(code: ObservationCode, lang: Lang, value: dict[str, Any]) -> dict[str, Any]:
    concept = _concept(code, lang)
    if code == "worst_pain":
        concept["coding"].insert(
            0,
            {
                "system": LOINC,
                "code": "72514-3",
                "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
            },
        )
    return {"code": concept, **value}


def _observation(night: Night, patient_ref: str, lang: Lang) -> dict[str, Any]:
    components: list[dict[str, Any]] = []
    if night.worst_pain is not None:
        components.append(_component("worst_pain", lang, {"valueInteger": night.worst_pain}))
    if night.awakenings is not None:
        components.append(_component("awakenings", lang, {"valueInteger": night.awakenings}))
    flags: tuple[tuple[ObservationCode, bool | None], ...] = (
        ("took_dose", night.took_dose),
        ("stretched", night.stretched),
    )
    for code, flag in flags:
        if flag is not None:
            components.append(_component(code, lang, {"valueBoolean": flag}))
    if night.side_effect:
        value = _coded("side_effect", night.side_effect, lang)
        components.append(_component("side_effect", lang, {"valueCodeableConcept": value}))
    if night.phase:
        value = _coded("phase", night.phase, lang)
        components.append(_component("phase", lang, {"valueCodeableConcept": value}))
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [
            {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
        ],
        "code": _concept("cramps", lang),
        "subject": {"reference": patient_ref},
        # The night of this date: the diary dates a night by the evening it began.
        "effectiveDateTime": night.date.isoformat(),
        "valueQuantity": {
            "value": night.cramps,
            "unit": "cramps",
            "system": UCUM,
            "code": "{cramps}",
        },
    }
    if components:
        resource["component"] = components
    if night.note.strip():
        resource["note"] = [{"text": night.note.strip()}]
    return resource


def _medication(name: str, patient_ref: str, lang: Lang) -> dict[str, Any]:
    resolution = resolve_medicine(name, lang)
    concept: dict[str, Any] = {"text": name}
    if resolution.resolved is not None:
        concept["coding"] = [
            {"system": ATC, "code": resolution.resolved.atc, "display": resolution.resolved.name}
        ]
    return {
        "resourceType": "MedicationStatement",
        "status": "active",
        "medicationCodeableConcept": concept,
        "subject": {"reference": patient_ref},
    }


def _magnesium(statement: MagnesiumStatement, patient_ref: str, lang: Lang) -> dict[str, Any]:
    text = label("observation", "magnesium", lang)
    if statement.product:
        text = f"{text} ({statement.product})"
    resource: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "status": statement.status,
        "medicationCodeableConcept": {
            "coding": [{"system": KRAMPE_CODES, "code": "magnesium", "display": text}],
            "text": text,
        },
        "subject": {"reference": patient_ref},
    }
    if statement.daily_mg:
        mg = round(statement.daily_mg, 1)
        word = (
            "mg elementært magnesium om dagen" if lang == "da" else "mg elemental magnesium a day"
        )
        amount = formats.amount(mg, lang)
        resource["dosage"] = [
            {
                "text": f"{amount} {word}",
                "doseAndRate": [
                    {"doseQuantity": {"value": mg, "unit": "mg", "system": UCUM, "code": "mg"}}
                ],
            }
        ]
    return resource


Entry = tuple[str, dict[str, Any]]  # fullUrl, resource


def _entries(
    person_key: str,
    *,
    sex: str | None,
    nights: Iterable[Night],
    medicines: Sequence[str],
    magnesium: MagnesiumStatement | None,
    lang: Lang,
) -> Iterator[Entry]:
    """The Bundle's entries, one at a time, nights in the order given."""
    patient_ref = _uuid(person_key, "patient")
    patient: dict[str, Any] = {"resourceType": "Patient", "active": True}
    if sex in ("female", "male"):
        patient["gender"] = sex
    yield patient_ref, patient
    for night in nights:
        if night.cramps is not None:
            night_ref = _uuid(person_key, "night", night.date.isoformat())
            yield night_ref, _observation(night, patient_ref, lang)
    for index, name in enumerate(medicines):
        # A blank name says nothing (and FHIR allows no blank string).
        if name.strip():
            ref = _uuid(person_key, "medicine", str(index), name)
            yield ref, _medication(name.strip(), patient_ref, lang)
    if magnesium is not None:
        yield _uuid(person_key, "magnesium"), _magnesium(magnesium, patient_ref, lang)


def _envelope(timestamp: dt.datetime | None) -> dict[str, Any]:
    """The Bundle without its entries."""
    stamp = timestamp or dt.datetime.now(dt.UTC)
    return {
        "resourceType": "Bundle",
        "meta": {"tag": [{"system": KRAMPE_CODES, "code": "export", "display": "Krampe"}]},
        "type": "collection",
        "timestamp": stamp.isoformat(timespec="seconds").replace("+00:00", "Z"),
    }


def fhir_bundle(
    person_key: str,
    *,
    sex: str | None,
    nights: Sequence[Night],
    medicines: Sequence[str] = (),
    magnesium: MagnesiumStatement | None = None,
    lang: Lang = "en",
    timestamp: dt.datetime | None = None,
) -> dict[str, Any]:
    """The person's data as a FHIR R4 ``collection`` Bundle (JSON-ready dict).

    ``person_key`` is any stable, private key of the person (it is hashed
    into the urn:uuid ids, never written out). Nights without a cramp count
    were not logged and get no Observation. Observations are in date order.
    """
    lang = one_of(LANGS, lang, "lang")
    ordered = sorted(nights, key=lambda n: n.date)
    entries = _entries(
        person_key, sex=sex, nights=ordered, medicines=medicines, magnesium=magnesium, lang=lang
    )
    bundle = _envelope(timestamp)
    bundle["entry"] = [{"fullUrl": url, "resource": resource} for url, resource in entries]
    return bundle


def fhir_bundle_chunks(
    person_key: str,
    *,
    sex: str | None,
    nights: Iterable[Night],
    medicines: Sequence[str] = (),
    magnesium: MagnesiumStatement | None = None,
    lang: Lang = "en",
    timestamp: dt.datetime | None = None,
) -> Iterator[str]:
    """The same Bundle as :func:`fhir_bundle`, as JSON text one entry a chunk.

    ``nights`` must come in date order (a database cursor read in chunks, for
    instance): it is read once, lazily, so memory does not grow with the
    diary. The text parses to exactly :func:`fhir_bundle`'s dict.
    """
    lang = one_of(LANGS, lang, "lang")
    head = json.dumps(_envelope(timestamp), ensure_ascii=False)
    yield head[:-1] + ', "entry": [\n'
    entries = _entries(
        person_key, sex=sex, nights=nights, medicines=medicines, magnesium=magnesium, lang=lang
    )
    for index, (url, resource) in enumerate(entries):
        entry = json.dumps({"fullUrl": url, "resource": resource}, ensure_ascii=False)
        yield ("" if index == 0 else ",\n") + entry
    yield "\n]}\n"


def validate_bundle(bundle: dict[str, Any]) -> None:
    """Check every resource and the Bundle around them against the FHIR R4B models.

    Raises :class:`FhirExportError` naming what did not validate. For the
    tests (and any tool that wants the check): the export itself does not pay
    for it on every request.
    """
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.medicationstatement import MedicationStatement
    from fhir.resources.R4B.observation import Observation
    from fhir.resources.R4B.patient import Patient

    models: dict[str, Any] = {
        "Patient": Patient,
        "Observation": Observation,
        "MedicationStatement": MedicationStatement,
    }
    try:
        for entry in bundle["entry"]:
            resource = entry["resource"]
            models[resource["resourceType"]].model_validate(resource)
        Bundle.model_validate({**bundle, "entry": []})
    except (ValueError, KeyError) as exc:  # pydantic's ValidationError is a ValueError
        raise FhirExportError(f"the FHIR export did not validate: {exc}") from exc
