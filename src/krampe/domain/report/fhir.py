"""A FHIR R4 Bundle of a person's Krampe data: Patient, nightly Observations,
MedicationStatements.

Every resource is built as plain JSON and validated by constructing the
``fhir.resources`` models, so an invalid export raises instead of reaching a
doctor's system. The models are the R4B ones: Bundle, Patient, Observation and
MedicationStatement have the same structure in R4 (4.0.1) and R4B (4.3.0), and
``fhir.resources`` ships no separate R4 package.

Codes: LOINC 72514-3 ("Pain severity - 0-10 verbal numeric rating [Score] -
Reported") for the worst pain of a night; ATC for medicines the knowledge base
recognised. There is no LOINC code for "number of night leg cramps", so the
count, the awakenings and the adherence answers carry Krampe's own codes in the
:data:`KRAMPE_CODES` system with readable text.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient

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
        amount = f"{mg:g}".replace(".", ",") if lang == "da" else f"{mg:g}"
        resource["dosage"] = [
            {
                "text": f"{amount} {word}",
                "doseAndRate": [
                    {"doseQuantity": {"value": mg, "unit": "mg", "system": UCUM, "code": "mg"}}
                ],
            }
        ]
    return resource


_MODELS: dict[str, Any] = {
    "Patient": Patient,
    "Observation": Observation,
    "MedicationStatement": MedicationStatement,
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
    were not logged and get no Observation. Raises :class:`FhirExportError`
    when a resource does not validate.
    """
    lang = one_of(LANGS, lang, "lang")
    patient_ref = _uuid(person_key, "patient")
    patient: dict[str, Any] = {"resourceType": "Patient", "active": True}
    if sex in ("female", "male"):
        patient["gender"] = sex
    resources: list[tuple[str, dict[str, Any]]] = [(patient_ref, patient)]
    for night in sorted(nights, key=lambda n: n.date):
        if night.cramps is None:
            continue
        resources.append(
            (
                _uuid(person_key, "night", night.date.isoformat()),
                _observation(night, patient_ref, lang),
            )
        )
    for index, name in enumerate(medicines):
        resources.append(
            (_uuid(person_key, "medicine", str(index), name), _medication(name, patient_ref, lang))
        )
    if magnesium is not None:
        resources.append((_uuid(person_key, "magnesium"), _magnesium(magnesium, patient_ref, lang)))
    stamp = timestamp or dt.datetime.now(dt.UTC)
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "meta": {"tag": [{"system": KRAMPE_CODES, "code": "export", "display": "Krampe"}]},
        "type": "collection",
        "timestamp": stamp.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in resources],
    }
    try:
        # Each resource is validated once, and the Bundle around them; the export is the
        # JSON that validated. (Dumping the models back out took two thirds of the time
        # for a long diary and gives the same JSON.)
        for _, resource in resources:
            _MODELS[resource["resourceType"]].model_validate(resource)
        Bundle.model_validate({**bundle, "entry": []})
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise FhirExportError(f"the FHIR export did not validate: {exc}") from exc
    return bundle
