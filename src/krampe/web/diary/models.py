from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

SIDE_EFFECTS = [
    ("none", _("None")),
    ("loose_stools", _("Loose stools")),
    ("diarrhea", _("Diarrhoea")),
    ("nausea", _("Nausea")),
    ("other", _("Other")),
]


class Trial(models.Model):
    """A personal trial: the design JSON from krampe.domain.trial.design_to_dict."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trials"
    )
    kind = models.CharField(max_length=16)  # open | blinded | stretching
    start = models.DateField()
    seed = models.BigIntegerField(null=True, blank=True)
    design = models.JSONField(default=dict)
    threshold = models.FloatField(default=0.5)
    unblinded_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)


class Night(models.Model):
    """One diary night ("the night of" date). A night not logged is missing, never zero."""

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
    side_effect = models.CharField(max_length=16, choices=SIDE_EFFECTS, default="none")
    note = models.TextField(blank=True, max_length=500)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="one_night_per_date"),
        ]


class DiaryVersion(models.Model):
    """A new random token whenever anything a person's results or summary show changes.

    Written in the same transaction as the change (a night saved, edited or
    imported, a trial started or unblinded, the profile or the plan saved), so
    a result cached under the old token is never served again.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="diary_version",
    )
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()
