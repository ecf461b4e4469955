"""The person being screened: a validated Profile and its JSON Schema.

A profile comes from a JSON file (``krampe screen``) or, later, from the web
app's form. It is checked strictly: unknown fields, unknown symptom and
condition codes and impossible values are refused, and :class:`ProfileError`
names every bad field and what is allowed, in one plain sentence each.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from krampe.domain.text import NO_CONTROL_PATTERN
from krampe.knowledge import loaders

# Ranges a person can have; anything outside is a typing error, not a finding.
AGE_RANGE = (0, 120)
PREGNANT_WEEKS_RANGE = (0, 42)
EGFR_RANGE = (0, 200)
CRAMPS_PER_WEEK_RANGE = (0, 140)  # 20 a night: above that the number is a mistake
MAX_MEDICINES = 60
MAX_NAME_LENGTH = 120


def symptom_codes() -> tuple[str, ...]:
    """Every symptom code the knowledge base knows, in file order."""
    return tuple(s.code for s in loaders.symptoms())


def condition_codes() -> tuple[str, ...]:
    """Every condition code the knowledge base knows, in file order."""
    return tuple(c.code for c in loaders.conditions())


def _enum_items(codes: Any) -> Any:
    """json_schema_extra hook: list the allowed codes in the schema's ``items``."""

    def hook(schema: dict[str, Any]) -> None:
        schema.setdefault("items", {})["enum"] = list(codes())

    return hook


def _check_code(code: str, allowed: tuple[str, ...], what: str) -> str:
    if code not in allowed:
        raise PydanticCustomError(
            "unknown_code",
            "{code} is not a known {what} code; allowed: {allowed}",
            {"code": repr(code), "what": what, "allowed": ", ".join(allowed)},
        )
    return code


def _known_symptom(code: str) -> str:
    return _check_code(code, symptom_codes(), "symptom")


def _known_condition(code: str) -> str:
    return _check_code(code, condition_codes(), "condition")


def _unique(codes: list[str]) -> list[str]:
    # Keep the person's order (triggers are reported as given), drop repeats.
    return list(dict.fromkeys(codes))


MedicineName = Annotated[
    str, Field(min_length=1, max_length=MAX_NAME_LENGTH, pattern=NO_CONTROL_PATTERN)
]
SymptomCode = Annotated[str, AfterValidator(_known_symptom)]
ConditionCode = Annotated[str, AfterValidator(_known_condition)]


class Profile(BaseModel):
    """What Krampe needs to know to screen a person before a magnesium trial."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        str_strip_whitespace=True,
        title="Krampe profile",
        json_schema_extra={
            "examples": [
                {
                    "age": 67,
                    "sex": "female",
                    "medicines": ["Eltroxin", "Furix"],
                    "conditions": ["thyroid_disease"],
                    "symptoms": [],
                    "cramps_per_week": 4,
                    "takes_magnesium": False,
                }
            ],
        },
    )

    age: int = Field(ge=AGE_RANGE[0], le=AGE_RANGE[1], description="Age in whole years (0 to 120).")
    sex: Literal["female", "male"] = Field(
        description="Sex used for reference intakes: female or male."
    )
    pregnant_weeks: int | None = Field(
        default=None,
        ge=PREGNANT_WEEKS_RANGE[0],
        le=PREGNANT_WEEKS_RANGE[1],
        description="Week of pregnancy (0 to 42), or null when not pregnant. Only for sex female.",
    )
    breastfeeding: bool = Field(default=False, description="Breastfeeding now.")
    egfr: float | None = Field(
        default=None,
        ge=EGFR_RANGE[0],
        le=EGFR_RANGE[1],
        description=(
            "Kidney function as eGFR in mL/min/1.73 m² from a blood test (0 to 200), "
            "or null when unknown. Below 60 means: talk to a doctor before supplements."
        ),
    )
    kidney_disease: bool = Field(default=False, description="Known kidney disease.")
    heart_disease: bool = Field(
        default=False, description="Known heart disease (rhythm problems, heart failure, ...)."
    )
    preeclampsia: bool = Field(
        default=False, description="Pre-eclampsia or high blood pressure in pregnancy."
    )
    medicines: list[MedicineName] = Field(
        default_factory=list,
        max_length=MAX_MEDICINES,
        description=(
            "Medicines taken now: brand or substance names as on the pack "
            "(e.g. Eltroxin, furosemid) or ATC codes (e.g. H03AA01)."
        ),
    )
    conditions: Annotated[list[ConditionCode], AfterValidator(_unique)] = Field(
        default_factory=list,
        description="Condition codes (see docs/screening.md).",
        json_schema_extra=_enum_items(condition_codes),
    )
    symptoms: Annotated[list[SymptomCode], AfterValidator(_unique)] = Field(
        default_factory=list,
        description="Symptom codes (see docs/screening.md).",
        json_schema_extra=_enum_items(symptom_codes),
    )
    cramps_per_week: float | None = Field(
        default=None,
        ge=CRAMPS_PER_WEEK_RANGE[0],
        le=CRAMPS_PER_WEEK_RANGE[1],
        description="Usual number of cramps a week (0 to 140), or null when not counted.",
    )
    takes_magnesium: bool = Field(default=False, description="Takes a magnesium supplement now.")

    @model_validator(mode="after")
    def _pregnancy_needs_female(self) -> Profile:
        if self.pregnant_weeks is not None and self.sex != "female":
            raise PydanticCustomError(
                "pregnancy_sex",
                "pregnant_weeks: only allowed when sex is female; allowed for sex male: null",
            )
        return self

    @property
    def pregnant(self) -> bool:
        return self.pregnant_weeks is not None


class ProfileError(ValueError):
    """A profile that cannot be screened. ``problems`` has one sentence per bad field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("invalid profile: " + "; ".join(self.problems))


