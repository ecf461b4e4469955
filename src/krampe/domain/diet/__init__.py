"""Dietary magnesium: questionnaire or food log → mg/day against the reference intake.

Pure functions over the knowledge base (no Django, no shells):

- :func:`parse_answers` checks an answers file (questionnaire or food log);
- :func:`estimate` gives intake, reference, gap, top contributors and suggestions;
- :func:`suggestions` ranks everyday portions that close a gap;
- :func:`answers_json_schema` is the JSON Schema of the answers file;
- :func:`diet_profile_from` takes who the estimate is for from the screening profile.
"""

from .answers import (
    DietAnswers,
    DietError,
    FoodLog,
    QuestionnaireAnswers,
    UnknownFoodError,
    answers_json_schema,
    parse_answers,
)
from .estimate import Contributor, DietEstimate, FoodMatch, estimate, find_food
from .from_screening import diet_profile_from
from .suggest import SuggestedPortion, excluded_food_ids, suggestions

__all__ = [
    "Contributor",
    "DietAnswers",
    "DietError",
    "DietEstimate",
    "FoodLog",
    "FoodMatch",
    "QuestionnaireAnswers",
    "SuggestedPortion",
    "UnknownFoodError",
    "answers_json_schema",
    "diet_profile_from",
    "estimate",
    "excluded_food_ids",
    "find_food",
    "parse_answers",
    "suggestions",
]
