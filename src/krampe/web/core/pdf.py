"""Every PDF (the doctor summary, the helper's labels and sheet) through WeasyPrint with a
time budget: at most PDF_WORKERS renders at once, each waited for
PDF_TIME_BUDGET seconds.

WeasyPrint cannot be interrupted, so a render that runs over its budget goes on
in its worker and keeps that slot until it ends; the person is asked to try
again meanwhile. That bounds both the wait and the CPU that PDFs can take.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

PDF_WORKERS = 2
PDF_VARIANT = "pdf/ua-1"  # WeasyPrint's name for PDF/UA-1, which tags the PDF

log = logging.getLogger("krampe.reports")
_slots = threading.BoundedSemaphore(PDF_WORKERS)
_pool = ThreadPoolExecutor(max_workers=PDF_WORKERS, thread_name_prefix="krampe-pdf")


class PdfUnavailable(RuntimeError):
    """No PDF now: every worker is busy, or this one ran over its time budget."""


def _write(html: str, base_url: str, fetcher: Any) -> bytes:
    from weasyprint import HTML

    # PDF/UA-1: a tagged PDF (headings, lists, tables, the chart's alternative text) that
    # a screen reader can read, in the document's language.
    pdf: bytes = HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
        pdf_variant=PDF_VARIANT
    )
    return pdf


def render_pdf(html: str, base_url: str, fetcher: Any) -> bytes:
    """The PDF of ``html``, or :class:`PdfUnavailable` when it cannot be had in time."""
    if not _slots.acquire(blocking=False):
        raise PdfUnavailable("every PDF worker is busy")
    future: Future[bytes] = _pool.submit(_write, html, base_url, fetcher)
    future.add_done_callback(lambda _: _slots.release())
    try:
        return future.result(timeout=settings.PDF_TIME_BUDGET)
    except FutureTimeout:
        raise PdfUnavailable(f"over the budget of {settings.PDF_TIME_BUDGET} s") from None


def unavailable(
    request: HttpRequest, exc: PdfUnavailable, back_url: str, back_text: str
) -> HttpResponse:
    """The "try again in a minute" answer (503, Retry-After), with a way back meanwhile.

    ``back_text`` is already in the person's language.
    """
    # The view's name, never the path: a helper's path holds the link's secret.
    what = request.resolver_match.url_name if request.resolver_match else "?"
    log.warning("no PDF (%s, user %s): %s", what, getattr(request.user, "pk", None), exc)
    context = {"back_url": back_url, "back_text": back_text}
    response = render(request, "core/pdf_unavailable.html", context, status=503)
    response["Retry-After"] = "60"
    return response
