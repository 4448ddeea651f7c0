"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from fluxsite import embedded_pg

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fluxsite.settings")
embedded_pg.use_local_server()  # no DATABASE_URL: the embedded PostgreSQL in .flux/pgdata
application = get_asgi_application()
