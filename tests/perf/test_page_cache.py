"""The shared page cache: correct invalidation, nothing personal cached, fail open."""

import re
import time
from datetime import timedelta

import psycopg
import pytest
import time_machine
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import override_settings
from django.urls import path
from django.utils import timezone

from articles.models import Article
from fluxsite import cache as page_cache
from fluxsite import generation


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE = True
    return settings


def _get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_second_anonymous_request_is_a_hit(client, cached, make_article):
    make_article(headline="Tokens are the new oil")
    assert _get(client, "/")["X-Page-Cache"] == "miss"
    hit = _get(client, "/")
    assert hit["X-Page-Cache"] == "hit"
    assert "Tokens are the new oil" in hit.content.decode()


def test_cached_hit_runs_no_queries_sets_no_cookies_and_has_no_csrf_token(
    client, cached, make_article, django_assert_num_queries
):
    article = make_article()
    for url in ("/", article.get_absolute_url()):
        _get(client, url)
        with django_assert_num_queries(0):
            hit = _get(client, url)
        assert hit["X-Page-Cache"] == "hit"
        assert not hit.cookies
        # The footer form carries an empty token field that signup.js fills per visitor.
        assert re.findall(rb'name="csrfmiddlewaretoken" value="([^"]*)"', hit.content) == [b""]
        assert 'action="/newsletter/"' in hit.content.decode()  # the footer sign-up form is there


def test_hits_keep_the_security_headers(client, cached, make_article):
    make_article()
    _get(client, "/")
    hit = _get(client, "/")
    assert hit["X-Page-Cache"] == "hit"
    assert "script-src 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in hit["Permissions-Policy"]
    assert hit["Content-Type"] == "text/html; charset=utf-8"


def test_publish_update_and_unpublish_show_on_the_very_next_request(client, cached, make_article):
    first = make_article(headline="First story")
    _get(client, "/")
    _get(client, first.get_absolute_url())

    second = make_article(headline="Breaking: a second story")
    assert "Breaking: a second story" in _get(client, "/").content.decode()

    first.headline = "First story, corrected"
    first.save()
    assert "First story, corrected" in _get(client, "/").content.decode()
    assert "First story, corrected" in _get(client, first.get_absolute_url()).content.decode()

    second.status = Article.Status.DRAFT
    second.save()
    assert "Breaking: a second story" not in _get(client, "/").content.decode()

    first.delete()
    assert client.get(first.get_absolute_url()).status_code == 404


def test_tagging_an_article_shows_on_the_tag_page_at_once(client, cached, make_article):
    make_article(headline="Tagged already", tags=["agents"])
    other = make_article(headline="Tagged later")
    assert "Tagged later" not in _get(client, "/tags/agents/").content.decode()
    other.tags.add("agents")
    assert "Tagged later" in _get(client, "/tags/agents/").content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edit_moves_the_generation_for_other_processes_only_when_it_commits(cached, section, house_author):
    before = generation.watcher.current()  # what every other process sees
    with transaction.atomic():
        Article.objects.create(headline="Committed with its generation", slug="with-gen", section=section,
                               body="Words.", status=Article.Status.PUBLISHED, published_at=timezone.now())
        assert page_cache.current_generation() > before  # this transaction renders at the new one
        assert generation.watcher.current() == before
        assert _other_process_generation() == before
    after = generation.watcher.current()
    assert after > before
    assert _other_process_generation() == after


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_edit_leaves_the_generation(cached, section):
    before = page_cache.current_generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        section.name = "Renamed, then rolled back"
        section.save()
        raise RuntimeError
    assert page_cache.current_generation() == before == _other_process_generation()


def _other_process_generation():
    """The committed generation, read on a connection of its own (as another process would)."""
    params = connection.get_connection_params()
    params.pop("cursor_factory")
    with psycopg.connect(**params, autocommit=True) as conn:
        return conn.execute("SELECT value FROM fluxsite_contentgeneration").fetchone()[0]


def test_unrelated_saves_and_fixture_loads_keep_the_generation(cached, make_article, django_user_model):
    article = make_article()
    generation = page_cache.current_generation()
    django_user_model.objects.create_user(username="reader", password="pw-for-tests-1")
    post_save.send(sender=Article, instance=article, created=False, raw=True, using="default", update_fields=None)
    assert page_cache.current_generation() == generation


