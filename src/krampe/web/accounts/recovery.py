"""One-time recovery codes: a way back into an account on an install without e-mail.

Shown once in clear, kept only as hashes made by Django's password hashers (Argon2
in production), each usable once.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone

from krampe.web.accounts.models import RecoveryCode

# No 0/o, 1/l/i: a code is copied by hand from paper, so nothing can be misread.
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
GROUPS = 3
GROUP_LENGTH = 4  # 12 characters of 31: about 59 bits, far beyond guessing online
CODE_COUNT = 10


def new_code() -> str:
    """A fresh code, e.g. ``k7pq-2mzx-ha9d``."""
    return "-".join(
        "".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS)
    )


def canonical(typed: str) -> str | None:
    """A typed code in its stored form, or None when it cannot be one.

    Case, spaces and dashes do not matter: "K7PQ 2MZX HA9D" is ``k7pq-2mzx-ha9d``.
    """
    plain = "".join(ch for ch in typed.casefold() if ch.isalnum())
    if len(plain) != GROUPS * GROUP_LENGTH or any(ch not in ALPHABET for ch in plain):
        return None
    return "-".join(plain[i : i + GROUP_LENGTH] for i in range(0, len(plain), GROUP_LENGTH))


def replace_codes(user: Any) -> list[str]:
    """New codes for ``user``; every older code stops working. Returns them in clear."""
    codes = [new_code() for _ in range(CODE_COUNT)]
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, selector=code[:GROUP_LENGTH], code_hash=make_password(code))
            for code in codes
        )
    return codes


def find_unused(user: Any | None, typed: str) -> RecoveryCode | None:
    """The unused code of ``user`` that ``typed`` is, without using it up.

    Costs one slow hash whether or not the account or the code exists, so the answer's
    timing does not tell which user names are real.
    """
    code = canonical(typed)
    candidates = (
        list(RecoveryCode.objects.filter(user=user, selector=code[:GROUP_LENGTH], used_at=None))
        if user is not None and code is not None
        else []
    )
    if not candidates:
        make_password(code or typed)
        return None
    return next((c for c in candidates if check_password(code, c.code_hash)), None)


def use(code: RecoveryCode) -> bool:
    """Mark ``code`` used; False when it was used already (by a request just before)."""
    updated = RecoveryCode.objects.filter(pk=code.pk, used_at=None).update(used_at=timezone.now())
    return updated == 1


def unused_count(user: Any) -> int:
    return RecoveryCode.objects.filter(user=user, used_at=None).count()
