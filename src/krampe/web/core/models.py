"""The report cache's rows: a person's data version and what was computed for it."""

from django.conf import settings
from django.db import models


class DiaryVersion(models.Model):
    """A new random token whenever anything a person's results or summary show changes.

    Replaced after every change (a night saved, edited or imported, a dose
    recorded, a trial started, extended or unblinded, the profile, diet or plan
    saved), so a result cached under the old token is never served again
    (see :mod:`krampe.web.core.reportcache`).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="diary_version",
    )
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()


class CachedReport(models.Model):
    """A computed page part or file (results, summary, PDF) for one diary version.

    One row per person, kind and language, replaced when it is computed again;
    it goes with the account (CASCADE). Served only while ``version`` is the
    person's current diary version and ``day`` is today.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=16)
    lang = models.CharField(max_length=8)
    version = models.CharField(max_length=32)
    day = models.DateField()
    body = models.BinaryField()
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "lang"], name="one_report_per_kind"),
        ]
