"""The sealed record of a blinded trial and the helper's key to it.

The only module that reads :class:`~krampe.web.diary.models.SealedAllocation`:
for the helper's page (through a live helper link) and at unblinding (checked
against the seal). The person's pages, exports, calendar and reminders read
the trial's design, which holds the seal only.

A helper link is two keys to the same page: a long secret for the link and a
short code to read aloud. Both are random; only their SHA-256 hashes are
stored, so neither can be shown again: a new link replaces a lost one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from krampe.domain.trial.blinding import BlindingCheck
from krampe.domain.trial.design import (
    BrokenSealError,
    Design,
    DesignError,
    design_to_dict,
    reveal_design,
)
from krampe.domain.trial.diary import Night as DomainNight
from krampe.domain.trial.extension import ExtensionCheck, extend_design, extension_check
from krampe.domain.trial.sealing import (
    CODE_ALPHABET,
    Allocation,
    SealError,
    allocation_from_dict,
)
from krampe.web.diary.models import HelperLink, SealedAllocation, Trial
from krampe.web.diary.services import relabel

log = logging.getLogger(__name__)

SECRET_BYTES = 32
CODE_LENGTH = 10  # 50 bits, in two groups of five to read aloud
# Letters a person may read or type for another (Crockford's base32 decoding).
_CODE_READS_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


@dataclass(frozen=True)
class HelperKeys:
    """A new helper link's two keys, in the clear: shown once, then only their hashes remain."""

    secret: str
    code: str


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normal_code(text: str) -> str:
    """A typed code as stored: upper case, without spaces or dashes, O read as 0."""
    return "".join(c for c in text.upper() if c.isalnum()).translate(_CODE_READS_AS)


def _new_code() -> str:
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{chars[:5]}-{chars[5:]}"


def issue_helper_link(trial: Trial) -> HelperKeys:
    """A new helper link for ``trial``; every earlier live link stops working."""
    keys = HelperKeys(secrets.token_urlsafe(SECRET_BYTES), _new_code())
    with transaction.atomic():
        revoke_helper_links(trial)
        HelperLink.objects.create(
            trial=trial, secret_hash=_hash(keys.secret), code_hash=_hash(normal_code(keys.code))
        )
    return keys


def revoke_helper_links(trial: Trial) -> int:
    """Revoke every live helper link of ``trial``; how many there were."""
    return HelperLink.objects.filter(trial=trial, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def live_helper_link(trial: Trial) -> HelperLink | None:
    """The trial's live helper link, if any."""
    return (
        HelperLink.objects.filter(trial=trial, revoked_at__isnull=True)
        .order_by("-created_at")
        .first()
    )


def helper_link_for(key: str) -> HelperLink | None:
    """The live helper link whose secret or short code is ``key``; None otherwise."""
    if not key or len(key) > 100:
        return None
    found = (
        HelperLink.objects.filter(revoked_at__isnull=True)
        .filter(secret_hash=_hash(key))
        .select_related("trial", "trial__user")
        .first()
    ) or (
        HelperLink.objects.filter(revoked_at__isnull=True, code_hash=_hash(normal_code(key)))
        .select_related("trial", "trial__user")
        .first()
    )
    if found is not None:
        HelperLink.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found


def _allocation(trial: Trial) -> Allocation:
    record = SealedAllocation.objects.filter(trial=trial).first()
    if record is None:
        raise DesignError("this blinded trial has no sealed allocation")
    try:
        return allocation_from_dict(record.allocation)
    except SealError as exc:
        raise DesignError(str(exc)) from None


def revealed_design(trial: Trial) -> Design:
    """The trial's design with the content of every pair, for the helper.

    Checked against the seal like an unblinding: a changed allocation raises
    :class:`~krampe.domain.trial.design.BrokenSealError`.
    """
    design = trial.running().design
    if design.seal is None:
        return design  # a design that was never sealed (unblinded before sealing existed)
    return reveal_design(design, _allocation(trial))


def unblind(trial: Trial, today: dt.date, check: BlindingCheck | None) -> Design:
    """Reveal the allocation once the domain allows it, store it and the blinding check.

    Raises :class:`~krampe.domain.trial.running.UnblindingError` before the last
    night is over and :class:`~krampe.domain.trial.design.BrokenSealError` when
    the sealed record no longer matches the commitment made at the start; then
    nothing is stored and the failure is logged.
    """
    running = trial.running()
    allocation = _allocation(trial) if running.design.seal is not None else None
    try:
        revealed = running.reveal(today, allocation)
    except BrokenSealError as exc:
        log.error("trial %s: the sealed allocation failed its check: %s", trial.pk, exc)
        raise
    with transaction.atomic():
        trial.design = design_to_dict(revealed)
        trial.unblinded_at = timezone.now()
        if check is not None:
            trial.blinding_check = check.to_dict()
        trial.save(update_fields=["design", "unblinded_at", "blinding_check"])
        relabel(trial)
    return revealed


def _look_allocation(trial: Trial) -> Allocation | None:
    return _allocation(trial) if trial.running().design.seal is not None else None


def extension_look(trial: Trial, nights: list[DomainNight], today: dt.date) -> ExtensionCheck:
    """May the finished, still blind trial get one more pair? Only the answer, never
    the result (:func:`krampe.domain.trial.extension.extension_check`); the look
    reads the sealed record, checked against the seal (BrokenSealError if changed)."""
    running = trial.running()
    allocation = _look_allocation(trial) if running.can_unblind(today) else None
    return extension_check(running, nights, today, allocation)


def extend(
    trial: Trial, nights: list[DomainNight], today: dt.date, first_night: dt.date | None = None
) -> Design:
    """Add the next pre-sealed pair when the rule allows it, and store the design
    with the extension recorded (ExtensionError with the reason code if not).

    Nothing is drawn: the pair's allocation was sealed at the start, and the
    helper's page shows what goes in its jars from the sealed record.
    """
    running = trial.running()
    longer = extend_design(running, nights, today, _look_allocation(trial), first_night=first_night)
    with transaction.atomic():
        trial.design = design_to_dict(longer)
        trial.save(update_fields=["design"])
        relabel(trial)
    return longer
