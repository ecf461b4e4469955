"""A stand-in push service on 127.0.0.1 that does what a browser's push service and the
browser do with a message: check the VAPID signature, decrypt the payload (RFC 8291,
aes128gcm) with the subscription's private key, and keep what arrived.

Endpoints named in ``answers`` get that status instead (404 and 410: the
subscription is gone; 500: a passing failure).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Device:
    """A browser's side of a subscription: its key pair and auth secret."""

    name: str
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64url(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )


@dataclass
class Delivery:
    device: str
    payload: dict[str, Any]
    claims: dict[str, Any]
    ttl: int
    at: dt.datetime


def _verify_vapid(header: str, origin: str) -> dict[str, Any]:
    """The JWT's claims, after checking its ES256 signature with the key sent beside it."""
    parts = dict(p.strip().split("=", 1) for p in header.removeprefix("vapid ").split(","))
    token, key = parts["t"], parts["k"]
    head, body, signature = token.split(".")
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
    raw = unb64url(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, f"{head}.{body}".encode(), ec.ECDSA(hashes.SHA256()))
    claims: dict[str, Any] = json.loads(unb64url(body))
    assert claims["aud"] == origin, claims
    assert claims["exp"] > dt.datetime.now(dt.UTC).timestamp(), claims
    assert claims["sub"].startswith(("mailto:", "https:")), claims
    claims["k"] = key
    return claims


class PushService:
    def __init__(self) -> None:
        self.devices: dict[str, Device] = {}
        self.answers: dict[str, int] = {}
        self.deliveries: list[Delivery] = []
        self.problems: list[str] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                name = self.path.rsplit("/", 1)[-1]
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status = service.answers.get(name)
                if status is None:
                    status = service.receive(name, body, self.headers)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def endpoint(self, name: str) -> str:
        return f"{self.origin}/push/{name}"

    def device(self, name: str) -> Device:
        self.devices[name] = Device(name)
        return self.devices[name]

    def receive(self, name: str, body: bytes, headers: Any) -> int:
        try:
            device = self.devices[name]
            assert headers["Content-Encoding"] == "aes128gcm"
            claims = _verify_vapid(headers["Authorization"], self.origin)
            plain = http_ece.decrypt(
                body, private_key=device.private_key, auth_secret=device.auth, version="aes128gcm"
            )
            payload = json.loads(plain.decode("utf-8"))
        except Exception as exc:  # any failure is a failed delivery the test reports
            self.problems.append(f"{name}: {type(exc).__name__}: {exc}")
            return 400
        self.deliveries.append(
            Delivery(name, payload, claims, int(headers["TTL"]), dt.datetime.now(dt.UTC))
        )
        return 201

    def __enter__(self) -> PushService:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
