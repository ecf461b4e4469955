"""Krampe's settings with other SQLite pragmas, for bench/load_crash.py only.

BENCH_SYNCHRONOUS (FULL or NORMAL) and BENCH_BUSY_TIMEOUT (ms) replace the values in
krampe.web.settings, so the benchmark can show what each costs.
"""

import os

from krampe.web.settings import *  # noqa: F403
from krampe.web.settings import DATABASES

_options = DATABASES["default"]["OPTIONS"]
_options["init_command"] = (
    _options["init_command"]
    .replace("synchronous=FULL", "synchronous=" + os.environ.get("BENCH_SYNCHRONOUS", "FULL"))
    .replace("busy_timeout=20000", "busy_timeout=" + os.environ.get("BENCH_BUSY_TIMEOUT", "20000"))
)
