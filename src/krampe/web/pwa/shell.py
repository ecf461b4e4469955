"""The app shell the service worker caches: static files and two pages without health data.

The cache's name carries a hash of these files, so any change to one of them
installs a new service worker, which drops the old cache.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

STATIC_SHELL = (
    "krampe/app.css",
    "krampe/htmx.min.js",
    "diary/diary.css",
    "diary/diary.js",
    "pwa/queue.js",
    "pwa/app.js",
    "pwa/icon.svg",
    "pwa/icon-192.png",
)
PAGE_NAMES = ("pwa_offline", "pwa_offline_log")
SW_TEMPLATE = "pwa/sw.js"


def pages() -> list[str]:
    """The offline pages: a notice, and the nightly log form with no data in it."""
    return [reverse(name) for name in PAGE_NAMES]


def static_urls() -> list[str]:
    return [static(path) for path in STATIC_SHELL]


@cache
def version() -> str:
    """A short hash of the shell's static files and the service worker's own source."""
    digest = hashlib.sha256()
    for path in STATIC_SHELL:
        found = finders.find(path)
        if not found:
            raise FileNotFoundError(f"app shell file {path} is missing")
        with open(str(found), "rb") as handle:
            digest.update(handle.read())
    template = Path(__file__).parent / "templates" / SW_TEMPLATE
    digest.update(template.read_bytes())
    return digest.hexdigest()[:12]