_TYPE_WORDS = {
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "str": "a text",
    "list": "a list",
}


def _field_name(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "profile"


def _allowed_for(field: str) -> str:
    ranges = {
        "age": ("a whole number", AGE_RANGE),
        "pregnant_weeks": ("null or a whole number", PREGNANT_WEEKS_RANGE),
        "egfr": ("null or a number", EGFR_RANGE),
        "cramps_per_week": ("null or a number", CRAMPS_PER_WEEK_RANGE),
    }
    if field in ranges:
        kind, (low, high) = ranges[field]
        return f"{kind} from {low} to {high}"
    info = Profile.model_fields.get(field)
    if info is None:
        return ""
    annotation = str(info.annotation)
    if field == "sex":
        return "female or male"
    if "bool" in annotation:
        return "true or false"
    if field == "medicines":
        return f"a list of up to {MAX_MEDICINES} names or ATC codes"
    return "a list of codes"


def _sentence(error: Any) -> str:
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind in ("pregnancy_sex",):
        return str(error["msg"])
    if kind == "unknown_code":
        return f"{_field_name(loc)}: {error['msg']}"
    # Errors inside a list item name the item, e.g. medicines[2].
    field = _field_name(loc)
    top = str(loc[0]) if loc else ""
    if kind == "extra_forbidden":
        allowed = ", ".join(Profile.model_fields)
        return f"{field}: unknown field; allowed fields: {allowed}"
    if kind == "missing":
        return f"{field}: missing; required ({_allowed_for(top)})"
    if kind == "model_type" or kind == "dict_type":
        return "profile: must be a JSON object with the fields " + ", ".join(Profile.model_fields)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{field}: {value!r} is out of range; allowed: {_allowed_for(top)}"
    if kind == "literal_error":
        return f"{field}: {value!r} is not allowed; allowed: {_allowed_for(top)}"
    if kind in ("string_too_short", "string_too_long", "string_pattern_mismatch"):
        return (
            f"{field}: {value!r} is not allowed; allowed: a name of 1 to "
            f"{MAX_NAME_LENGTH} characters without control characters"
        )
    if kind == "too_long":
        return f"{field}: too many items; allowed: {_allowed_for(top)}"
    if kind.endswith("_type") or kind.endswith("_parsing") or kind == "int_from_float":
        if len(loc) > 1 and isinstance(loc[-1], int):
            allowed = "a text" if top == "medicines" else "a code"
        else:
            allowed = _allowed_for(top) or _TYPE_WORDS.get(kind.split("_")[0], "")
        return f"{field}: {value!r} is not allowed; allowed: {allowed}"
    return f"{field}: {error['msg']} (got {value!r})"


def parse_profile(data: Any) -> Profile:
    """Validate ``data`` (a dict, e.g. parsed JSON) into a :class:`Profile`.

    Raises :class:`ProfileError` naming each bad field and what is allowed,
    e.g. ``symptoms[2]: 'headache' is not a known symptom code; allowed: ...``.
    """
    if not isinstance(data, dict):
        raise ProfileError(
            ["profile: must be a JSON object with the fields " + ", ".join(Profile.model_fields)]
        )
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        problems = list(dict.fromkeys(_sentence(e) for e in exc.errors()))
        raise ProfileError(problems) from None


def profile_json_schema() -> dict[str, Any]:
    """The JSON Schema of a profile, generated from :class:`Profile` (docs/profile.schema.json)."""
    schema = Profile.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
