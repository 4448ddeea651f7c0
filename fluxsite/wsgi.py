"""WSGI entry point: `gunicorn fluxsite.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fluxsite.settings")
application = get_wsgi_application()
