"""The site's URLconf plus two pages that fail on purpose, for the error page tests."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from krampe.web.urls import urlpatterns as site_patterns


@login_not_required
def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


@login_not_required
def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a failure on purpose")


urlpatterns = [
    path("test-403/", forbidden),
    path("test-500/", broken),
    *site_patterns,
]
