"""Krampe's own settings (middleware and all), with the bench's hello view added."""

from krampe.web.settings import *  # noqa: F403

ROOT_URLCONF = "benchsite.urls"
