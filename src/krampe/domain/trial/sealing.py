"""The sealed allocation of a blinded trial: fixed and committed to before the first night.

At the start Krampe draws, for every pair a trial may ever have (the planned
pairs and every pair it may be extended by, :data:`SEALED_PAIRS`), which of the
two jars holds magnesium, and a secret random salt per pair. The allocation
and the salts are kept apart from the person's own data (the sealed record);
the person's design holds only the **seal**: one hash per pair and the
commitment, a hash of those, shown as a short code.

At unblinding the allocation and the salts of the pairs the trial ran are
revealed and each pair is hashed again: a pair whose stored allocation was
changed after the start no longer matches its hash, and Krampe says so instead
of showing a result. Hashing each pair on its own lets a trial extended by a
pair reveal the pairs it finished while the added pair stays sealed; its
allocation was drawn, and committed to, at the start like the others.

The scheme (:data:`SCHEME`): a pair's hash is the SHA-256 of
``krampe-seal-v1|pair N|<jar A>|<jar B>|<salt>``; the commitment is the
SHA-256 of ``krampe-seal-v1|`` followed by the pair hashes joined by ``|``.
The short code is the commitment's first 60 bits in Crockford's base32.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from krampe.domain.trial.verdict import MAX_PAIRS
from krampe.domain.vocab import Content, VocabularyError, one_of

SCHEME = "krampe-seal-v1"
# Every pair a blinded trial may have, extensions included, is drawn and sealed
# at the start, so nobody can choose an added pair's jars after seeing the diary.
SEALED_PAIRS = MAX_PAIRS
SALT_BYTES = 16
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32
CODE_GROUPS = 3  # the short code: three groups of four characters, 60 bits
ARMS: tuple[Content, Content] = ("magnesium", "placebo")


class SealError(ValueError):
    """A seal or sealed allocation that does not check out; ``pair`` names the pair
    (None when the seal itself is broken)."""

    def __init__(self, message: str, pair: int | None = None) -> None:
        super().__init__(message)
        self.pair = pair


@dataclass(frozen=True, slots=True)
class PairAllocation:
    """One pair's secret: what jar A and jar B hold, and the pair's salt."""

    pair: int
    first: Content  # jar A, the first period of the pair
    second: Content  # jar B
    salt: str  # hex

    @property
    def order(self) -> tuple[Content, Content]:
        return (self.first, self.second)

    def to_dict(self) -> dict[str, Any]:
        return {"pair": self.pair, "first": self.first, "second": self.second, "salt": self.salt}


def pair_hash(allocation: PairAllocation) -> str:
    """The SHA-256 (hex) a pair's allocation and salt are committed to."""
    text = f"{SCHEME}|pair {allocation.pair}|{allocation.first}|{allocation.second}|"
    return hashlib.sha256((text + allocation.salt).encode("utf-8")).hexdigest()


def commitment_of(pair_hashes: Sequence[str]) -> str:
    """The SHA-256 (hex) of the pair hashes: the one commitment shown at the start."""
    return hashlib.sha256(f"{SCHEME}|{'|'.join(pair_hashes)}".encode("ascii")).hexdigest()


def short_code(hexdigest: str, groups: int = CODE_GROUPS) -> str:
    """A hash as a code to read aloud or write down: ``7KQ2-M9XD-4PA1``."""
    bits = groups * 4 * 5
    value = int(hexdigest, 16) >> (len(hexdigest) * 4 - bits)
    chars = [CODE_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(groups * 4))]
    return "-".join("".join(chars[i : i + 4]) for i in range(0, len(chars), 4))


@dataclass(frozen=True, slots=True)
class Seal:
    """What the person's design holds: one hash per sealed pair, the commitment, the date.

    ``revealed`` are the pairs whose allocation and salt were revealed at
    unblinding (checked against their hashes).
    """

    pair_hashes: tuple[str, ...]
    sealed_on: dt.date
    revealed: tuple[PairAllocation, ...] = ()
    scheme: str = SCHEME

    @property
    def commitment(self) -> str:
        return commitment_of(self.pair_hashes)

    @property
    def code(self) -> str:
        """The commitment as a short code."""
        return short_code(self.commitment)

    @property
    def pairs(self) -> int:
        return len(self.pair_hashes)

    def check(self, allocations: Sequence[PairAllocation]) -> None:
        """Raise :class:`SealError` naming the first pair whose allocation does not
        match the hash it was sealed with."""
        for allocation in allocations:
            _check_pair(allocation)
            index = allocation.pair - 1
            if not 0 <= index < self.pairs:
                raise SealError(f"pair {allocation.pair} was never sealed", allocation.pair)
            if pair_hash(allocation) != self.pair_hashes[index]:
                raise SealError(
                    f"the stored allocation of pair {allocation.pair} does not match the "
                    f"commitment {self.code} made on {self.sealed_on.isoformat()}",
                    allocation.pair,
                )

    def to_dict(self) -> dict[str, Any]:
        return {
            "scheme": self.scheme,
            "commitment": self.commitment,
            "code": self.code,
            "pair_hashes": list(self.pair_hashes),
            "sealed_on": self.sealed_on.isoformat(),
            "revealed": [r.to_dict() for r in self.revealed],
        }


