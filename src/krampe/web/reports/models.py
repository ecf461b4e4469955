from django.conf import settings
from django.db import models


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
