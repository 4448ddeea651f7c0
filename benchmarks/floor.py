"""The framework floor: a bare Django view returning fixed bytes (the article page's), no database.

Enabled only with BENCH_FLOOR=1; BENCH_FLOOR_FILE names the file whose bytes it returns.
"""

import os
from functools import cache
from pathlib import Path

from django.http import HttpResponse
from django.urls import path


@cache
def _body():
    name = os.environ.get("BENCH_FLOOR_FILE")
    return Path(name).read_bytes() if name else b"floor"


def floor(request):
    return HttpResponse(_body(), content_type="text/html; charset=utf-8")


urlpatterns = [path("", floor, name="floor")]
