"""Readership fixtures: the collected static files that gunicorn with production settings needs."""

from tests.servers import collected_static  # noqa: F401 - shared fixture
