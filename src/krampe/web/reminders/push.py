"""Sending one push message, and what the push service answered."""

from __future__ import annotations

import json
import logging
from enum import Enum
from typing import Any

from pywebpush import WebPushException, webpush

from krampe import config
from krampe.web.reminders import vapid
from krampe.web.reminders.models import PushSubscription

log = logging.getLogger(__name__)
TIMEOUT_S = 10
# A reminder an hour late is still useful; one kept longer by the push service is not.
TTL_S = 60 * 60
GONE = (404, 410)  # the subscription expired or was withdrawn: it will never work again


class Outcome(Enum):
    SENT = "sent"
    GONE = "gone"
    FAILED = "failed"  # try again later


def send(subscription: PushSubscription, payload: dict[str, Any]) -> Outcome:
    """Encrypt ``payload`` for the subscription and post it to its push service."""
    info = {
        "endpoint": subscription.endpoint,
        "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
    }
    try:
        webpush(
            info,
            data=json.dumps(payload, ensure_ascii=False),
            vapid_private_key=vapid.signing_key(),
            vapid_claims={"sub": config.vapid_subject()},
            timeout=TIMEOUT_S,
            ttl=TTL_S,
        )
    except WebPushException as exc:
        status = getattr(exc.response, "status_code", None)
        if status in GONE:
            return Outcome.GONE
        log.warning("push to subscription %s failed: %s", subscription.pk, exc)
        return Outcome.FAILED
    except (OSError, ValueError) as exc:  # network down, bad stored keys
        log.warning("push to subscription %s failed: %s", subscription.pk, exc)
        return Outcome.FAILED
    return Outcome.SENT
