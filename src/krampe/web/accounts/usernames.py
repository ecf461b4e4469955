"""User names compare without regard to case: "Mette" and "mette" are one person."""

from __future__ import annotations

import unicodedata

# Never in a user name (the validator allows letters, digits and . @ + - _ only), so a
# key with this mark can never equal the key of a name someone types.
TWIN_MARK = "#"


def username_key(name: str) -> str:
    """The form of ``name`` that two names share when they differ only in case.

    NFKC before and after case folding (Unicode's "NFKC_Casefold" idea), so "Søren",
    "SØREN" and "søren" give one key on every database, where SQLite's own LIKE and
    lower() fold only ASCII letters.
    """
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def twin_key(name: str, pk: int) -> str:
    """The key of an account made before names were compared without case, whose name
    differs only in case from an older account's: it stays reachable by its exact name.
    """
    return f"{username_key(name)}{TWIN_MARK}{pk}"


def key_belongs_to(stored: str, name: str) -> bool:
    """Whether ``stored`` is the key of ``name`` (plain, or a twin's marked key)."""
    key = username_key(name)
    return stored == key or stored.startswith(key + TWIN_MARK)
