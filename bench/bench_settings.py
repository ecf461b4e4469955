"""Krampe's settings with other SQLite pragmas, for the benchmarks only.

BENCH_SYNCHRONOUS (FULL or NORMAL) and BENCH_BUSY_TIMEOUT (ms) replace the values in
krampe.web.settings, so a benchmark can show what each costs (Krampe itself always
runs with FULL and 20 s). bench/load_crash.py serves these settings; bench/web.py
serves ``benchsite.settings``, which builds on them. On PostgreSQL they change nothing.
"""

import os

from krampe.web.settings import *  # noqa: F403
from krampe.web.settings import DATABASES

if "sqlite3" in DATABASES["default"]["ENGINE"]:
    _options = DATABASES["default"]["OPTIONS"]
    _options["init_command"] = (
        _options["init_command"]
        .replace("synchronous=FULL", "synchronous=" + os.environ.get("BENCH_SYNCHRONOUS", "FULL"))
        .replace(
            "busy_timeout=20000", "busy_timeout=" + os.environ.get("BENCH_BUSY_TIMEOUT", "20000")
        )
    )
