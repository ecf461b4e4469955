"""WSGI entry point for a WSGI server of your own (``krampe serve`` loads the same one)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from krampe import config
from krampe.web.front import front

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "krampe.web.settings")
# Health data: whatever this process creates (database, WAL, backups) is the owner's alone.
os.umask(config.PRIVATE_UMASK)
application = front(get_wsgi_application(), settings.MAX_REQUEST_BYTES, settings.BEHIND_PROXY)
