"""Answer the page-view beacon before sessions, CSRF, authentication and messages run."""

from readership.views import COUNT_PATH, count


class BeaconMiddleware:
    """Hand requests for /count/ straight to the counting view.

    Placed above the page cache and everything that reads or sets cookies: the beacon needs none
    of it, so no cookie is read or refreshed (not even a malformed CSRF cookie's replacement), and a
    count costs a few microseconds of middleware instead of the whole stack (docs/performance.md).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == COUNT_PATH:
            return count(request)
        return self.get_response(request)
