"""The site's URLs plus the framework floor: a bare Django view returning fixed bytes, no database.

BENCH_FLOOR_FILE names the file whose bytes the floor returns (the article page's, see run.py).
"""

import os
from functools import cache
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from fluxsite.urls import handler400, handler403, handler404, handler500
from fluxsite.urls import urlpatterns as site_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


@cache
def _body():
    name = os.environ.get("BENCH_FLOOR_FILE")
    return Path(name).read_bytes() if name else b"floor"


def floor(request):
    return HttpResponse(_body(), content_type="text/html; charset=utf-8")


urlpatterns = [path("__floor__/", floor, name="floor"), *site_urlpatterns]
