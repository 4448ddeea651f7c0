"""WSGI entry point: `gunicorn fluxsite.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

from fluxsite import embedded_pg

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fluxsite.settings")
embedded_pg.use_local_server()  # no DATABASE_URL: the embedded PostgreSQL in .flux/pgdata
application = get_wsgi_application()
