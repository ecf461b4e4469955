"""The daily dose: how much, capped at the upper level, split when needed, which form.

The 200 mg start and the 7-day tolerance check are Krampe's defaults (no
guideline sets a cramp dose); they are options, and the texts say so. The cap
is EFSA's upper level for supplements (250 mg/day) unless the person records
that a doctor prescribed more; such a plan is marked doctor-supervised.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from krampe.domain.plan import texts
from krampe.domain.plan.elemental import Product, TabletCount, tablets_for
from krampe.domain.plan.texts import Note
from krampe.domain.text import count_noun
from krampe.knowledge import loaders
from krampe.knowledge.models import Form

DEFAULT_START_MG = 200.0
DEFAULT_TOLERANCE_CHECK_DAYS = 7
# Notes that say why a plan has no dose at all.
NO_DOSE_NOTES = ("already_at_ul", "tablet_too_strong")


class PlanInputError(ValueError):
    """An option of the plan that cannot be used; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class DoseOptions:
    """What the person says about themselves and the dose they want."""

    start_mg: float = DEFAULT_START_MG
    tolerance_check_days: int = DEFAULT_TOLERANCE_CHECK_DAYS
    doctor_prescribed_mg: float | None = None
    loose_stools: bool = False
    tolerated_single_mg: float | None = None
    sensitive_stomach: bool = False
    constipation: bool = False
    tight_budget: bool = False
    already_taking: bool = False  # the profile says the person takes magnesium now
    already_mg: float | None = None  # elemental mg a day from known magnesium sources

    def check(self) -> None:
        """Raise :class:`PlanInputError` for a value that makes no sense."""
        positive = {
            "start_mg": self.start_mg,
            "doctor_prescribed_mg": self.doctor_prescribed_mg,
            "tolerated_single_mg": self.tolerated_single_mg,
        }
        if self.already_mg is not None and not (
            math.isfinite(self.already_mg) and self.already_mg >= 0
        ):
            raise PlanInputError("already_mg", f"must be 0 or more mg, got {self.already_mg}")
        for name, value in positive.items():
            if value is not None and not (math.isfinite(value) and value > 0):
                raise PlanInputError(name, f"must be a positive number of mg, got {value}")
        if self.tolerance_check_days < 1:
            raise PlanInputError(
                "tolerance_check_days", f"must be at least 1, got {self.tolerance_check_days}"
            )


@dataclass(frozen=True)
class DoseAmount:
    """One daily dose: elemental mg and, with a product, the tablets."""

    mg: float
    tablets: float | None = None


@dataclass(frozen=True)
class FormSuggestion:
    form: Form
    reason: str  # sensitive_stomach | constipation | tight_budget | default
    note: Note


