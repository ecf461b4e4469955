"""Every UI string exists in Danish and English, and the committed .mo files match."""

from pathlib import Path

import polib
import pytest

WEB = Path(__file__).resolve().parents[2] / "src" / "krampe" / "web"
CATALOGS = sorted(WEB.glob("**/locale/*/LC_MESSAGES/django.po"))


def test_every_catalog_exists_in_both_languages():
    roots = {p.parents[2] for p in CATALOGS}
    assert WEB / "locale" in roots
    for root in roots:
        assert {p.parts[-3] for p in CATALOGS if p.parents[2] == root} == {"da", "en"}, root


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: str(p.relative_to(WEB)))
def test_no_untranslated_or_fuzzy_entries(po_path):
    catalog = polib.pofile(str(po_path))
    bad = [
        e.msgid for e in catalog if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)
    ]
    assert bad == [], f"{po_path.parts[-3]}: untranslated or fuzzy: {bad}"


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: str(p.relative_to(WEB)))
def test_compiled_catalog_is_up_to_date(po_path):
    source = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0, "")
        for e in polib.pofile(str(po_path))
        if e.translated()
    }
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0, "")
        for e in polib.mofile(str(po_path.with_suffix(".mo")))
        if e.msgid
    }
    assert compiled == source, "run scripts/i18n.py to recompile the .mo files"
