"""Production settings plus the benchmark's instruments: the floor view and a query count per response."""

from fluxsite.settings import *  # noqa: F403
from fluxsite.settings import MIDDLEWARE, PAGE_CACHE_EXCLUDE

ROOT_URLCONF = "benchmarks.urls"
MIDDLEWARE = ["benchmarks.middleware.QueryCountMiddleware", *MIDDLEWARE]
PAGE_CACHE_EXCLUDE = (*PAGE_CACHE_EXCLUDE, "/__floor__/")
