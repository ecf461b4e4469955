"""Krampe's own settings (middleware and all), with the bench's hello view added.

Built on ``bench_settings``: BENCH_SYNCHRONOUS=NORMAL (SQLite only) serves without
waiting for the disk at each commit, only to measure what that wait costs.
"""

from bench_settings import *  # noqa: F403

ROOT_URLCONF = "benchsite.urls"
# The limits are still counted on every request (their cost is measured), but
# never reached: a load of a few hundred PDFs or FHIR exports an hour per
# person would otherwise measure the 429 page.
RATE_LIMITS = {name: (10**9, window) for name, (_, window) in RATE_LIMITS.items()}  # noqa: F405
