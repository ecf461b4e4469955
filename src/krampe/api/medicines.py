"""Medicine look-up: what a typed name resolves to, and names to suggest while typing.

JSON only. The domain's :func:`lookup_medicine` answers, the same function the
profile form's live look-up uses, so the API and the page always agree.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.utils import translation
from ninja import Query, Router, Schema
from pydantic import Field

from krampe.domain.screening.lookup import MedicineName, lookup_medicine
from krampe.domain.screening.profile import MAX_NAME_LENGTH
from krampe.domain.text import NO_CONTROL_PATTERN
from krampe.domain.vocab import lang_or_default

router = Router(tags=["medicines"])


class MedicineOut(Schema):
    """A medicine: the name that matched (brand or substance), the substance, its ATC code.

    A combination product says so and names its substances.
    """

    name: str
    substance: str
    atc: str
    combination: bool = False
    components: list[str] = Field(
        default_factory=list, description="A combination's substances; empty otherwise."
    )


class LookupOut(Schema):
    query: str
    resolved: MedicineOut | None = Field(
        description="What the screening will take the name as; null when not recognised."
    )
    candidates: list[MedicineOut] = Field(description="Names to suggest, best first.")


class LookupIn(Schema):
    q: str = Field(
        min_length=1,
        max_length=MAX_NAME_LENGTH,
        pattern=NO_CONTROL_PATTERN,
        description="The typed name (no control characters).",
    )
    lang: Literal["da", "en"] | None = Field(
        default=None, description="Language of substance names (default: the request's)."
    )


def _out(found: MedicineName) -> MedicineOut:
    return MedicineOut(
        name=found.name,
        substance=found.substance,
        atc=found.atc,
        combination=bool(found.components),
        components=list(found.components),
    )


@router.get("/medicines", response=LookupOut, url_name="medicines")
def medicines(request: HttpRequest, params: Query[LookupIn]) -> LookupOut:
    """Look up a typed medicine name (brand, substance or ATC code)."""
    lang = params.lang or lang_or_default(translation.get_language())
    result = lookup_medicine(params.q.strip() or params.q, lang)
    return LookupOut(
        query=result.query,
        resolved=None if result.resolved is None else _out(result.resolved),
        candidates=[_out(c) for c in result.candidates],
    )
