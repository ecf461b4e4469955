"""The answers file: questionnaire answers or a food log, and their checks.

Two shapes, told apart by ``kind``::

    {"kind": "questionnaire", "profile": {...}, "exclusions": [...],
     "answers": {"rye_bread": {"frequency": "1_per_day", "portions": 2}, ...}}

    {"kind": "food_log", "period": "day" | "week", "profile": {...},
     "exclusions": [...], "entries": [{"food": "rugbrød", "grams": 100}, ...]}

The pydantic models check the shape; :func:`parse_answers` adds what only
the knowledge base knows (item ids, frequency codes, variants, exclusion
codes). Anything wrong becomes a :class:`DietError` naming the field and
what is allowed. The JSON Schema in ``docs/`` is generated from the same
models by :func:`answers_json_schema`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from krampe.knowledge import ffq

# Limits that catch typing mistakes without judging anyone's diet.
MAX_PORTIONS = 20.0
MAX_PER_DAY = 40.0
MAX_LITRES_PER_DAY = 10.0
MAX_GRAMS = 5000.0
# The reference intakes start at one year.
AGE_RANGE = (1, 120)


class DietError(ValueError):
    """An answers file that cannot be used; the message names the field."""


class UnknownFoodError(DietError):
    """A food log names a food the knowledge base does not know."""

    def __init__(self, field: str, query: str, matches: tuple[str, ...]) -> None:
        self.field = field
        self.query = query
        self.matches = matches
        if matches:
            hint = "closest matches: " + "; ".join(matches)
        else:
            hint = "no close match; list foods with `krampe kb foods --search TEXT`"
        super().__init__(f"{field}: no food called {query!r} ({hint})")


_STRICT = ConfigDict(extra="forbid", frozen=True)


class Profile(BaseModel):
    """Who the estimate is for: sets the reference intake."""

    model_config = _STRICT

    age: float = Field(ge=AGE_RANGE[0], le=AGE_RANGE[1], description="Age in years (1 to 120).")
    sex: Literal["female", "male"]
    pregnant: bool = False
    lactating: bool = False


class ItemAnswer(BaseModel):
    """One questionnaire item: how often and how much, or how much a day."""

    model_config = _STRICT

    frequency: str | None = Field(
        None, description="A frequency code from ffq.toml, e.g. '1_per_day'."
    )
    portions: float | None = Field(
        None, gt=0, le=MAX_PORTIONS, description="Portions each time (default 1)."
    )
    per_day: float | None = Field(
        None, ge=0, le=MAX_PER_DAY, description="Portions (glasses for water) a day."
    )
    litres_per_day: float | None = Field(
        None, ge=0, le=MAX_LITRES_PER_DAY, description="Litres a day (water and drinks)."
    )
    variant: str | None = Field(None, description="For items with variants: the food chosen.")


class QuestionnaireAnswers(BaseModel):
    """Answers to the questionnaire. Items left out count as never."""

    model_config = _STRICT

    kind: Literal["questionnaire"]
    profile: Profile
    exclusions: tuple[str, ...] = ()
    answers: dict[str, ItemAnswer]


class LogEntry(BaseModel):
    """One food in a food log: grams, or a number of portions."""

    model_config = _STRICT

    food: str = Field(min_length=1, description="A food name in Danish or English, or its id.")
    grams: float | None = Field(None, gt=0, le=MAX_GRAMS, description="Grams (ml for drinks).")
    portions: float | None = Field(None, gt=0, le=MAX_PORTIONS)
    portion: str | None = Field(
        None,
        description="Which portion: a unit ('håndfuld') or label ('1 skive'); "
        "default the food's usual portion.",
    )


class FoodLog(BaseModel):
    """What was eaten in one day, or in one week."""

    model_config = _STRICT

    kind: Literal["food_log"]
    period: Literal["day", "week"]
    profile: Profile
    exclusions: tuple[str, ...] = ()
    entries: tuple[LogEntry, ...] = Field(min_length=1)


DietAnswers = QuestionnaireAnswers | FoodLog

_FIELDS: dict[str, tuple[str, ...]] = {
    "questionnaire": tuple(QuestionnaireAnswers.model_fields),
    "food_log": tuple(FoodLog.model_fields),
    "profile": tuple(Profile.model_fields),
    "answers": tuple(ItemAnswer.model_fields),
    "entries": tuple(LogEntry.model_fields),
}


def _where(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "answers file"


def _from_validation(kind: str, error: ValidationError) -> DietError:
    messages = []
    for problem in error.errors():
        loc = tuple(problem["loc"])
        message = str(problem["msg"])
        if problem["type"] == "extra_forbidden":
            context = loc[0] if len(loc) > 1 else kind
            allowed = _FIELDS.get(str(context), ())
            message = "unknown field; allowed: " + ", ".join(allowed)
        elif problem["type"] == "missing":
            message = "missing (required)"
        messages.append(f"{_where(loc)}: {message}")
    return DietError("; ".join(messages))


def _one_of(field: str, value: str, allowed: tuple[str, ...]) -> DietError:
    return DietError(f"{field}: {value!r} is not allowed; allowed: {', '.join(allowed)}")


def parse_answers(data: Any, *, data_dir: Path | str | None = None) -> DietAnswers:
    """Check a decoded answers file and return it as a model.

    Raises :class:`DietError` naming the field and what is allowed.
    """
    if not isinstance(data, dict):
        raise DietError("answers file: must be a JSON object with a 'kind'")
    kind = data.get("kind")
    model: type[QuestionnaireAnswers] | type[FoodLog]
    if kind == "questionnaire":
        model = QuestionnaireAnswers
    elif kind == "food_log":
        model = FoodLog
    else:
        raise _one_of("kind", str(kind), ("questionnaire", "food_log"))
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        raise _from_validation(str(kind), exc) from None

    questions = ffq.questionnaire(data_dir)
    exclusion_codes = tuple(e.code for e in questions.exclusions)
    for index, code in enumerate(parsed.exclusions):
        if code not in exclusion_codes:
            raise _one_of(f"exclusions[{index}]", code, exclusion_codes)
    if parsed.profile.sex == "male" and (parsed.profile.pregnant or parsed.profile.lactating):
        raise DietError("profile.pregnant/lactating: only with sex 'female'")
    if isinstance(parsed, QuestionnaireAnswers):
        _check_questionnaire(parsed, questions)
    else:
        for index, entry in enumerate(parsed.entries):
            where = f"entries[{index}]"
            if (entry.grams is None) == (entry.portions is None):
                raise DietError(f"{where}: give either grams or portions (exactly one)")
            if entry.portion is not None and entry.portions is None:
                raise DietError(f"{where}.portion: only together with portions")
    return parsed


def _check_questionnaire(parsed: QuestionnaireAnswers, questions: ffq.Questionnaire) -> None:
    item_ids = tuple(i.id for i in questions.items)
    codes = tuple(f.code for f in questions.frequencies)
    for item_id, answer in parsed.answers.items():
        where = f"answers.{item_id}"
        if item_id not in item_ids:
            raise _one_of("answers", item_id, item_ids)
        item = questions.item(item_id)
        given = [
            name
            for name in ("frequency", "per_day", "litres_per_day")
            if getattr(answer, name) is not None
        ]
        if len(given) != 1:
            raise DietError(
                f"{where}: give exactly one of frequency (with portions), per_day, litres_per_day"
            )
        if answer.frequency is not None and answer.frequency not in codes:
            raise _one_of(f"{where}.frequency", answer.frequency, codes)
        if answer.portions is not None and answer.frequency is None:
            raise DietError(f"{where}.portions: only together with frequency")
        if answer.litres_per_day is not None and item.ask != "per_day":
            raise DietError(f"{where}.litres_per_day: only for drinks asked per day")
        if answer.variant is not None and answer.variant not in item.variants:
            allowed = item.variants or ("(none: this item has no variants)",)
            raise _one_of(f"{where}.variant", answer.variant, allowed)


def answers_json_schema(data_dir: Path | str | None = None) -> dict[str, Any]:
    """JSON Schema for the answers file, with the codes from ``ffq.toml`` filled in."""
    questions = ffq.questionnaire(data_dir)
    tagged = Annotated[QuestionnaireAnswers | FoodLog, Field(discriminator="kind")]
    schema: dict[str, Any] = TypeAdapter(tagged).json_schema()
    defs = schema["$defs"]
    item_ids = [i.id for i in questions.items]
    exclusion_codes = [e.code for e in questions.exclusions]
    defs["QuestionnaireAnswers"]["properties"]["answers"]["propertyNames"] = {"enum": item_ids}
    for name in ("QuestionnaireAnswers", "FoodLog"):
        defs[name]["properties"]["exclusions"]["items"] = {
            "type": "string",
            "enum": exclusion_codes,
        }
    answer = defs["ItemAnswer"]["properties"]
    answer["frequency"]["anyOf"][0]["enum"] = [f.code for f in questions.frequencies]
    variants = sorted({v for i in questions.items for v in i.variants})
    answer["variant"]["anyOf"][0]["enum"] = variants
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Krampe diet answers (questionnaire or food log)",
        **schema,
    }
