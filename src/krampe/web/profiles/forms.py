"""The profile form: the screening fields, parsed here, validated by the domain."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from krampe.domain.labels import choices
from krampe.domain.screening.profile import (
    AGE_RANGE,
    CRAMPS_PER_WEEK_RANGE,
    EGFR_RANGE,
    MAX_MEDICINES,
    MAX_NAME_LENGTH,
    PREGNANT_WEEKS_RANGE,
)
from krampe.domain.vocab import SEXES, Lang
from krampe.knowledge import loaders

BOOLEAN_FIELDS = ("breastfeeding", "kidney_disease", "heart_disease", "preeclampsia")

# What is allowed, per field, when the domain refuses a value (its own
# sentences are for the command line; a person reads these in their language).
# Formatted when used, so the text follows the request's language.
_FIELD_PROBLEMS: dict[str, tuple[Promise, dict[str, Any]]] = {
    "age": (
        _("Enter your age in whole years, from %(low)s to %(high)s."),
        {"low": AGE_RANGE[0], "high": AGE_RANGE[1]},
    ),
    "sex": (_("Choose female or male."), {}),
    "pregnant_weeks": (
        _("Only when sex is female. Leave it empty if you are not pregnant."),
        {},
    ),
    "egfr": (
        _("Enter a number from %(low)s to %(high)s, or leave it empty."),
        {"low": EGFR_RANGE[0], "high": EGFR_RANGE[1]},
    ),
    "cramps_per_week": (
        _("Enter a number from %(low)s to %(high)s, or leave it empty."),
        {"low": CRAMPS_PER_WEEK_RANGE[0], "high": CRAMPS_PER_WEEK_RANGE[1]},
    ),
    "medicines": (_("Enter at most %(n)s medicines."), {"n": MAX_MEDICINES}),
    "medicine": (
        _("Enter a name of 1 to %(n)s characters, without control characters."),
        {"n": MAX_NAME_LENGTH},
    ),
    "conditions": (_("Choose from the list."), {}),
    "symptoms": (_("Choose from the list."), {}),
}


def field_problem(field: str) -> str | None:
    """What is allowed in ``field``, in the active language (None for an unknown field)."""
    if field not in _FIELD_PROBLEMS:
        return None
    message, values = _FIELD_PROBLEMS[field]
    return str(message) % values if values else str(message)


_PROBLEM_FIELD = re.compile(r"^(?P<field>[a-z_]+)(\[(?P<index>\d+)\])?")


def problem_field(problem: str) -> tuple[str, int | None]:
    """("medicines", 2) for "medicines[2]: ...", ("age", None) for "age: ..."."""
    match = _PROBLEM_FIELD.match(problem)
    if match is None:
        return "", None
    index = match.group("index")
    return match.group("field"), int(index) if index is not None else None


class ProfileForm(forms.Form):
    age = forms.IntegerField(
        label=_("Age"), min_value=AGE_RANGE[0], max_value=AGE_RANGE[1], help_text=_("In years.")
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        widget=forms.RadioSelect,
        help_text=_("Used for how much magnesium you need."),
    )
    pregnant_weeks = forms.IntegerField(
        label=_("If you are pregnant: week of pregnancy"),
        required=False,
        min_value=PREGNANT_WEEKS_RANGE[0],
        max_value=PREGNANT_WEEKS_RANGE[1],
        help_text=_("Leave empty if you are not pregnant."),
    )
    breastfeeding = forms.BooleanField(label=_("I am breastfeeding"), required=False)
    egfr = forms.FloatField(
        label=_("Kidney function (eGFR), if you know it"),
        required=False,
        min_value=EGFR_RANGE[0],
        max_value=EGFR_RANGE[1],
        help_text=_("From a blood test, in mL/min/1.73 m². Leave empty if you do not know it."),
    )
    kidney_disease = forms.BooleanField(label=_("I have a kidney disease"), required=False)
    heart_disease = forms.BooleanField(
        label=_("I have a heart disease (for example rhythm problems or heart failure)"),
        required=False,
    )
    preeclampsia = forms.BooleanField(
        label=_("I have pre-eclampsia or high blood pressure in pregnancy"), required=False
    )
    conditions = forms.MultipleChoiceField(
        label=_("Do any of these apply to you?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    symptoms = forms.MultipleChoiceField(
        label=_("Do you have any of these?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cramps_per_week = forms.FloatField(
        label=_("About how many cramps do you have a week?"),
        required=False,
        min_value=CRAMPS_PER_WEEK_RANGE[0],
        max_value=CRAMPS_PER_WEEK_RANGE[1],
        help_text=_("Leave empty if you have not counted."),
    )
    takes_magnesium = forms.BooleanField(
        label=_("I take a magnesium supplement now"), required=False
    )

    def __init__(self, *args: Any, lang: Lang = "da", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Codes and labels come from the knowledge base, in the person's language.
        conditions = self.fields["conditions"]
        symptoms = self.fields["symptoms"]
        assert isinstance(conditions, forms.MultipleChoiceField)
        assert isinstance(symptoms, forms.MultipleChoiceField)
        conditions.choices = [(c.code, c.label.text(lang)) for c in loaders.conditions()]
        sex = self.fields["sex"]
        assert isinstance(sex, forms.ChoiceField)
        sex.choices = choices("sex", SEXES, lang)
        symptoms.choices = [(s.code, s.label.text(lang)) for s in loaders.symptoms()]

    def profile_data(self, medicines: list[str]) -> dict[str, Any]:
        """The cleaned fields as the domain's Profile JSON (before its own checks)."""
        data = self.cleaned_data
        egfr = data.get("egfr")
        cramps = data.get("cramps_per_week")
        return {
            "age": data["age"],
            "sex": data["sex"],
            "pregnant_weeks": data.get("pregnant_weeks"),
            **{name: bool(data.get(name)) for name in BOOLEAN_FIELDS},
            "egfr": float(egfr) if egfr is not None else None,
            "medicines": medicines,
            "conditions": list(data.get("conditions") or []),
            "symptoms": list(data.get("symptoms") or []),
            "cramps_per_week": float(cramps) if cramps is not None else None,
            "takes_magnesium": bool(data.get("takes_magnesium")),
        }


def medicine_names(values: list[str]) -> list[str]:
    """The typed medicine names, empty lines dropped (an empty line removes a medicine)."""
    return [v.strip() for v in values if v.strip()]
