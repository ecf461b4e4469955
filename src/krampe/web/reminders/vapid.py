"""The server's push signing key (VAPID): from the environment, or made once in the data dir."""

from __future__ import annotations

import base64
from functools import cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid

from krampe import config


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _new_private_key() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return b64url(key.private_numbers().private_value.to_bytes(32, "big"))


@cache
def signing_key() -> Vapid:
    """KRAMPE_VAPID_PRIVATE_KEY, or a key generated once into the data dir at mode 0600."""
    raw = config.env_str("KRAMPE_VAPID_PRIVATE_KEY") or config.private_file(
        "vapid_private_key", _new_private_key
    )
    return Vapid.from_raw(raw.encode("ascii"))


def application_server_key() -> str:
    """The public key a browser subscribes with (uncompressed P-256 point, base64url)."""
    public = signing_key().public_key
    return b64url(
        public.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )
