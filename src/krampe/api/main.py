"""The HTTP API (django-ninja), mounted at /api/ by the web project's urls."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.security import django_auth

from krampe.api.medicines import router as medicines_router


class KnowledgeAPI(NinjaAPI):
    """An API for logged-in people: 401 without a session, never a redirect to a form."""

    @property
    def urls(self) -> tuple[list[Any], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if getattr(pattern, "name", "") in {"openapi-json", "openapi-view"}:
                continue  # the API's own description pages stay behind the login form
            # Django's LoginRequiredMiddleware would redirect to the login page;
            # django-ninja's session auth answers 401 instead, as an API should.
            setattr(pattern.callback, "login_required", False)  # noqa: B010
        return patterns, app_name, namespace


api = KnowledgeAPI(title="Krampe API", version="1", urls_namespace="api", auth=django_auth)
api.add_router("/", medicines_router)
