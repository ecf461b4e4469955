"""A strict Content-Security-Policy and the other headers on every kind of response, and
markup that fits the policy: no inline style, <style>, inline script or on* handler."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _policy(header: str) -> dict[str, str]:
    parts = [p.strip() for p in header.split(";") if p.strip()]
    return {p.split()[0]: " ".join(p.split()[1:]) for p in parts}


def _check_headers(response, private: bool) -> None:  # type: ignore[no-untyped-def]
    policy = _policy(response["Content-Security-Policy"])
    assert policy == POLICY
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    if private:
        cache = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache, response["Cache-Control"]


@pytest.fixture
def person(django_user_model):  # type: ignore[no-untyped-def]
    from krampe.web.diary.models import Night
    from krampe.web.plans.models import SupplementPlan

    user = django_user_model.objects.create_user("hanne", password="calf-night-2026")
    SupplementPlan.objects.create(user=user, product="citrate", daily_mg=200)
    for day in range(20):
        Night.objects.create(
            user=user,
            date=dt.date(2026, 10, 1) + dt.timedelta(days=day),
            phase="baseline",
            cramps=day % 3,
            worst_pain=4 if day % 3 else None,
        )
    return user


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/home/", "text/html"),
        ("/results/", "text/html"),
        ("/summary.pdf", "application/pdf"),
        ("/data/diary.csv", "text/csv"),
        ("/data/fhir.json", "application/fhir+json"),
        ("/plan/calendar.ics", "text/calendar"),
        ("/api/medicines?q=Eltroxin", "application/json"),
        ("/api/docs", "text/html"),
    ],
)
def test_a_logged_in_persons_responses_carry_the_policy_and_are_never_cached(
    client, person, url, content_type
):
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith(content_type)
    _check_headers(response, private=True)


@pytest.mark.parametrize("url", ["/", "/login/", "/signup/", "/healthz", "/no-such-page/"])
def test_anonymous_pages_carry_the_policy_too(client, url):
    _check_headers(client.get(url), private=False)


def test_the_calendar_feed_carries_the_policy(client, person):
    from krampe.web.plans.models import CalendarFeed

    feed = CalendarFeed.objects.create(user=person)
    response = client.get(f"/calendar/{feed.token}.ics")
    assert response.status_code == 200
    _check_headers(response, private=False)


def test_the_api_docs_use_the_bundled_swagger_ui_never_a_cdn(client, person):
    client.force_login(person)
    page = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "https://" not in page
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


# --- markup that fits the policy ----------------------------------------------------------


class _InlineFinder(HTMLParser):
    """Collects what a strict CSP would block: style attributes, <style>, inline scripts,
    event handler attributes and javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name.lower(): value or "" for name, value in attrs}
        if tag == "style":
            self.found.append("<style>")
        if tag == "script":
            kind = names.get("type", "text/javascript")
            if "src" not in names and kind not in ("application/json", "application/ld+json"):
                self.found.append("inline <script>")
        for name, value in names.items():
            if name == "style":
                self.found.append(f"<{tag} style=…>")
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name.startswith(("hx-on", "data-hx-on")):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("hx-vals", "hx-headers") and value.strip().startswith(
                ("js:", "javascript:")
            ):
                self.found.append(f"<{tag} {name}=js:…>")
            if value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")


def _inline(html: str) -> list[str]:
    finder = _InlineFinder()
    finder.feed(html)
    return finder.found


def test_the_finder_finds_what_it_looks_for():
    html = (
        '<p style="color:red">x</p><style>p{}</style><script>alert(1)</script>'
        '<a onclick="x()" href="javascript:x()">y</a><input hx-on::config-request="x">'
        '<button hx-vals=\'js:{"a": 1}\'>b</button><script src="/s.js"></script>'
    )
    assert len(_inline(html)) == 7


def _patterns(resolvers, prefix=""):  # type: ignore[no-untyped-def]
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name


SKIP = {"logout", "set_language"}  # POST only


def test_no_page_has_inline_style_script_or_handlers(client, person):
    """Every page of the URLconf (as the isolation test walks them), for a person with data."""
    from krampe.domain.trial.design import build_design, design_to_dict
    from krampe.web.diary.models import Night, Trial
    from krampe.web.plans.models import CalendarFeed

    design = build_design("open", dt.date(2026, 10, 1), None)
    trial = Trial.objects.create(user=person, design=design_to_dict(design))
    night = Night.objects.filter(user=person).first()
    feed = CalendarFeed.objects.create(user=person)
    uid = urlsafe_base64_encode(force_bytes(person.pk))  # a reset link's account part
    values = {"pk": str(night.pk), "token": feed.token, "step": "1", "uidb64": uid}
    client.force_login(person)
    checked = []
    for route, name in _patterns(get_resolver().url_patterns):
        if name in SKIP or (
            "<" in route and not re.fullmatch(r".*<(\w+:)?(pk|token|step)>.*", route)
        ):
            continue
        url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route).lstrip("^")
        if name in {"allocation_sheet", "unblind"}:
            url = url.replace(night.pk.__str__(), str(trial.pk))
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        found = _inline(response.content.decode())
        assert found == [], f"{name} {url}: {found}"
        checked.append(name)
    # Also the HTMX fragments and the pages that only a POST with errors shows.
    for url in ("/profile/medicine-row/?index=2", "/api/medicines?q=Eltr"):
        response = client.get(url, HTTP_HX_REQUEST="true")
        assert _inline(response.content.decode()) == [], url
    invalid = client.post("/log/", {"date": "x"})
    assert _inline(invalid.content.decode()) == []
    client.logout()
    for url in ("/", "/login/", "/signup/", "/no-such-page/", "/account/forgot/"):
        assert _inline(client.get(url).content.decode()) == [], url
    assert {"results", "doctor_summary", "profile", "plan", "log_night", "home"} <= set(checked)
