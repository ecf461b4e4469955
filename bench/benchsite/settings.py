"""Krampe's own settings (middleware and all), with the bench's hello view added."""

import os

from krampe.web.settings import *  # noqa: F403

ROOT_URLCONF = "benchsite.urls"
# The limits are still counted on every request (their cost is measured), but
# never reached: a load of a few hundred PDFs or FHIR exports an hour per
# person would otherwise measure the 429 page.
RATE_LIMITS = {name: (10**9, window) for name, (_, window) in RATE_LIMITS.items()}  # noqa: F405

# BENCH_SYNCHRONOUS=NORMAL serves SQLite without waiting for the disk at each commit,
# only to measure what that wait costs (Krampe itself always runs with FULL).
if "BENCH_SYNCHRONOUS" in os.environ and "sqlite3" in DATABASES["default"]["ENGINE"]:  # noqa: F405
    _options = DATABASES["default"]["OPTIONS"]  # noqa: F405
    _options["init_command"] = _options["init_command"].replace(
        "synchronous=FULL", "synchronous=" + os.environ["BENCH_SYNCHRONOUS"]
    )
