"""The diet wizard's forms: who the estimate is for, exclusions, and one food group a screen."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from krampe.domain.diet.answers import AGE_RANGE
from krampe.domain.labels import choices
from krampe.domain.vocab import SEXES, Lang
from krampe.knowledge import ffq, loaders


def amount_label(value: float) -> str:
    """0.5 → "½", 2.0 → "2": how people read portion counts."""
    if value == 0.5:
        return "½"
    return f"{value:g}"


class StartForm(forms.Form):
    """Who the estimate is for (asked only without a health profile), and exclusions."""

    age = forms.IntegerField(label=_("Age"), min_value=AGE_RANGE[0], max_value=AGE_RANGE[1])
    sex = forms.ChoiceField(label=_("Sex"), widget=forms.RadioSelect)
    pregnant = forms.BooleanField(label=_("I am pregnant"), required=False)
    lactating = forms.BooleanField(label=_("I am breastfeeding"), required=False)
    exclusions = forms.MultipleChoiceField(
        label=_("Foods you do not eat"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Krampe will not suggest these."),
    )

    def __init__(self, *args: Any, ask_profile: bool = True, lang: Lang = "da", **kwargs: Any):
        super().__init__(*args, **kwargs)
        sex = self.fields["sex"]
        assert isinstance(sex, forms.ChoiceField)
        sex.choices = choices("sex", SEXES, lang)
        exclusions = self.fields["exclusions"]
        assert isinstance(exclusions, forms.MultipleChoiceField)
        exclusions.choices = [(e.code, e.label.text(lang)) for e in ffq.questionnaire().exclusions]
        if not ask_profile:
            for name in ("age", "sex", "pregnant", "lactating"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("sex") == "male" and (data.get("pregnant") or data.get("lactating")):
            self.add_error("pregnant", _("Only when sex is female."))
        return data

    def profile(self) -> dict[str, Any]:
        """The domain's profile part from the answers given here."""
        data = self.cleaned_data
        return {
            "age": float(data["age"]),
            "sex": data["sex"],
            "pregnant": bool(data.get("pregnant")),
            "lactating": bool(data.get("lactating")),
        }


def _field_name(item: ffq.Item, part: str) -> str:
    return f"{item.id}__{part}"


class StepForm(forms.Form):
    """One food group: how often and how much of each item."""

    def __init__(
        self, *args: Any, items: tuple[ffq.Item, ...], lang: Lang = "da", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        questions = ffq.questionnaire()
        frequencies = [(f.code, f.label.text(lang)) for f in questions.frequencies]
        for item in items:
            portion = item.portion_label.text(lang)
            if item.ask == "frequency":
                self.fields[_field_name(item, "frequency")] = forms.ChoiceField(
                    label=item.question.text(lang),
                    choices=frequencies,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Choose how often.")},
                )
                self.fields[_field_name(item, "portions")] = forms.TypedChoiceField(
                    label=_("How many each time? One is %(portion)s.") % {"portion": portion},
                    choices=[(f"{c:g}", amount_label(c)) for c in questions.portion_choices],
                    coerce=float,
                    initial="1",
                    widget=forms.RadioSelect,
                )
            else:
                self.fields[_field_name(item, "per_day")] = forms.TypedChoiceField(
                    label=item.question.text(lang)
                    + " "
                    + str(_("One is %(portion)s.") % {"portion": portion}),
                    choices=[(f"{c:g}", amount_label(c)) for c in questions.per_day_choices],
                    coerce=float,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Choose how many.")},
                )
            if item.variants:
                self.fields[_field_name(item, "variant")] = forms.ChoiceField(
                    label=_("Which kind?"),
                    choices=[(v, loaders.food(v).name.text(lang)) for v in item.variants],
                    initial=item.variants[0],
                    widget=forms.RadioSelect,
                )

    def item_fields(self) -> list[tuple[ffq.Item, list[forms.BoundField]]]:
        """Each item with its bound fields, for the template."""
        out = []
        for item in self.items:
            names = [n for n in self.fields if n.startswith(item.id + "__")]
            out.append((item, [self[n] for n in names]))
        return out

    def answers(self) -> dict[str, dict[str, Any]]:
        """The domain's answers for this group's items."""
        data = self.cleaned_data
        out: dict[str, dict[str, Any]] = {}
        for item in self.items:
            answer: dict[str, Any]
            if item.ask == "frequency":
                answer = {
                    "frequency": data[_field_name(item, "frequency")],
                    "portions": data[_field_name(item, "portions")],
                }
            else:
                answer = {"per_day": data[_field_name(item, "per_day")]}
            if item.variants:
                answer["variant"] = data[_field_name(item, "variant")]
            out[item.id] = answer
        return out

    @staticmethod
    def initial_from(items: tuple[ffq.Item, ...], stored: dict[str, Any]) -> dict[str, Any]:
        """Form initial values from stored answers (so Back shows what was chosen)."""
        initial: dict[str, Any] = {}
        for item in items:
            answer = stored.get(item.id) or {}
            for part in ("frequency", "portions", "per_day", "variant"):
                value = answer.get(part)
                if value is None:
                    continue
                initial[_field_name(item, part)] = (
                    f"{value:g}" if isinstance(value, int | float) else value
                )
        return initial
