"""Login throttling (django-axes) glue: the client address, the lockout page, the log lines."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from krampe.web.accounts.usernames import username_key

log = logging.getLogger("krampe.security")

LOCKED_OUT_STATUS = 429


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR: set from X-Forwarded-For by `krampe serve` only behind a trusted proxy."""
    return str(request.META.get("REMOTE_ADDR", ""))


def lockout_username(request: HttpRequest | None, credentials: Any = None) -> str:
    """The user name django-axes counts failures for, case-folded as logins compare
    names: "Mette", "mette" and "METTE" share one count, so varying the case does not
    buy more guesses."""
    if credentials:
        name = credentials.get("username")
    else:
        name = request.POST.get("username") if request is not None else None
    return username_key(str(name or ""))


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The page shown instead of a form after too many wrong passwords (429)."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(
        request, "accounts/locked_out.html", {"minutes": minutes}, status=LOCKED_OUT_STATUS
    )
    response["Retry-After"] = str(minutes * 60)
    return response


def password_is_right(request: HttpRequest, user: Any, password: str) -> bool:
    """Check a logged-in person's password the way the login form does.

    Through ``authenticate()`` so a wrong password counts towards the lockout
    and a locked-out name and address is refused before the password is tried.
    """
    checked = authenticate(request, username=user.get_username(), password=password)
    return checked is not None and checked.pk == user.pk


def log_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **_: Any
) -> None:
    if request is not None and getattr(request, "axes_locked_out", False):
        return  # the lockout is logged once, by log_locked_out
    log.warning(
        "login failed: user %r from %s on %s",
        credentials.get("username"),
        client_address(request) if request is not None else "?",
        getattr(request, "path", "?"),
    )


def log_locked_out(sender: Any, request: Any, username: str, ip_address: str, **_: Any) -> None:
    log.warning("login locked out: user %r from %s", username, ip_address)
