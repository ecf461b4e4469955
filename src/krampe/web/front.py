"""What the WSGI layer does before Django sees a request, under any server.

- A body longer than ``MAX_REQUEST_BYTES`` is refused (413) before a byte of
  it is read; gunicorn has no such limit of its own (waitress has, and
  `krampe serve` sets it too). A body that does not say its length (chunked)
  is refused (411): Django would read none of it, and no browser sends one.
  Both answers close the connection, so the server does not read the rest.
- Behind the proxy (``BEHIND_PROXY``), the client address is the last one the
  proxy added to X-Forwarded-For, as waitress takes it: the rate limits and
  the login lockout count per client, not per proxy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _refuse(start_response: Callable[..., Any], status: str, text: str) -> list[bytes]:
    body = text.encode("utf-8")
    start_response(
        status,
        [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Connection", "close"),
        ],
    )
    return [body]


def front(app: WsgiApp, max_bytes: int, behind_proxy: bool) -> WsgiApp:
    """``app`` behind the request-size cap and, behind a proxy, its client address."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        length = str(environ.get("CONTENT_LENGTH") or "").strip()
        if not length and "chunked" in str(environ.get("HTTP_TRANSFER_ENCODING", "")).lower():
            return _refuse(start_response, "411 Length Required", "A request body needs a length.")
        if length:
            if not length.isdigit():
                return _refuse(start_response, "400 Bad Request", "Content-Length is not a number.")
            if int(length) > max_bytes:
                return _refuse(
                    start_response,
                    "413 Request Entity Too Large",
                    f"A request may carry at most {max_bytes} bytes.",
                )
        if behind_proxy:
            forwarded = str(environ.get("HTTP_X_FORWARDED_FOR", "")).split(",")[-1].strip()
            if forwarded:
                environ["REMOTE_ADDR"] = forwarded
        return app(environ, start_response)

    return application
