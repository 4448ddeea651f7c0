"""Project-wide middleware."""

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.log import log_response

from fluxsite.views import bad_request

_OVERRIDES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")
_policy = {}


@receiver(setting_changed)
def _forget_policy(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policy.clear()


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp, building the site-wide policy string once instead of on every response.

    Responses with a per-view override or a nonce, and report-only policies, take django-csp's own path.
    """

    def process_response(self, request, response):
        if (
            getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or getattr(request, "_csp_nonce", None) is not None
            or any(getattr(response, name, None) for name in _OVERRIDES)
            or (response.status_code in (404, 500) and settings.DEBUG)
        ):
            return super().process_response(request, response)
        if "policy" not in _policy:
            config = settings.CONTENT_SECURITY_POLICY or {}
            _policy["policy"] = build_policy()
            _policy["excluded"] = tuple(config.get("EXCLUDE_URL_PREFIXES", None) or ())
        if _policy["policy"] and HEADER not in response and not request.path_info.startswith(_policy["excluded"]):
            response[HEADER] = _policy["policy"]
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


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
