"""Settings for the test suite: a throw-away data dir and a fast password hasher."""

import os
import tempfile

os.environ.setdefault("KRAMPE_DATA_DIR", tempfile.mkdtemp(prefix="krampe-test-"))
os.environ.setdefault("KRAMPE_SECRET_KEY", "test-only-secret-key-not-for-production")

from krampe.web.settings import *  # noqa: F403

# Argon2 is the real hasher (tested separately); MD5 keeps the suite fast.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
