"""Refresh the message catalogs: extract strings, fill English, list missing Danish.

Run with the project's venv: ``.venv/bin/python scripts/i18n.py``. Translate the
entries it lists in src/krampe/web/locale/da/LC_MESSAGES/django.po, then run it
again to compile the .mo files (they are committed).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib

WEB = Path(__file__).resolve().parent.parent / "src" / "krampe" / "web"
LOCALE = WEB / "locale"


def main() -> int:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="krampe.web.settings_test")
    admin = [sys.executable, "-m", "django"]
    subprocess.run(
        [*admin, "makemessages", "-l", "da", "-l", "en", "--no-obsolete", "--no-location"],
        cwd=WEB,
        env=env,
        check=True,
    )
    english = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    for entry in english:
        # Source strings are English: the English catalog repeats them.
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    english.save()
    danish = polib.pofile(str(LOCALE / "da" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in danish if not e.translated() or "fuzzy" in e.flags]
    for msgid in missing:
        print(f"untranslated (da): {msgid!r}")
    subprocess.run([*admin, "compilemessages"], cwd=WEB, env=env, check=True)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
