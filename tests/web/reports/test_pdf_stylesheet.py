"""The summary PDF has its own print stylesheet: WeasyPrint renders it without a warning
(no screen CSS it cannot read), in both languages, and the sources keep their numbers
when the PDF splits them into columns."""

from __future__ import annotations

import logging

import pypdfium2 as pdfium
import pytest
from django.template.loader import render_to_string

from _support import WALKTHROUGH_MEDICINES
from krampe.domain.trial.design import open_label_design
from krampe.knowledge.sources import sources
from krampe.web.profiles.models import HealthProfile
from krampe.web.reports.paper import balanced_split, source_columns
from web.reports.conftest import PROFILE
from web.reports.test_summary import START, pdf_pages, store_diary


def weasyprint_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        f"{r.levelname}: {r.getMessage()}"
        for r in caplog.records
        if r.name.split(".")[0] == "weasyprint" and r.levelno >= logging.WARNING
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_summary_pdf_renders_without_a_weasyprint_warning(bob_client, bob, lang, caplog):
    bob.language = lang
    bob.save()
    bob_client.cookies["django_language"] = lang
    HealthProfile.objects.create(
        user=bob, data={**PROFILE, "medicines": list(WALKTHROUGH_MEDICINES)}, summary_name="K. L."
    )
    store_diary(bob, open_label_design(START))
    with caplog.at_level(logging.DEBUG, logger="weasyprint"):
        response = bob_client.get("/summary.pdf")
    assert response.status_code == 200
    assert pdf_pages(response.content) == [(595, 842)]
    assert weasyprint_warnings(caplog) == []
    # The sources, split into columns for the PDF, are numbered on from column to column
    # (a column that restarted at 1 would repeat numbers): pdfium gives the list's
    # numbers together, in order.
    document = pdfium.PdfDocument(response.content)
    text = " ".join(document[0].get_textpage().get_text_range().split())
    document.close()
    assert " 1. 2. 3. 4. 5. 6. 7. 8. 9. 10. 11." in text, text[-300:]


@pytest.mark.django_db
def test_an_empty_summary_pdf_renders_without_a_warning(bob_client, caplog):
    with caplog.at_level(logging.DEBUG, logger="weasyprint"):
        response = bob_client.get("/summary.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert weasyprint_warnings(caplog) == []


def test_the_pdf_page_links_only_the_print_stylesheet():
    html = render_to_string("reports/doctor_summary_pdf.html", {"body": ""})
    assert "summary-print.css" in html and "app.css" not in html and "<script" not in html


@pytest.mark.parametrize(
    ("heights", "columns", "expected"),
    [
        ([], 3, []),
        ([2], 3, [(0, 1)]),
        ([1, 1, 1, 1, 1, 1], 3, [(0, 2), (2, 4), (4, 6)]),
        ([1, 1, 1, 1, 1, 1, 1], 3, [(0, 3), (3, 6), (6, 7)]),  # filled in turn
        ([5, 1, 1, 1, 1, 1], 3, [(0, 1), (1, 6)]),
        ([2, 3, 2, 2, 3, 2, 1], 3, [(0, 2), (2, 4), (4, 7)]),
    ],
)
def test_balanced_split_cuts_in_order_with_the_lowest_tallest_column(heights, columns, expected):
    assert balanced_split(heights, columns) == expected


def test_source_columns_keep_every_source_once_in_order():
    every = list(sources().values())[:14]
    columns = source_columns(every, "en")
    assert len(columns) == 3
    assert [s for c in columns for s in c.sources] == every
    starts = [1 + sum(len(c.sources) for c in columns[:i]) for i in range(3)]
    assert [c.start for c in columns] == starts
