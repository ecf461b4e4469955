"""Refresh the message catalogs: extract strings, fill English, list missing Danish.

Every app under src/krampe/web keeps its own catalog in ``<app>/locale`` (so
work on one app never rewrites another's); the project-wide templates and
settings use ``web/locale``. Run with the project's venv:

    .venv/bin/python scripts/i18n.py [APP ...]

Translate the entries it lists in the Danish ``django.po`` files, then run it
again: it compiles the ``.mo`` files, which are committed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib

WEB = Path(__file__).resolve().parent.parent / "src" / "krampe" / "web"
APPS = sorted(p.parent.name for p in WEB.glob("*/apps.py"))


def refresh(root: Path, ignore: list[str]) -> list[str]:
    """Extract, fill English, compile; return the Danish msgids still missing."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="krampe.web.settings_test")
    (root / "locale").mkdir(exist_ok=True)
    command = [sys.executable, "-m", "django", "makemessages", "-l", "da", "-l", "en"]
    command += ["--no-obsolete", "--no-location"]
    for pattern in ignore:
        command += ["--ignore", pattern]
    subprocess.run(command, cwd=root, env=env, check=True, capture_output=True)
    if not any((root / "locale").glob("*/LC_MESSAGES/django.po")):
        (root / "locale").rmdir()  # an app without translatable strings needs no catalog
        return []
    english = polib.pofile(str(root / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    for entry in english:
        # Source strings are English: the English catalog repeats them.
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    english.save()
    danish = polib.pofile(str(root / "locale" / "da" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in danish if not e.translated() or "fuzzy" in e.flags]
    for lang in ("da", "en"):
        po = root / "locale" / lang / "LC_MESSAGES" / "django.po"
        polib.pofile(str(po)).save_as_mofile(str(po.with_suffix(".mo")))
    return missing


def main(selected: list[str]) -> int:
    roots = [(WEB, [f"{app}/*" for app in APPS])] if not selected else []
    roots += [(WEB / app, []) for app in (selected or APPS)]
    missing_any = False
    for root, ignore in roots:
        for msgid in refresh(root, ignore):
            missing_any = True
            print(f"{root.relative_to(WEB.parent)}: untranslated (da): {msgid!r}")
    return 1 if missing_any else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
