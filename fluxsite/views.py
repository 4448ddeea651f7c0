"""Project-level views: health check, error pages that work without the database, the writing preview."""

import logging
import sys

from csp.constants import SELF
from csp.decorators import csp_replace
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST, require_safe
from django.views.static import serve as static_serve

from fluxsite.cache import shared_value
from fluxsite.context_processors import NAV_SECTIONS_FRAGMENT, nav_section_links
from fluxsite.health import queue_health
from fluxsite.markdown import reading_minutes, render_markdown, word_count
from fluxsite.routes import reverse

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """Report whether the database answers: 200 or 503 JSON, never a traceback.

    `?deep=1` (for operators and monitors) also reports the queue: a worker that hasn't polled for
    HEALTHZ_WORKER_SILENCE seconds, or a job due for over HEALTHZ_QUEUE_WAIT seconds, is a 503.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        healthy, report = queue_health() if request.GET.get("deep") else (True, {})
    except DatabaseError:
        logger.warning("healthz: database unavailable", exc_info=True)
        connection.close_if_unusable_or_obsolete()
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok" if healthy else "error", "database": "ok", **report}, status=200 if healthy else 503)


def media(request, path):
    """Serve an uploaded file (one-machine setups only).

    A name is never reused: storage suffixes a clashing upload, nothing deletes originals, and a
    rendition's name is a hash of its source's name and spec. So every file is immutable for a year.
    """
    try:
        response = static_serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError):
        # A name the filesystem can't even look up (too long, NUL byte) is simply not there.
        raise Http404("No such file") from None
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def login_locked_out(request, original_response=None, credentials=None):
    """Explain an admin sign-in lockout (django-axes): 429 with the cool-off, never a 500."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    response = render(request, "admin/lockout.html", {"cooloff_minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


class _DatabaseUnavailable(Exception):
    pass


def _error_nav_sections(request, *, database):
    """Section links for an error page's navigation, never an error of their own.

    From the shared cache when another page put them there; else from the database if it may be
    asked (not when it is down); else none, and the page shows the other links only.
    """

    def compute():
        if not database:
            raise _DatabaseUnavailable
        return nav_section_links()

    try:
        return shared_value(request, NAV_SECTIONS_FRAGMENT, compute)
    except _DatabaseUnavailable:
        return []
    except Exception:  # noqa: BLE001 - an error page must render whatever failed
        logger.warning("error page: section links unavailable", exc_info=True)
        return []


def _static_page(template_name, status, nav_sections=()):
    # Rendered without a request context: no context processors, so the database is asked at most
    # for the section links (_error_nav_sections), and only by the pages that may ask it.
    body = loader.get_template(template_name).render({"status": status, "nav_sections": nav_sections})
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    return _static_page("400.html", 400)


def permission_denied(request, exception=None):
    return _static_page("403.html", 403)


def page_not_found(request, exception=None):
    return _static_page("404.html", 404, _error_nav_sections(request, database=True))


def server_error(request):
    """Render 503 when the database is unreachable, else the styled 500 page."""
    exc = sys.exc_info()[1]
    if isinstance(exc, (OperationalError, InterfaceError)):
        response = _static_page("503.html", 503, _error_nav_sections(request, database=False))
        response["Retry-After"] = "30"
        return response
    return _static_page("500.html", 500, _error_nav_sections(request, database=True))


@require_safe
def robots_txt(request):
    """Tell crawlers where the sitemap is and what to leave alone (the admin, search results)."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# --- The writing preview (admin; wrapped in admin_view by fluxsite/urls.py) ---------------------


@require_POST
def writing_preview(request):
    """Render Markdown from the editor (the request body) exactly as a published page would: JSON {html, words, minutes}.

    The text comes as the raw body, not a form field, so an oversized one reaches this view (the
    CSRF check reads form bodies first) and gets a reason instead of a bare 400.
    """
    try:
        text = request.body.decode("utf-8", errors="replace")
    except RequestDataTooBig:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1_048_576
        return JsonResponse({"error": f"The text is too long to preview or save (the limit is {limit} MB)."}, status=413)
    return JsonResponse({"html": render_markdown(text), "words": word_count(text), "minutes": reading_minutes(text)})


@require_safe
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
def writing_frame(request):
    """The empty page the editor's preview is drawn in: the site's CSS around an article body.

    Template fluxsite/writing_frame.html; admin-writing.js fills it. Framed by the admin only.
    """
    return TemplateResponse(request, "fluxsite/writing_frame.html")
