from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from krampe.domain.plan.dose import DEFAULT_START_MG
from krampe.domain.plan.schedule import ScheduleError, format_time, parse_time
from krampe.knowledge import loaders
from krampe.web.core.validators import NoControlCharacters
from krampe.web.plans.models import SupplementPlan


def product_choices(lang: str) -> list[tuple[str, Any]]:
    """Every magnesium form of the knowledge base, by its name in ``lang``."""
    forms_ = sorted(loaders.forms(), key=lambda f: f.name.text(lang).lower())
    return [("", _("I do not know / not chosen yet"))] + [(f.id, f.name.text(lang)) for f in forms_]


class PlanForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = SupplementPlan
        fields = [
            "product",
            "elemental_mg_per_tablet",
            "compound_mg_per_tablet",
            "scored",
            "daily_mg",
            "doctor_prescribed",
            "loose_stools",
            "sensitive_stomach",
            "constipation",
            "tight_budget",
            "wake",
            "bed",
        ]
        labels = {
            "product": _("Magnesium form on the label"),
            "elemental_mg_per_tablet": _("Elemental magnesium per tablet (mg)"),
            "compound_mg_per_tablet": _("Or: the salt per tablet (mg)"),
            "scored": _("The tablet has a score line and can be halved"),
            "daily_mg": _("Magnesium a day (mg)"),
            "doctor_prescribed": _("My doctor prescribed this amount"),
            "loose_stools": _("I tend to get loose stools"),
            "sensitive_stomach": _("I have a sensitive stomach"),
            "constipation": _("I tend to be constipated"),
            "tight_budget": _("The price matters a lot"),
            "wake": _("I usually get up at"),
            "bed": _("I usually go to bed at"),
        }
        help_texts = {
            "elemental_mg_per_tablet": _(
                'Most labels say "magnesium" or "elemental magnesium" per tablet. Use that.'
            ),
            "compound_mg_per_tablet": _(
                "Only if the label gives the weight of the salt (e.g. 500 mg magnesium "
                "citrate); Krampe then computes the magnesium. Leave empty when you filled "
                "in the field above."
            ),
            "daily_mg": format_lazy(
                _(
                    "Krampe starts at {mg} mg and never plans more than the upper level unless "
                    "your doctor prescribed it."
                ),
                mg=int(DEFAULT_START_MG),
            ),
        }
        widgets = {
            "wake": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "bed": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, lang: str = "da", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"] = forms.ChoiceField(
            label=self.fields["product"].label,
            choices=product_choices(lang),
            required=False,
        )
        for name in ("elemental_mg_per_tablet", "compound_mg_per_tablet"):
            field = self.fields[name]
            assert isinstance(field, forms.FloatField)
            field.validators.append(MinValueValidator(0.1))
            field.widget.attrs.update({"inputmode": "decimal", "min": "0.1", "step": "any"})
        daily = self.fields["daily_mg"]
        assert isinstance(daily, forms.IntegerField)
        daily.validators += [MinValueValidator(1), MaxValueValidator(1000)]
        daily.widget.attrs.update({"min": "1", "max": "1000", "inputmode": "numeric"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("elemental_mg_per_tablet") and data.get("compound_mg_per_tablet"):
            self.add_error(
                "compound_mg_per_tablet",
                _("Fill in either the magnesium or the salt per tablet, not both."),
            )
        if data.get("compound_mg_per_tablet") and not data.get("product"):
            self.add_error(
                "product", _("Choose the form, so the magnesium in the salt can be computed.")
            )
        wake, bed = data.get("wake"), data.get("bed")
        if wake is not None and bed is not None and wake == bed:
            self.add_error("bed", _("Bedtime must differ from the time you get up."))
        return data


class MedicineForm(forms.Form):
    """One medicine and the clock times it is taken."""

    name = forms.CharField(
        label=_("Medicine"),
        required=False,
        max_length=120,
        validators=[NoControlCharacters()],
    )
    times = forms.CharField(
        label=_("Taken at"),
        required=False,
        max_length=200,
        validators=[NoControlCharacters()],
        help_text=_("Clock times, e.g. 07:00 or 08:00, 20:00"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parsed: list[str] = []
        for part in (data.get("times") or "").replace(";", ",").split(","):
            if not part.strip():
                continue
            try:
                parsed.append(format_time(parse_time(part.strip().replace(".", ":"), "times")))
            except ScheduleError:
                self.add_error(
                    "times",
                    _("%(value)s is not a clock time; write HH:MM, e.g. 07:30.")
                    % {"value": part.strip()},
                )
        if parsed and not (data.get("name") or "").strip():
            self.add_error("name", _("Which medicine is taken at these times?"))
        data["parsed_times"] = sorted(set(parsed))
        return data


# validate_max: a POST with more rows is refused, not stored (max_num alone only limits
# the blank forms shown).
MedicineFormSet = forms.formset_factory(
    MedicineForm, extra=0, max_num=30, validate_max=True, absolute_max=30
)


def medicine_initial(
    stored: list[dict[str, Any]], profile_names: list[str]
) -> list[dict[str, str]]:
    """Form rows: stored medicines, then profile medicines not yet listed, then two empty."""
    rows = [
        {"name": str(r.get("name", "")), "times": ", ".join(r.get("times", []))} for r in stored
    ]
    known = {r["name"].strip().lower() for r in rows}
    rows += [{"name": n, "times": ""} for n in profile_names if n.strip().lower() not in known]
    return [*rows, {"name": "", "times": ""}, {"name": "", "times": ""}]
