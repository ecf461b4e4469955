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


class _UndefinedVariable(str):
    """string_if_invalid that fails the test: a template naming a variable that is
    not there (a typo, a renamed attribute) must not render as empty text."""

    def __mod__(self, name: object) -> str:
        raise NameError(f"template variable {name!r} does not exist")


_OPTIONS: dict[str, object] = TEMPLATES[0]["OPTIONS"]  # type: ignore[assignment]  # noqa: F405
_OPTIONS["string_if_invalid"] = _UndefinedVariable("%s")
