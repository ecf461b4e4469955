"""Krampe's URLs and /bench/hello/: the floor every page is measured against."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def hello(request: HttpRequest) -> HttpResponse:
    # Behind the same middleware as every page (session, person, language,
    # login required), so the ratio to it is the page's own cost.
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello), path("", include("krampe.web.urls"))]
