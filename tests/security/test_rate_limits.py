"""Rate limits on sign-up (per client address) and the expensive views (per person), and
the PDF's time budget: past them a plain page, and nothing else changes."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from _web import quick_pdf_once_free, slow_pdfs
from krampe.web.core.reportcache import bump

pytestmark = pytest.mark.django_db

HOUR = 3600


def _signup(client, name: str, address: str = "198.51.100.20"):  # type: ignore[no-untyped-def]
    password = "calf-night-2026"
    return client.post(
        "/signup/",
        {"username": name, "password1": password, "password2": password},
        REMOTE_ADDR=address,
    )


def test_sign_ups_from_one_address_are_limited(client, settings, django_user_model):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": (3, HOUR)}
    for i in range(3):
        assert _signup(client, f"new{i}").status_code == 302
        client.post("/logout/")
    refused = _signup(client, "new3")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Vent lidt" in refused.content.decode()
    assert not django_user_model.objects.filter(username="new3").exists()
    # Another address may still sign up; the sign-up page itself (GET) is not counted.
    assert client.get("/signup/", REMOTE_ADDR="198.51.100.20").status_code == 200
    assert _signup(client, "new4", address="198.51.100.21").status_code == 302


@pytest.mark.parametrize(
    ("scope", "method", "url"),
    [
        ("fhir", "get", "/data/fhir.json"),
        ("import", "post", "/data/import/"),
    ],
)
def test_the_expensive_views_are_limited_per_person(
    client, settings, django_user_model, scope, method, url
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, scope: (2, HOUR)}
    first = django_user_model.objects.create_user("pia", password="x-night-2026", language="en")
    second = django_user_model.objects.create_user("per", password="x-night-2026")

    def call(user):  # type: ignore[no-untyped-def]
        client.force_login(user)
        data = {}
        if method == "post":
            data = {"diary": SimpleUploadedFile("d.csv", b"date\n", "text/csv")}
        return getattr(client, method)(url, data)

    statuses = [call(first).status_code for _ in range(3)]
    assert 429 not in statuses[:2] and statuses[2] == 429
    refused = call(first)
    assert refused.status_code == 429
    assert "Please wait a little" in refused.content.decode()
    assert call(second).status_code != 429  # the limit is per person


def test_the_pdf_limit_counts_renders_not_downloads(
    client, settings, django_user_model, monkeypatch
):
    """A rendered PDF is served from the cache until the diary changes; only renders
    cost the limit, so downloading the same PDF again is never refused."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pdf": (2, HOUR)}
    renders: list[str] = []

    def quick_render(html, *args, **kwargs):  # type: ignore[no-untyped-def]
        renders.append(html)
        return b"%PDF-1.7 rendered " + str(len(renders)).encode()

    monkeypatch.setattr("krampe.web.reports.views.render_pdf", quick_render)
    first = django_user_model.objects.create_user("pia", password="x-night-2026", language="en")
    second = django_user_model.objects.create_user("per", password="x-night-2026")
    client.force_login(first)

    downloads = [client.get("/summary.pdf") for _ in range(5)]
    assert [d.status_code for d in downloads] == [200] * 5
    assert {d.content for d in downloads} == {b"%PDF-1.7 rendered 1"}
    assert len(renders) == 1

    bump(first.pk)  # the diary changed: the next download renders again, the second render
    again = client.get("/summary.pdf")
    assert again.status_code == 200 and again.content == b"%PDF-1.7 rendered 2"
    assert client.get("/summary.pdf").content == b"%PDF-1.7 rendered 2"

    bump(first.pk)  # a third render is over the limit: refused, and nothing is rendered
    refused = client.get("/summary.pdf")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Please wait a little" in refused.content.decode()
    assert len(renders) == 2
    assert client.get("/summary.pdf").status_code == 429  # no stale PDF of the old diary

    client.force_login(second)  # the limit is per person
    assert client.get("/summary.pdf").status_code == 200
    assert len(renders) == 3


def test_the_pdf_has_a_time_budget(client, settings, django_user_model, monkeypatch):
    user = django_user_model.objects.create_user("slow", password="x-night-2026", language="en")
    client.force_login(user)
    release = slow_pdfs(monkeypatch, settings, budget=0.2)
    started = time.monotonic()
    answer = client.get("/summary.pdf")
    assert answer.status_code == 503
    assert time.monotonic() - started < 5
    assert "The PDF is not ready" in answer.content.decode()
    assert answer["Retry-After"] == "60"
    # The late render still holds its worker; a second one takes the other worker, and
    # with both busy a third is refused without waiting for the budget.
    assert client.get("/summary.pdf").status_code == 503
    settings.PDF_TIME_BUDGET = 30
    started = time.monotonic()
    assert client.get("/summary.pdf").status_code == 503
    assert time.monotonic() - started < 10
    release.set()
    answer = quick_pdf_once_free(monkeypatch, lambda: client.get("/summary.pdf"))
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
