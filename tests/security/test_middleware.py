"""Project middleware that guards every view."""

import logging

from django.conf import settings
from django.test import override_settings
from django.urls import path

from articles.models import Article
from fluxsite import views


def _lookup_view(request):
    # Like any view that hands a query parameter to the database (search, filters).
    from django.http import HttpResponse

    return HttpResponse(str(Article.objects.filter(headline=request.GET.get("q", "")).count()))


urlpatterns = [path("lookup/", _lookup_view), path("lookup/<str:name>/", _lookup_view)]
handler400 = views.bad_request
handler500 = views.server_error


@override_settings(ROOT_URLCONF=__name__)
def test_nul_bytes_in_the_query_get_the_400_page_not_a_500(client, db):
    client.raise_request_exception = False
    assert client.get("/lookup/", {"q": "fine"}).status_code == 200
    for query in ({"q": "a\x00b"}, {"q\x00": "x"}):
        response = client.get("/lookup/", query)
        assert response.status_code == 400
        assert b"Bad request" in response.content


@override_settings(ROOT_URLCONF=__name__, MIDDLEWARE=[m for m in settings.MIDDLEWARE if "NullBytes" not in m])
def test_without_the_guard_the_same_request_would_crash(client, db):
    # Why the middleware exists: PostgreSQL refuses NUL, so the lookup itself fails.
    client.raise_request_exception = False
    assert client.get("/lookup/", {"q": "a\x00b"}).status_code == 500


@override_settings(ROOT_URLCONF=__name__)
def test_nul_bytes_in_the_path_get_a_400(client, db):
    client.raise_request_exception = False
    assert client.get("/lookup/a%00b/").status_code == 400


def test_nul_bytes_are_logged_in_one_line_without_a_traceback(client, db, caplog):
    client.raise_request_exception = False
    assert client.get("/tools/", {"q": "a\x00b"}).status_code == 400
    assert client.get("/tools/a%00b/").status_code == 400
    refusals = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(refusals) == 2
    for record in refusals:
        assert record.exc_info is None and "NUL byte" in record.getMessage()
        assert "\n" not in record.getMessage()


def test_media_names_the_filesystem_refuses_are_404(client, db):
    assert client.get("/media/" + "a" * 5000).status_code == 404
    assert client.get("/media/heroes/" + "é" * 300 + ".jpg").status_code == 404


def test_media_files_are_cacheable_for_a_year(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "renditions").mkdir()
    (tmp_path / "renditions" / "a1b2.webp").write_bytes(b"RIFF....WEBP")
    response = client.get("/media/renditions/a1b2.webp")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
