"""Settings for the test suite: a throw-away data dir and a fast password hasher."""

import atexit
import os
import shutil
import tempfile

if not os.environ.get("KRAMPE_DATA_DIR"):
    # One directory per test process, removed when it ends (none piles up in /tmp).
    _made = tempfile.mkdtemp(prefix="krampe-test-")
    os.environ["KRAMPE_DATA_DIR"] = _made
    atexit.register(shutil.rmtree, _made, ignore_errors=True)
os.environ.setdefault("KRAMPE_SECRET_KEY", "test-only-secret-key-not-for-production")

from krampe.web.settings import *  # noqa: F403

# Argon2 is the real hasher (tested separately); MD5 keeps the suite fast.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