def test_scheduled_article_appears_when_due_without_an_edit(client, cached, make_article):
    make_article(headline="Already out")
    due = timezone.now() + timedelta(hours=2)
    make_article(headline="Embargoed until noon", published_at=due)
    assert "Embargoed until noon" not in _get(client, "/").content.decode()
    assert _get(client, "/")["X-Page-Cache"] == "hit"
    with time_machine.travel(due + timedelta(seconds=1), tick=False):
        response = _get(client, "/")
        assert response["X-Page-Cache"] == "miss"
        assert "Embargoed until noon" in response.content.decode()


def test_cdn_headers_and_conditional_get(client, cached, make_article):
    make_article()
    first = _get(client, "/")
    assert first["Cache-Control"].startswith("public, max-age=0, s-maxage=")
    assert first["ETag"] and first["Last-Modified"]
    hit = _get(client, "/")
    assert hit["ETag"] == first["ETag"]
    not_modified = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304
    assert not_modified.content == b""


def test_shared_max_age_never_outlives_the_next_scheduled_publish(client, cached, make_article):
    make_article()
    make_article(published_at=timezone.now() + timedelta(seconds=20))
    s_maxage = int(_get(client, "/")["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 0 < s_maxage <= 20


def test_head_is_served_from_the_cache_without_a_body(client, cached, make_article):
    make_article()
    _get(client, "/")
    response = client.head("/")
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"
    assert response.content == b""


def test_head_before_any_get_carries_the_caching_headers_a_get_would(client, cached, make_article):
    make_article()
    head = client.head("/")
    assert head.status_code == 200 and head.content == b""
    assert head["X-Page-Cache"] == "miss"
    get = _get(client, "/")
    assert get["X-Page-Cache"] == "miss"  # a HEAD's rendering is not kept
    for name in ("Cache-Control", "ETag", "Last-Modified", "Content-Length"):
        assert head[name] and head[name].split(",")[0] == get[name].split(",")[0], name
    assert head["ETag"] == get["ETag"]


def test_tracking_parameters_and_parameter_order_share_one_entry(client, cached, make_article):
    make_article(tags=["agents"])
    _get(client, "/tags/agents/?page=1&b=2")
    assert _get(client, "/tags/agents/?b=2&page=1&utm_source=newsletter")["X-Page-Cache"] == "hit"
    assert _get(client, "/tags/agents/?page=1")["X-Page-Cache"] == "miss"


def test_logged_in_staff_never_get_or_fill_cached_pages(client, cached, make_article, editor):
    make_article()
    client.force_login(editor)
    for _ in range(2):
        response = _get(client, "/")
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
    client.logout()
    client.cookies.clear()
    assert _get(client, "/")["X-Page-Cache"] == "miss"


def test_visitors_with_pending_messages_or_credentials_bypass_the_cache(client, cached, make_article):
    make_article()
    _get(client, "/")
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in _get(client, "/")
    del client.cookies["messages"]
    assert "X-Page-Cache" not in _get(client, "/", HTTP_AUTHORIZATION="Bearer abc")


def _token_view(request):
    return HttpResponse(f"<form>{get_token(request)}</form>")


def _session_view(request):
    request.session.get("seen")
    return HttpResponse("uses the session")


urlpatterns = [path("token/", _token_view), path("session/", _session_view)]


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("url", ["/token/", "/session/"])
def test_pages_that_set_cookies_or_vary_on_them_are_never_stored(client, cached, db, url):
    first = client.get(url)
    assert first["X-Page-Cache"] == "pass"
    assert "public" not in first.get("Cache-Control", "")
    second = client.get(url)
    assert second["X-Page-Cache"] == "pass"
    if url == "/token/":
        assert "private" in first["Cache-Control"]
        assert first.cookies  # the CSRF cookie went out with the render, never with a hit


def test_page_cache_off_renders_every_request(client, settings, make_article):
    settings.PAGE_CACHE = False
    make_article()
    assert "X-Page-Cache" not in _get(client, "/")
    assert "X-Page-Cache" not in _get(client, "/")


def test_pages_are_served_when_redis_is_down(client, cached, redis_down, make_article, caplog):
    article = make_article()  # the save's generation bump must not fail either
    for url in ("/", article.get_absolute_url(), "/tags/nothing/"):
        response = client.get(url)
        assert response.status_code in (200, 404), url
    assert _get(client, "/")
    logged = caplog.get_records("setup") + caplog.records
    assert any("Redis unavailable" in record.getMessage() for record in logged)


def test_counters_still_fail_closed_when_redis_is_down(redis_down):
    from django.core.cache import cache
    from redis.exceptions import ConnectionError as RedisConnectionError

    assert cache.get("anything") is None
    assert cache.add("anything", 1) is False
    cache._down_until = 0  # noqa: SLF001 - retry at once instead of waiting out the back-off
    with pytest.raises(RedisConnectionError):
        cache.incr("anything")


def test_pages_are_compressed_once_and_served_by_encoding(client, cached, make_article):
    import gzip

    make_article(headline="Squeezed once")
    plain = _get(client, "/")
    packed = _get(client, "/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert packed["X-Page-Cache"] == "hit"
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert int(packed["Content-Length"]) == len(packed.content)
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert packed["ETag"] == "W/" + plain["ETag"]
    assert "Content-Encoding" not in _get(client, "/")


def test_uncached_pages_are_compressed_too(client, settings, make_article):
    settings.PAGE_CACHE = False
    make_article()
    response = _get(client, "/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"


def _max_age_view(request):
    response = HttpResponse("x" * 500, content_type="application/json")
    response["Cache-Control"] = "public, max-age=15"
    return response


urlpatterns.append(path("ticker.json", _max_age_view))


@override_settings(ROOT_URLCONF=__name__)
def test_a_views_own_cache_control_is_kept_on_hits(client, cached, db):
    assert client.get("/ticker.json")["Cache-Control"] == "public, max-age=15"
    hit = client.get("/ticker.json")
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Cache-Control"] == "public, max-age=15"


def test_renaming_a_section_updates_the_cached_navigation_at_once(client, cached, make_article, section):
    make_article()
    assert ">AI Tools<" in _get(client, "/").content.decode()
    section.name = "Agents & Tools"
    section.save()
    assert "Agents &amp; Tools" in _get(client, "/").content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edit_committed_by_another_process_invalidates_this_process_copy(client, cached, make_article):
    make_article()
    _get(client, "/")
    assert _get(client, "/")["X-Page-Cache"] == "hit"  # served from this process's copy
    params = connection.get_connection_params()
    params.pop("cursor_factory")
    with psycopg.connect(**params, autocommit=True) as conn:  # no signal ran in this process
        conn.execute("UPDATE articles_section SET name = 'Renamed elsewhere'")
        conn.execute(generation._BUMP)
    deadline = time.monotonic() + 5
    while (response := _get(client, "/"))["X-Page-Cache"] == "hit" and time.monotonic() < deadline:
        time.sleep(0.01)  # the notification crosses a socket
    assert response["X-Page-Cache"] == "miss"
    assert "Renamed elsewhere" in response.content.decode()


def test_the_process_copy_stays_within_its_byte_budget():
    local = page_cache.LocalPages(max_bytes=10_000)
    for i in range(10):
        local.put(f"k{i}", {"generation": "g", "until": 2e9, "body": b"x" * 2000, "gzip": None})
    assert local.size <= 10_000
    assert local.get("k9", "g", 0) is not None
    assert local.get("k0", "g", 0) is None
    assert local.get("k9", "other", 0) is None


def test_seeding_in_bulk_invalidates_cached_pages(client, cached, make_article, section, monkeypatch):
    """bulk_create sends no signals; seed_demo bumps the generation itself."""
    import io
    from types import SimpleNamespace

    from django.core.management import call_command
    from django.utils import timezone

    def bulk_seed(stdout):
        Article.objects.bulk_create(
            [Article(headline="Bulk-made story", slug="bulk-made", section=section, body="x",
                     status=Article.Status.PUBLISHED, published_at=timezone.now())]
        )

    monkeypatch.setattr(
        "fluxsite.management.commands.seed_demo.DEMO_MODULES", [SimpleNamespace(seed=bulk_seed, seed_scale=None)]
    )
    make_article()
    _get(client, "/")
    assert _get(client, "/")["X-Page-Cache"] == "hit"
    call_command("seed_demo", stdout=io.StringIO())
    response = _get(client, "/")
    assert response["X-Page-Cache"] == "miss"
    assert "Bulk-made story" in response.content.decode()