@dataclass(frozen=True)
class DosePlan:
    """The supplement dose part of a plan."""

    target_mg: float
    daily_mg: float
    cap_mg: float
    doctor_supervised: bool
    doses: tuple[DoseAmount, ...]
    split_reason: str | None
    suggestion: FormSuggestion
    product: Product | None
    tablets: TabletCount | None
    tolerance_check_days: int
    notes: tuple[Note, ...]

    @property
    def no_supplement(self) -> Note | None:
        """Why the plan has no dose (magnesium already at the level, a tablet too strong)."""
        if self.doses:
            return None
        return next((n for n in self.notes if n.id in NO_DOSE_NOTES), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        product: dict[str, Any] | None = None
        if self.product is not None:
            form = self.product.form
            product = {
                "form": form.id if form else None,
                "hydrate": form.hydrate if form else None,
                "hydrate_assumed": self.product.assumed_form,
                "basis": self.product.basis,
                "compound_mg_per_tablet": self.product.compound_mg_per_tablet,
                "elemental_mg_per_tablet": round(self.product.elemental_mg_per_tablet, 1),
                "elemental_fraction": round(form.elemental_fraction, 6) if form else None,
                "scored": self.product.scored,
            }
        return {
            "target_mg": self.target_mg,
            "daily_mg": round(self.daily_mg, 1),
            "cap_mg": self.cap_mg,
            "doctor_supervised": self.doctor_supervised,
            "split_reason": self.split_reason,
            "doses": [{"mg": round(d.mg, 1), "tablets": d.tablets} for d in self.doses],
            "tablets_per_day": None if self.tablets is None else self.tablets.tablets,
            "tolerance_check_days": self.tolerance_check_days,
            "suggested_form": {
                "form": self.suggestion.form.id,
                "reason": self.suggestion.reason,
                "text": self.suggestion.note.text,
                "sources": list(self.suggestion.note.sources),
            },
            "product": product,
            "notes": [n.to_dict() for n in self.notes],
        }


def suggest_form(options: DoseOptions, lang: str) -> FormSuggestion:
    """A form for the person's situation.

    A sensitive stomach or loose stools come first (a laxative salt would make
    them worse), then constipation (a mildly laxative salt may help), then a
    tight budget; otherwise citrate, the form of the crossover trial.
    """
    if options.sensitive_stomach or options.loose_stools:
        family, reason = "bisglycinate", "sensitive_stomach"
    elif options.constipation:
        family, reason = "citrate", "constipation"
    elif options.tight_budget:
        family, reason = "oxide", "tight_budget"
    else:
        family, reason = "citrate", "default"
    return FormSuggestion(loaders.default_form(family), reason, texts.note(f"form_{reason}", lang))


def _split_units(units: int, unit: float, per_unit: float) -> tuple[DoseAmount, DoseAmount]:
    # The later (evening) dose gets the extra unit of an odd count.
    first = units // 2
    second = units - first
    return DoseAmount(first * per_unit, first * unit), DoseAmount(second * per_unit, second * unit)


def dose_plan(options: DoseOptions, product: Product | None, lang: str) -> DosePlan:
    """Daily dose, tablets and split for ``options`` and an optional ``product``.

    Never plans more than the upper level unless ``doctor_prescribed_mg`` is
    set; then the prescribed amount is the target and the plan is
    doctor-supervised. Tablet counts never round up above the cap.
    """
    options.check()
    ul = loaders.upper_level().mg_per_day
    fmt = texts.format_mg
    notes: list[Note] = []
    doctor = options.doctor_prescribed_mg is not None and options.doctor_prescribed_mg > ul
    if options.doctor_prescribed_mg is not None:
        target = float(options.doctor_prescribed_mg)
        cap = max(ul, target)
        notes.append(texts.note("chosen_dose", lang, mg=fmt(target, lang)))
        if doctor:
            notes.append(texts.note("doctor_supervised", lang, mg=fmt(target, lang), ul=fmt(ul)))
    else:
        # Magnesium already taken counts towards the upper level: it lowers the cap.
        already = options.already_mg or 0.0
        cap = max(0.0, ul - already)
        target = min(float(options.start_mg), cap)
        if target > 0:  # at the upper level already: already_at_ul below says why none
            kind = "default_dose" if options.start_mg == DEFAULT_START_MG else "chosen_dose"
            notes.append(texts.note(kind, lang, mg=fmt(target, lang)))
        if options.start_mg > ul:
            notes.append(
                texts.note("capped", lang, asked=fmt(options.start_mg, lang), ul=fmt(ul, lang))
            )
        if options.already_mg is not None:
            notes.append(
                texts.note("already_counted", lang, mg=fmt(already, lang), cap=fmt(cap, lang))
            )
        elif options.already_taking:
            notes.append(texts.note("already_replaces", lang))
    notes.append(texts.note("ul_cap", lang, ul=fmt(ul, lang)))

    tablets: TabletCount | None = None
    daily = target
    if product is not None:
        if product.basis == "label":
            notes.append(
                texts.note("elemental_label", lang, mg=fmt(product.elemental_mg_per_tablet, lang))
            )
        elif product.form is not None and product.compound_mg_per_tablet is not None:
            notes.append(
                texts.note(
                    "elemental_computed",
                    lang,
                    mg=fmt(product.elemental_mg_per_tablet, lang),
                    compound=fmt(product.compound_mg_per_tablet, lang),
                    form=product.form.name.text(lang).lower(),
                    fraction=fmt(product.form.elemental_fraction * 100, lang),
                    hydrate=product.form.hydrate,
                )
            )
        notes.append(texts.note("tablets_whole", lang))
        tablets = tablets_for(target, product, cap)
        if tablets is None:
            if target > 0:  # at the upper level already, no tablet is too strong: none is due
                unit_mg = product.elemental_mg_per_tablet * product.smallest_unit
                notes.append(
                    texts.note("tablet_too_strong", lang, mg=fmt(unit_mg, lang), cap=fmt(cap, lang))
                )
            daily = 0.0
        else:
            daily = tablets.mg
            if abs(daily - target) >= 0.05:
                halves = " eller halve" if lang == "da" else " or half"
                notes.append(
                    texts.note(
                        "tablets_differ",
                        lang,
                        halves=halves if product.scored else "",
                        actual=fmt(daily, lang),
                        target=fmt(target, lang),
                    )
                )

    split_reason: str | None = None
    if options.loose_stools:
        split_reason = "loose_stools"
    elif options.tolerated_single_mg is not None and daily > options.tolerated_single_mg:
        split_reason = "tolerance"

    doses: tuple[DoseAmount, ...]
    if target <= 0:
        notes.append(texts.note("already_at_ul", lang, ul=fmt(ul, lang)))
        doses = ()
    elif product is not None and tablets is None:
        doses = ()
    elif split_reason is None:
        doses = (DoseAmount(daily, tablets.tablets if tablets else None),)
    elif product is not None and tablets is not None:
        unit = product.smallest_unit
        units = round(tablets.tablets / unit)
        per_unit = product.elemental_mg_per_tablet * unit
        doses = _split_units(units, unit, per_unit) if units >= 2 else (DoseAmount(daily, unit),)
    else:
        first = math.floor(daily / 2)
        doses = (DoseAmount(first), DoseAmount(daily - first))
    if len(doses) == 2:
        if split_reason == "loose_stools":
            notes.append(texts.note("split_loose_stools", lang))
        else:
            notes.append(
                texts.note("split_tolerance", lang, mg=fmt(options.tolerated_single_mg or 0, lang))
            )
    if len(doses) <= 1 and options.doctor_prescribed_mg is None:
        notes.append(texts.note("timing_bed", lang))
    notes.append(
        texts.note(
            "tolerance_check", lang, days=count_noun(options.tolerance_check_days, "day", lang)
        )
    )
    return DosePlan(
        target_mg=target,
        daily_mg=daily,
        cap_mg=cap,
        doctor_supervised=doctor,
        doses=doses,
        split_reason=split_reason if len(doses) == 2 else None,
        suggestion=suggest_form(options, lang),
        product=product,
        tablets=tablets,
        tolerance_check_days=options.tolerance_check_days,
        notes=tuple(notes),
    )
