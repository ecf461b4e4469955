"""The web-app manifest, the service worker at the site root, the favicon, offline pages."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from krampe.web.core.request import current_lang
from krampe.web.diary.forms import NightForm
from krampe.web.pwa import shell

THEME_COLOUR = "#1f4e79"  # the header's blue (--brand in app.css)
BACKGROUND_COLOUR = "#fbfaf7"  # the page (--bg), shown while the app starts


def _icons() -> list[dict[str, str]]:
    icons = [
        {"src": static(f"pwa/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in (192, 512)
    ]
    icons += [
        {
            "src": static(f"pwa/maskable-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "maskable",
        }
        for size in (192, 512)
    ]
    icons.append({"src": static("pwa/icon.svg"), "sizes": "any", "type": "image/svg+xml"})
    return icons


@login_not_required
def manifest(request: HttpRequest) -> JsonResponse:
    """The manifest in the person's language (the names differ in Danish and English)."""
    home = reverse("home")
    data = {
        "id": home,
        "lang": current_lang(),
        "dir": "ltr",
        "name": _("Krampe – night leg cramps"),
        "short_name": "Krampe",
        "description": _(
            "Log your night leg cramps, follow your plan and find out what helps you."
        ),
        "start_url": home,
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "categories": ["health", "medical"],
        "icons": _icons(),
        "shortcuts": [{"name": _("Log last night"), "url": reverse("log_night")}],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


@login_not_required
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from the root so that its scope is the whole site."""
    context = {
        "version": shell.version(),
        "config": json.dumps(
            {
                "version": shell.version(),
                "static": shell.static_urls(),
                "pages": shell.pages(),
                "offline": reverse("pwa_offline"),
                "offlineLog": reverse("pwa_offline_log"),
                "log": reverse("log_night"),
                "queued": reverse("pwa_queued_night"),
                "icon": static("pwa/icon-192.png"),
            }
        ),
        "queue_js": static("pwa/queue.js"),
    }
    response = render(request, shell.SW_TEMPLATE, context, content_type="text/javascript")
    # Browsers check for a new worker on every visit; never let a cache answer that.
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on their own; answer it instead of a 404."""
    found = finders.find("pwa/favicon.ico")
    if not found:
        raise Http404
    with open(str(found), "rb") as handle:
        response = HttpResponse(handle.read(), content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=60 * 60 * 24)
    return response


@login_not_required
def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker for any page that cannot be reached offline."""
    return render(request, "pwa/offline.html")


@login_not_required
def offline_log(request: HttpRequest) -> HttpResponse:
    """The nightly log form with no one's data: the phone fills in the date."""
    return render(
        request,
        "pwa/offline_log.html",
        {
            # No one's window: the shell is the same for everyone; the server checks the
            # date when the queued night arrives.
            "form": NightForm(initial=NightForm.initial_for_new(None), window=None),
        },
    )
