"""The doctor summary as a doctor reads it: the person's chosen name (never the user
name), each medicine's status, dose taken and side effects, one tagged A4 page even
with a long medicine list, dates and numbers as Danes write them in the PDF's text,
and a share button that needs no inline script."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import zlib

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest

from _support import WALKTHROUGH_MEDICINES
from krampe.domain.trial.design import open_label_design
from krampe.web.profiles.models import HealthProfile
from web.reports.conftest import PROFILE
from web.reports.test_summary import START, pdf_pages, store_diary

pytestmark = pytest.mark.django_db
DANISH_SHORT_DATE = re.compile(
    r"\b\d{1,2}\. (jan\.|feb\.|marts|april|maj|juni|juli|aug\.|sept\.|okt\.|nov\.|dec\.) \d{4}\b"
)


def _danish(client, user) -> None:  # type: ignore[no-untyped-def]
    user.language = "da"
    user.save()
    client.cookies["django_language"] = "da"


def _objects(pdf: bytes) -> bytes:
    """The PDF's bytes with every deflated stream (object streams too) inflated."""
    chunks = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            chunks.append(zlib.decompress(match.group(1)))
    return b"\n".join(chunks)


def _pdf_text(content: bytes) -> list[str]:
    document = pdfium.PdfDocument(content)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def test_no_name_unless_the_person_gives_one_and_never_the_user_name(bob_client, bob):
    page = bob_client.get("/summary/").content.decode()
    meta = page.split('class="meta">', 1)[1].split("</p>", 1)[0]
    assert "bob" not in meta and meta.startswith("From Krampe, 10 March 2026.")
    answer = bob_client.post("/summary/", {"name": "  K. L. "})
    assert answer.status_code == 302
    assert HealthProfile.objects.get(user=bob).summary_name == "K. L."
    page = bob_client.get("/summary/").content.decode()
    assert "From Krampe, for K. L., 10 March 2026." in page


def test_a_name_with_a_control_character_is_refused_on_the_form(bob_client, bob):
    answer = bob_client.post("/summary/", {"name": "Kim\x00"})
    assert answer.status_code == 400
    assert "control character" in answer.content.decode()
    assert not HealthProfile.objects.filter(user=bob).exists()


def test_each_medicine_says_what_was_checked(bob_client, bob):
    HealthProfile.objects.create(
        user=bob, data={**PROFILE, "medicines": list(WALKTHROUGH_MEDICINES)}
    )
    page = bob_client.get("/summary/").content.decode()
    meds = page.split('<ul class="meds">', 1)[1].split("</ul>", 1)[0]
    lines = re.findall(r"<li>(.*?)</li>", meds, re.S)
    assert len(lines) == len(WALKTHROUGH_MEDICINES)
    blabbermix = next(line for line in lines if line.startswith("Blabbermix"))
    assert "not recognised: not checked" in blabbermix
    eltroxin = next(line for line in lines if line.startswith("Eltroxin"))
    assert "see the findings" in eltroxin  # levothyroxine has a spacing rule


def test_dose_taken_and_side_effects_by_phase(bob_client, bob):
    store_diary(bob, open_label_design(START))
    page = bob_client.get("/summary/").content.decode()
    table = page.split("Cramps per night by phase", 1)[1].split("</table>", 1)[0]
    assert '<th scope="col">Dose taken</th>' in table and "Side effects</th>" in table
    rows = re.findall(r'<tr><td class="key">(.*?)</td>.*?</tr>', table, re.S)
    assert "Before (baseline)" in rows and "Magnesium" in rows
    cell = r'<td data-label="[^"]+">'
    assert re.search(
        rf'<td class="key">Magnesium</td>{cell}\d+</td>{cell}[\d.]+</td>{cell}\d+%</td>', table
    )
    assert "A side effect on" in page


def test_a_long_medicine_list_fits_one_tagged_a4_page_with_danish_dates(bob_client, bob):
    _danish(bob_client, bob)
    HealthProfile.objects.create(
        user=bob,
        data={**PROFILE, "medicines": list(WALKTHROUGH_MEDICINES)},
        summary_name="Kirsten L.",
    )
    store_diary(bob, open_label_design(START))
    response = bob_client.get("/summary.pdf")
    assert response.status_code == 200
    assert pdf_pages(response.content) == [(595, 842)]  # one A4 page, in points
    # Tagged (PDF/UA-1): a structure tree, marked content, the document's language.
    document = pdfium.PdfDocument(response.content)
    assert pdfium_raw.FPDFCatalog_IsTagged(document.raw)
    document.close()
    objects = _objects(response.content)
    assert b"/StructTreeRoot" in objects
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", objects)
    assert b"/Lang (da)" in objects
    assert b"pdfuaid" in objects  # the PDF/UA identification in the metadata
    (text,) = _pdf_text(response.content)
    flat = " ".join(text.split())
    assert "Kirsten L." in flat and "bob" not in flat.split()
    assert "10. marts 2026" in flat  # the summary's date, DATE_FORMAT
    assert DANISH_SHORT_DATE.search(flat), flat[:400]  # the diary's span, SHORT_DATE_FORMAT
    assert not re.search(r"\b(January|February|March|Jan|Feb|Mar)\b", flat)
    assert re.search(r"\b\d,\d{2}\b", flat)  # cramps per night with a decimal comma
    assert not re.search(r"\b\d\.\d{2}\b", flat)


def test_the_share_button_is_progressive_and_needs_no_inline_script(bob_client):
    page = bob_client.get("/summary/").content.decode()
    button = re.search(r"<button[^>]*data-share-pdf=\"/summary.pdf\"[^>]*>", page)
    assert button is not None and " hidden" in button.group(0)  # share.js shows it
    assert '<script src="/static/reports/share.js" defer></script>' in page
    assert re.search(r'<a class="button primary" href="/summary.pdf" download>', page)
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert scripts == []


def test_the_pdf_has_no_form_and_no_share_button(bob_client):
    response = bob_client.get("/summary.pdf")
    (text,) = _pdf_text(response.content)
    assert "Share the PDF" not in text and "Save the name" not in text
    assert dt.date(2026, 3, 10).strftime("%d %B %Y").lstrip("0") in " ".join(text.split())
