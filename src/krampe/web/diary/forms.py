from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from krampe.domain.labels import choices
from krampe.domain.trial.design import DEFAULT_RUN_IN, RUN_IN_RANGE
from krampe.domain.trial.diary import MAX_AWAKENINGS, MAX_CRAMPS, MAX_PAIN
from krampe.domain.trial.jars import JarLabel
from krampe.domain.trial.night_rules import (
    EVENING_HOUR,
    NightRule,
    NightWindow,
    night_problems,
    pain_to_store,
)
from krampe.domain.trial.running import TrialStartError, check_trial_start
from krampe.domain.vocab import CERTAINTIES, GUESSES, SIDE_EFFECTS, TRIAL_KINDS, TrialKind
from krampe.web.core.request import current_lang
from krampe.web.core.validators import NoControlCharacters

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
# What each domain rule a night can break reads as on the form.
NIGHT_RULE_MESSAGES = {
    "future_night": _("A night that has not begun yet cannot be logged."),
    "tonight_not_begun": _(
        "The night that begins this evening can be logged from %(time)s. Choose last night instead."
    ),
    "too_early": _("Choose a night from %(date)s on."),
    "pain_required": _("Choose the worst pain (0–10) when you had cramps."),
}


def night_rule_message(code: NightRule, window: NightWindow | None = None) -> str:
    """What a broken night rule reads as on the form, in the page's language."""
    message = str(NIGHT_RULE_MESSAGES[code])
    if code == "too_early" and window is not None:
        return message % {"date": formats.date_format(window.earliest, "DATE_FORMAT")}
    if code == "tonight_not_begun":
        return message % {"time": f"{EVENING_HOUR:02d}:00"}
    return message


TRIAL_START_MESSAGES = {
    "too_early": _("Choose a first night at most two weeks ago."),
    "too_late": _("Choose a first night within the next two months."),
    "blinded_in_past": _(
        "A blinded trial starts tonight or later: a night before the jars were filled "
        "cannot count as magnesium or placebo."
    ),
}


