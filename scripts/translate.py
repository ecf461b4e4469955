"""Fill Danish translations from a small TOML file of msgid = "msgstr" pairs.

    .venv/bin/python scripts/translate.py translations.toml

Every Danish catalog under src/krampe/web gets the entries it contains; run
scripts/i18n.py afterwards to compile. Handy when many strings arrive at once.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import polib

WEB = Path(__file__).resolve().parent.parent / "src" / "krampe" / "web"


def main(path: str) -> int:
    pairs: dict[str, str] = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    for po_path in WEB.glob("**/locale/da/LC_MESSAGES/django.po"):
        catalog = polib.pofile(str(po_path))
        for entry in catalog:
            if entry.msgid in pairs:
                entry.msgstr = pairs[entry.msgid]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        catalog.save()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
