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
    is the one source of truth: kind, start, periods, and for a blinded trial the
    seal. A blinded trial's design holds no allocation until unblinding: the
    allocation is in its :class:`SealedAllocation`, which no page, export or
    reminder of the person reads.

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
    # The person's answers to the blinding check, given before unblinding
    # (krampe.domain.trial.blinding.BlindingCheck.to_dict).
    blinding_check = models.JSONField(null=True, blank=True)
    # The last night whose red-flag prompt the person read and resumed the
    # reminders after (krampe.domain.trial.watch).
    reminders_resumed_through = models.DateField(null=True, blank=True)

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


class SealedAllocation(models.Model):
    """The secret of a blinded trial: which jar of each pair holds magnesium, and the
    pairs' salts (``krampe.domain.trial.sealing.Allocation.to_dict``).

    Kept apart from the trial's design, which holds only the seal. It is read
    for the helper's page and at unblinding, where each pair is checked against
    the seal; it is never exported or shown on the person's pages before then.
    """

    trial = models.OneToOneField(Trial, on_delete=models.CASCADE, related_name="sealed")
    allocation = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)


class HelperLink(models.Model):
    """The helper's key to a blinded trial: a link secret and a short code, stored
    only as their SHA-256 hashes. Shown once to the person, revocable."""

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="helper_links")
    secret_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)


class Night(models.Model):
    """One diary night ("the night of" date). A night not logged is missing, never zero.

    ``phase`` is the night's label as logged or imported: the diary CSV and FHIR
    exports write it, and it is the only phase a night outside every trial has.
    Inside a trial's dates it is a cache kept by ``services.relabel`` (empty
    for a blinded night until unblinding): the analysis, the results page, the
    doctor summary and the charts re-apply the trial's stored design instead
    and never read it there.
    """

    # No index of its own: the unique (user, date) index serves every query by
    # person and reads their nights in date order; a second index on the user
    # alone led PostgreSQL to fetch a person's nights unordered and sort them.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nights", db_index=False
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