def _to_bool(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class NightForm(forms.Form):
    """One night of the diary. Worst pain is required when there were cramps."""

    # Tonight may be logged from this hour; the offline form checks it too (app.js).
    evening_hour = EVENING_HOUR

    date = forms.DateField(
        label=_("The night of"),
        help_text=_("The evening the night began. Last night is already filled in."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    cramps = forms.IntegerField(
        label=_("Cramps"),
        min_value=0,
        max_value=MAX_CRAMPS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "count"}),
    )
    worst_pain = forms.TypedChoiceField(
        label=_("Worst pain"),
        help_text=_("0 = no pain, 10 = the worst pain you can imagine."),
        choices=[(str(i), str(i)) for i in range(MAX_PAIN + 1)],
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    awakenings = forms.IntegerField(
        label=_("Woke up from cramps"),
        min_value=0,
        max_value=MAX_AWAKENINGS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "count"}),
    )
    took_dose = forms.TypedChoiceField(
        label=_("Took the evening dose"),
        choices=YES_NO,
        coerce=_to_bool,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    stretched = forms.TypedChoiceField(
        label=_("Stretched before bed"),
        choices=YES_NO,
        coerce=_to_bool,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    side_effect = forms.ChoiceField(label=_("Side effect"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        validators=[NoControlCharacters(multiline=True)],
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        window: NightWindow | None,
        stored_date: dt.date | None = None,
        blinded: bool = False,
        **kwargs: Any,
    ) -> None:
        """``window`` is the person's diary window (``services.night_window_for``); None
        only for the offline shell, which holds no one's data (the server checks on
        arrival). ``stored_date`` is the date of the night being changed: a night
        already stored keeps its date even when that lies outside the window."""
        super().__init__(*args, **kwargs)
        self.window = window
        self.stored_date = stored_date
        if window is not None:
            # The phone's date picker offers only the nights that can be logged.
            attrs = self.fields["date"].widget.attrs
            attrs.update(min=window.earliest.isoformat(), max=window.latest.isoformat())
        if blinded:
            # A blinded trial speaks of the period's capsules, never of magnesium or tablets.
            self.fields["took_dose"].label = _("Took the capsules from this period's jar")
        side = self.fields["side_effect"]
        assert isinstance(side, forms.ChoiceField)
        side.choices = choices("side_effect", SIDE_EFFECTS, current_lang())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        cramps = data.get("cramps")
        date = data.get("date")
        window = None if date is not None and date == self.stored_date else self.window
        for problem in night_problems(
            date=date, cramps=cramps, worst_pain=data.get("worst_pain"), window=window
        ):
            self.add_error(problem.field, night_rule_message(problem.code, window))
        if cramps is not None:
            data["worst_pain"] = pain_to_store(cramps, data.get("worst_pain"))
        return data

    @staticmethod
    def initial_from(night: Any) -> dict[str, Any]:
        """Form values of a stored night, to change it."""
        return {
            "date": night.date,
            "cramps": night.cramps,
            "worst_pain": None if night.worst_pain is None else str(night.worst_pain),
            "awakenings": night.awakenings,
            "took_dose": _yes_no(night.took_dose),
            "stretched": _yes_no(night.stretched),
            "side_effect": night.side_effect or "none",
            "note": night.note,
        }

    @staticmethod
    def initial_for_new(date: dt.date | None, *, took_dose: bool | None = None) -> dict[str, Any]:
        """Form values for a night not logged yet.

        Cramps and pain start empty: copying another night's numbers would keep
        the diary flat from night to night and hide the change a trial looks
        for. Only the dose answer may start filled in, from what the person
        already said (the "Taken" button of the evening reminder).
        """
        return {
            "date": date,
            "cramps": None,
            "worst_pain": None,
            "awakenings": 0,
            "took_dose": _yes_no(took_dose),
            "stretched": None,
            "side_effect": "none",
            "note": "",
        }


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


class TrialStartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Which trial"), widget=forms.RadioSelect)
    start = forms.DateField(
        label=_("First night"),
        help_text=_("The evening the trial begins."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    run_in = forms.IntegerField(
        label=_("Run-in nights"),
        min_value=RUN_IN_RANGE[0],
        max_value=RUN_IN_RANGE[1],
        initial=DEFAULT_RUN_IN,
        required=False,  # left empty: the default run-in
        help_text=format_lazy(
            _(
                "After each switch, the first nights are logged but not compared, while "
                "magnesium builds up or wears off: {low} to {high} nights. A longer run-in "
                "makes each period longer."
            ),
            low=RUN_IN_RANGE[0],
            high=RUN_IN_RANGE[1],
        ),
        error_messages={
            "invalid": format_lazy(
                _("Enter the run-in as a whole number of nights, {low} to {high}."),
                low=RUN_IN_RANGE[0],
                high=RUN_IN_RANGE[1],
            ),
            # Django fills in the limit.
            "min_value": _("The run-in is at least %(limit_value)s nights."),
            "max_value": _("The run-in is at most %(limit_value)s nights."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "aria-describedby": "run-in-help"}),
    )

    def __init__(
        self, *args: Any, kinds: tuple[TrialKind, ...] = TRIAL_KINDS, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices("trial_kind", kinds, current_lang())
        self.kinds = kinds

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, kind = data.get("start"), data.get("kind")
        if start is not None and kind in self.kinds:
            try:
                check_trial_start(start, timezone.localdate(), self.trial_kind())
            except TrialStartError as exc:
                self.add_error("start", TRIAL_START_MESSAGES[exc.code])
        return data

    def clean_run_in(self) -> int:
        value = self.cleaned_data.get("run_in")
        return DEFAULT_RUN_IN if value is None else int(value)

    def trial_kind(self) -> TrialKind:
        """The chosen kind, one of the kinds the form offered."""
        return next(k for k in self.kinds if k == self.cleaned_data["kind"])


class BlindingCheckForm(forms.Form):
    """Before unblinding: for each period, magnesium, placebo or don't know; and how sure."""

    certainty = forms.ChoiceField(label=_("How sure are you?"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, labels: Sequence[JarLabel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = current_lang()
        self.periods = len(labels)
        for label in labels:
            self.fields[f"period_{label.period}"] = forms.ChoiceField(
                label=_("Period %(period)s, jar %(jar)s (%(start)s–%(end)s)")
                % {
                    "period": label.period,
                    "jar": label.code,
                    "start": formats.date_format(label.start, "MONTH_DAY_FORMAT"),
                    "end": formats.date_format(label.end, "MONTH_DAY_FORMAT"),
                },
                choices=choices("guess", GUESSES, lang),
                widget=forms.RadioSelect,
            )
        certainty = self.fields["certainty"]
        assert isinstance(certainty, forms.ChoiceField)
        certainty.choices = choices("certainty_answer", CERTAINTIES, lang)
        # The certainty comes after the periods, as a person answers.
        self.order_fields([*(f"period_{p}" for p in range(1, self.periods + 1)), "certainty"])

    def guess_fields(self) -> list[forms.BoundField]:
        return [self[f"period_{p}"] for p in range(1, self.periods + 1)]

    def guesses(self) -> dict[int, str]:
        return {p: self.cleaned_data[f"period_{p}"] for p in range(1, self.periods + 1)}
