"""Project-wide middleware."""

from django.conf import settings
from django.utils.log import log_response

from fluxsite.views import bad_request


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header: the site uses no powerful browser features."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RejectNullBytesMiddleware:
    """Answer 400 to a path or query string holding a NUL byte.

    No text we store or look up may contain one (PostgreSQL refuses it, and so does the filesystem),
    so such a request can only fail deeper down, as a 500. Form fields are covered by Django's
    form validation (ProhibitNullCharactersValidator).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            # Answered here rather than raised: scanners send these by the thousand, and a raised
            # BadRequest is logged with its whole traceback. One line each, as for a 404.
            response = bad_request(request)
            log_response("Bad request (NUL byte in the URL): %s", request.path, response=response, request=request)
            return response
        return self.get_response(request)