@dataclass(frozen=True, slots=True)
class Allocation:
    """The secret of a blinded trial: every sealed pair's order and salt."""

    pairs: tuple[PairAllocation, ...]

    def seal(self, sealed_on: dt.date) -> Seal:
        """The seal of this allocation (what the person's design may hold)."""
        return Seal(tuple(pair_hash(p) for p in self.pairs), sealed_on)

    def first(self, count: int) -> tuple[PairAllocation, ...]:
        """The allocations of pairs 1 to ``count``."""
        if count > len(self.pairs):
            raise SealError(f"only {len(self.pairs)} pairs were sealed, not {count}")
        return self.pairs[:count]

    def to_dict(self) -> dict[str, Any]:
        return {"scheme": SCHEME, "pairs": [p.to_dict() for p in self.pairs]}


def new_salt() -> str:
    """A fresh secret salt (hex)."""
    return secrets.token_hex(SALT_BYTES)


def draw_allocation(pairs: int = SEALED_PAIRS) -> Allocation:
    """A fresh allocation: in every pair one jar magnesium and one placebo, the order
    drawn with the operating system's cryptographic randomness, a salt per pair."""
    if pairs < 1:
        raise SealError(f"pairs must be at least 1, got {pairs}")
    out = []
    for pair in range(1, pairs + 1):
        first, second = ARMS if secrets.randbelow(2) == 0 else ARMS[::-1]
        out.append(PairAllocation(pair, first, second, new_salt()))
    return Allocation(tuple(out))


def allocation_with(orders: Sequence[tuple[Content, Content]], pairs: int) -> Allocation:
    """An allocation whose first pairs keep ``orders`` (a trial started before sealing
    existed) and whose remaining pairs up to ``pairs`` are drawn fresh."""
    fresh = draw_allocation(pairs).pairs
    kept = [PairAllocation(i, a, b, new_salt()) for i, (a, b) in enumerate(orders, start=1)]
    for allocation in kept:
        _check_pair(allocation)
    return Allocation((*kept, *fresh[len(kept) :]))


def _check_pair(allocation: PairAllocation) -> None:
    if sorted(allocation.order) != sorted(ARMS):
        raise SealError(
            f"pair {allocation.pair} must hold one magnesium and one placebo jar, "
            f"not {allocation.first} and {allocation.second}",
            allocation.pair,
        )


def _pair_from(data: Mapping[str, Any]) -> PairAllocation:
    return PairAllocation(
        pair=int(data["pair"]),
        first=one_of(ARMS, data["first"], "first"),
        second=one_of(ARMS, data["second"], "second"),
        salt=str(data["salt"]),
    )


def allocation_from_dict(data: Mapping[str, Any]) -> Allocation:
    """Read a sealed record written by :meth:`Allocation.to_dict`; SealError if it
    cannot be read."""
    try:
        pairs = tuple(_pair_from(p) for p in data["pairs"])
    except (KeyError, TypeError, ValueError, VocabularyError) as exc:
        raise SealError(f"the sealed allocation cannot be read ({exc})") from None
    if [p.pair for p in pairs] != list(range(1, len(pairs) + 1)):
        raise SealError("the sealed allocation's pairs are not numbered 1, 2, 3, ...")
    return Allocation(pairs)


def seal_from_dict(data: Mapping[str, Any]) -> Seal:
    """Read a seal written by :meth:`Seal.to_dict`, checking that its commitment is
    the hash of its pair hashes and that every revealed pair matches its hash."""
    try:
        seal = Seal(
            pair_hashes=tuple(str(h) for h in data["pair_hashes"]),
            sealed_on=dt.date.fromisoformat(str(data["sealed_on"])),
            revealed=tuple(_pair_from(p) for p in data.get("revealed", [])),
            scheme=str(data.get("scheme", SCHEME)),
        )
    except (KeyError, TypeError, ValueError, VocabularyError) as exc:
        raise SealError(f"the seal cannot be read ({exc})") from None
    if seal.scheme != SCHEME:
        raise SealError(f"seal scheme {seal.scheme!r} is not {SCHEME!r}")
    stored = data.get("commitment")
    if stored is not None and stored != seal.commitment:
        raise SealError("the commitment does not match the hashes of its pairs")
    seal.check(seal.revealed)
    return seal
