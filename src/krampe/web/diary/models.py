from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from krampe.domain.trial.design import design_from_dict
from krampe.domain.trial.running import RunningTrial
from krampe.domain.vocab import SIDE_EFFECTS, TRIAL_KINDS, TrialKind, one_of


class Trial(models.Model):
    """A personal trial. Its stored design (``krampe.domain.trial.design_to_dict``)
    is the one source of truth: kind, start, seed, periods and allocation.

    Reminders, the calendar feed, the overview and the analysis all read it;
    nothing rebuilds a design from its kind and start.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trials"
    )
    design = models.JSONField(default=dict)
    unblinded_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def running(self) -> RunningTrial:
        """The stored design, read back through the engine (which checks a blinded seed),
        and whether it is unblinded.

        Raises :class:`~krampe.domain.trial.design.DesignError` for a design that
        cannot be read.
        """
        return RunningTrial(design_from_dict(self.design), self.unblinded_at is not None)

    # Read from the stored design, which holds them; never stored twice.
    @property
    def kind(self) -> TrialKind:
        return one_of(TRIAL_KINDS, self.design.get("design"), "design")

    @property
    def start(self) -> dt.date:
        return dt.date.fromisoformat(str(self.design.get("start")))

    @property
    def seed(self) -> int | None:
        seed = self.design.get("seed")
        return None if seed is None else int(seed)


class Night(models.Model):
    """One diary night ("the night of" date). A night not logged is missing, never zero.

    ``phase`` is the night's label as logged or imported: the diary CSV and FHIR
    exports write it, and it is the only phase a night outside every trial has.
    Inside a trial's dates it is a cache kept by ``services.relabel`` (empty
    for a blinded night until unblinding): the analysis, the results page, the
    doctor summary and the charts re-apply the trial's stored design instead
    and never read it there.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nights"
    )
    date = models.DateField()
    phase = models.CharField(max_length=16, blank=True)
    cramps = models.PositiveSmallIntegerField(validators=[MaxValueValidator(20)])
    worst_pain = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    awakenings = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(20)])
    took_dose = models.BooleanField(null=True, blank=True)
    stretched = models.BooleanField(null=True, blank=True)
    # The codes of krampe.domain.vocab; forms and pages show their labels.
    side_effect = models.CharField(
        max_length=16, choices=[(code, code) for code in SIDE_EFFECTS], default="none"
    )
    note = models.TextField(blank=True, max_length=500)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="one_night_per_date"),
        ]
