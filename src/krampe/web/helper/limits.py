"""How often one address may look up a helper key: a fixed window in Django's cache.

The link secret cannot be guessed; the short code (50 bits) could only be
guessed by trying very many, which this limit rules out. Every lookup counts,
right or wrong, so one phone that opens the page, its labels and its sheet
a few times stays far below the limit.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest

HELPER_LOOKUPS = 30  # lookups per address ...
HELPER_WINDOW_S = 600  # ... in this many seconds


def lookup_allowed(request: HttpRequest) -> bool:
    """Count this lookup for the client's address; False once the window's limit is used."""
    window = int(time.time()) // HELPER_WINDOW_S
    key = f"krampe:helper-lookups:{request.META.get('REMOTE_ADDR', '')}:{window}"
    cache.add(key, 0, timeout=HELPER_WINDOW_S)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this is the first lookup
        cache.set(key, 1, timeout=HELPER_WINDOW_S)
        count = 1
    return count <= HELPER_LOOKUPS
