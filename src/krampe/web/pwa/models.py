from django.conf import settings
from django.db import models


class ReceivedEntry(models.Model):
    """A night queued on a phone and received: its id makes a second send a no-op.

    The phone gives every queued night a random id. Background Sync, the next
    visit and a retry after a lost answer may all send the same entry; only the
    first one is stored.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="received_entries"
    )
    client_id = models.CharField(max_length=64)
    date = models.DateField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "client_id"], name="one_receipt_per_entry"),
        ]
