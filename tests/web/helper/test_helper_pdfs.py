"""The helper's jar labels and sheet as PDFs, checked by rendering them (pypdfium2)."""

from __future__ import annotations

import logging
import re
import time

import pypdfium2 as pdfium
import pytest
from django.core.cache import cache
from django.test import Client

from _web import TODAY, quick_pdf_once_free, slow_pdfs
from krampe.domain.trial.sealing import allocation_from_dict
from krampe.web.diary.models import Trial
from krampe.web.plans.models import SupplementPlan
from web.reports.test_pdf_stylesheet import weasyprint_warnings

pytestmark = pytest.mark.django_db
A4 = (595, 842)  # points, within one point


def _pages(pdf: bytes) -> list[tuple[tuple[int, int], str]]:
    document = pdfium.PdfDocument(pdf)
    out = []
    for page in document:
        width, height = page.get_size()
        out.append(((round(width), round(height)), page.get_textpage().get_text_range()))
    return out


@pytest.fixture
def helper(alice_client: Client, alice) -> tuple[Client, str, Trial]:  # type: ignore[no-untyped-def]
    cache.clear()
    SupplementPlan.objects.create(
        user=alice, product="citrate", elemental_mg_per_tablet=100, daily_mg=200
    )
    response = alice_client.post("/trial/start/", {"kind": "blinded", "start": TODAY.isoformat()})
    html = alice_client.get(response["Location"]).content.decode()
    link = re.search(r'id="helper-link" type="text" readonly value="([^"]+)"', html)
    assert link
    return Client(), "/" + link.group(1).split("/", 3)[3], Trial.objects.get(active=True)


def test_the_labels_are_one_a4_sheet_with_period_dates_and_jar_and_no_content(helper) -> None:  # type: ignore[no-untyped-def]
    client, path, _trial = helper
    response = client.get(path + "labels.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    ((size, raw),) = _pages(response.content)
    text = " ".join(raw.split())  # a long line wraps on the label
    assert size == A4
    for code in ("1A", "1B", "2A", "2B", "3A", "3B"):
        assert code in text
    assert "Glas A i par 1 · periode 1" in text and "Glas B i par 3 · periode 6" in text
    assert "Nætterne 10. marts 2026 – 30. marts 2026" in text
    assert "agnesium" not in text and "lacebo" not in text  # a label never says the content


def test_the_helper_sheet_has_the_allocation_counts_and_the_cited_guide(helper) -> None:  # type: ignore[no-untyped-def]
    client, path, trial = helper
    response = client.get(path + "sheet.pdf")
    assert response.status_code == 200
    pages = _pages(response.content)
    assert 1 <= len(pages) <= 2 and all(size == A4 for size, _ in pages)
    text = " ".join(t for _, t in pages).replace("\r", "").replace("\n", " ")
    allocation = allocation_from_dict(trial.sealed.allocation)
    first = allocation.pairs[0].first.capitalize()
    assert re.search(rf"1A\s+1\s+.*?{first}\s+46", text)
    assert "mikrokrystallinsk cellulose" in text and "E 460" in text
    assert "2 tabletter af produktet, 200 mg elementært magnesium" in text
    assert trial.design["seal"]["code"] in text


@pytest.mark.parametrize("pdf", ["labels.pdf", "sheet.pdf"])
def test_the_helper_pdfs_render_without_a_weasyprint_warning(helper, pdf, caplog) -> None:  # type: ignore[no-untyped-def]
    client, path, _trial = helper
    with caplog.at_level(logging.DEBUG, logger="weasyprint"):
        response = client.get(path + pdf)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert weasyprint_warnings(caplog) == []


def test_a_pdf_for_a_wrong_key_is_a_404(client: Client) -> None:
    cache.clear()
    assert client.get("/helper/nope/labels.pdf").status_code == 404


def test_a_helper_pdf_over_its_time_budget_or_with_every_worker_busy_says_try_again(
    helper, settings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The helper's PDFs share the summary's PDF workers and time budget."""
    client, path, _trial = helper
    release = slow_pdfs(monkeypatch, settings, budget=0.2)
    try:
        started = time.monotonic()
        late = client.get(path + "labels.pdf")  # over its budget (Danish, the default)
        assert late.status_code == 503 and time.monotonic() - started < 5
        assert late["Retry-After"] == "60" and "no-store" in late["Cache-Control"]
        page = late.content.decode()
        assert "PDF'en er ikke klar" in page and "Tilbage til hjælperens side" in page
        assert f'href="{path}"' in page
        client.cookies["django_language"] = "en"
        assert client.get(path + "sheet.pdf").status_code == 503  # the second worker
        settings.PDF_TIME_BUDGET = 30
        started = time.monotonic()
        busy = client.get(path + "sheet.pdf")  # both workers busy: refused at once
        assert busy.status_code == 503 and time.monotonic() - started < 10
        assert "The PDF is not ready" in busy.content.decode()
        assert "Back to the helper&#x27;s page" in busy.content.decode()
    finally:
        release.set()
    answer = quick_pdf_once_free(monkeypatch, lambda: client.get(path + "labels.pdf"))
    assert answer.status_code == 200 and answer.content == b"%PDF-1.7 quick"
