"""WSGI entry point for a WSGI server of your own (``krampe serve`` builds the same one)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "krampe.web.settings")
application = get_wsgi_application()
