"""WSGI entry point for a WSGI server of your own (``krampe serve`` builds the same one)."""

import os

from django.core.wsgi import get_wsgi_application

from krampe import config

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "krampe.web.settings")
# Health data: whatever this process creates (database, WAL, backups) is the owner's alone.
os.umask(config.PRIVATE_UMASK)
application = get_wsgi_application()
