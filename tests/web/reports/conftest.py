"""The reports tests: bob (English) and his data; PROFILE is a profile with two medicines."""

from __future__ import annotations

PROFILE = {
    "age": 67,
    "sex": "female",
    "medicines": ["Eltroxin", "Furix"],
    "conditions": [],
    "symptoms": [],
    "cramps_per_week": 4,
    "takes_magnesium": False,
    "egfr": 72,
}
