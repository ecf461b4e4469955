"""Rate limits for the expensive views and sign-up, counted in Django's cache.

A fixed window per person (or, before login, per client address): the
``limit``-th request in a window is answered, the next ones get the 429 page
until the window ends. The cache is the database cache table, so every app
server on one database counts together. A view whose expensive part is
cached counts only that part (:meth:`Limit.check` where the work is done):
the summary PDF counts the renders, not the downloads of a rendered one.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render

View = Callable[..., HttpResponseBase]


class RateLimited(Exception):
    """A limit is used up: ``wait`` seconds until its window ends."""

    def __init__(self, wait: int) -> None:
        super().__init__(wait)
        self.wait = wait


def by_user(request: HttpRequest) -> str:
    return _user_key(request.user.pk)


def _user_key(pk: object) -> str:
    return f"user:{pk}"


def by_address(request: HttpRequest) -> str:
    # REMOTE_ADDR is the proxy's client address only when KRAMPE_BEHIND_PROXY is on.
    return f"address:{request.META.get('REMOTE_ADDR', '')}"


@dataclass(frozen=True)
class Limit:
    """``settings.RATE_LIMITS[scope]`` is (requests, seconds) per key."""

    scope: str
    key: Callable[[HttpRequest], str] = by_user
    methods: frozenset[str] = frozenset({"GET", "POST"})

    def name(self, key: str, now: int) -> str:
        _count, seconds = settings.RATE_LIMITS[self.scope]
        return f"ratelimit:{self.scope}:{key}:{now // seconds}"

    def exceeded(self, request: HttpRequest) -> int:
        """Count this request; the seconds to wait when it is over the limit, else 0."""
        count, seconds = settings.RATE_LIMITS[self.scope]
        now = int(time.time())
        window = now // seconds
        name = self.name(self.key(request), now)
        cache.add(name, 0, timeout=seconds)
        try:
            hits = cache.incr(name)
        except ValueError:  # expired between add and incr: this is the first hit
            cache.set(name, 1, timeout=seconds)
            hits = 1
        return (window + 1) * seconds - now if hits > count else 0

    def check(self, request: HttpRequest) -> None:
        """Count this request; :class:`RateLimited` when it is over the limit."""
        wait = self.exceeded(request)
        if wait:
            raise RateLimited(wait)


def refused(request: HttpRequest, wait: int) -> HttpResponseBase:
    """The 429 page: try again in ``wait`` seconds (Retry-After), in minutes for the person."""
    minutes = max(1, (wait + 59) // 60)
    response = render(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(wait)
    return response


def limited(limit: Limit) -> Callable[[View], View]:
    """Answer 429 (with Retry-After) once ``limit`` is used up."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
            if request.method in limit.methods:
                wait = limit.exceeded(request)
                if wait:
                    return refused(request, wait)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


SIGNUP = Limit("signup", key=by_address, methods=frozenset({"POST"}))
# "Forgot your password?": each try hashes ten recovery codes or may send a mail.
RESET = Limit("reset", key=by_address, methods=frozenset({"POST"}))
IMPORT = Limit("import")
PDF = Limit("pdf")  # renders only: counted where the PDF is rendered
FHIR = Limit("fhir")


def forget(user_id: str) -> None:
    """Drop a deleted person's counters (they name the person's id)."""
    now = int(time.time())
    cache.delete_many([limit.name(_user_key(user_id), now) for limit in (IMPORT, PDF, FHIR)])
