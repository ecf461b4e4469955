"""One-time recovery codes: a way back into an account on an install without e-mail.

Shown once in clear, kept only as hashes made by a Django password hasher, each
usable once.
"""

from __future__ import annotations

import secrets
from functools import cache
from typing import Any

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import transaction
from django.utils import timezone

from krampe.web.accounts.models import RecoveryCode

# No 0/o, 1/l/i: a code is copied by hand from paper, so nothing can be misread.
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
GROUPS = 3
GROUP_LENGTH = 4  # 12 characters of 31: about 59 bits, far beyond guessing online
CODE_COUNT = 10


class RecoveryCodeHasher(PBKDF2PasswordHasher):
    """Django's PBKDF2 hasher with fewer rounds than for passwords.

    A code is random (about 59 bits), not a password a person chose, so the rounds
    need not make up for a guessable secret; even at this cost an offline search of
    one code's space takes longer than any attacker has. What the rounds cost here is
    paid ten times at each sign-up and at each try (every unused code is checked),
    where Argon2 at password strength would take seconds on a busy server.
    """

    algorithm = "krampe_recovery_pbkdf2_sha256"
    iterations = 20_000


HASHER = RecoveryCodeHasher()


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


def _hash(code: str) -> str:
    return HASHER.encode(code, HASHER.salt())


@cache
def _stand_in() -> str:
    return _hash(new_code())


def replace_codes(user: Any) -> list[str]:
    """New codes for ``user``; every older code stops working. Returns them in clear."""
    codes = [new_code() for _ in range(CODE_COUNT)]
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, code_hash=_hash(code)) for code in codes
        )
    return codes


def find_unused(user: Any | None, typed: str) -> RecoveryCode | None:
    """The unused code of ``user`` that ``typed`` is, without using it up.

    Always checks CODE_COUNT hashes (stand-ins where the account has fewer codes, or
    does not exist), so the answer's timing does not tell which user names are real.
    """
    code = canonical(typed)
    rows = (
        list(RecoveryCode.objects.filter(user=user, used_at=None))
        if user is not None and code is not None
        else []
    )
    found = None
    for index in range(max(CODE_COUNT, len(rows))):
        stored = rows[index].code_hash if index < len(rows) else _stand_in()
        if HASHER.verify(code or typed, stored) and index < len(rows) and found is None:
            found = rows[index]
    return found


def use(code: RecoveryCode) -> bool:
    """Mark ``code`` used; False when it was used already (by a request just before)."""
    updated = RecoveryCode.objects.filter(pk=code.pk, used_at=None).update(used_at=timezone.now())
    return updated == 1


def unused_count(user: Any) -> int:
    return RecoveryCode.objects.filter(user=user, used_at=None).count()
