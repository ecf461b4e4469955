"""The API's URL patterns, included by the web project's URLconf by name."""

from krampe.api.main import api

urlpatterns, app_name, _namespace = api.urls
