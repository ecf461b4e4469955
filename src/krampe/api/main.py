"""The HTTP API (django-ninja), mounted at /api/ by the web project's urls."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from krampe.api.medicines import router as medicines_router


class KnowledgeAPI(NinjaAPI):
    """An API over the knowledge base, which holds no personal data: no login needed."""

    @property
    def urls(self) -> tuple[list[Any], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            # Django's LoginRequiredMiddleware reads this attribute on the view.
            setattr(pattern.callback, "login_required", False)  # noqa: B010
        return patterns, app_name, namespace


api = KnowledgeAPI(title="Krampe API", version="1", urls_namespace="api")
api.add_router("/", medicines_router)
