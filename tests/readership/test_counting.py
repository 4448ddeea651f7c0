"""/count/: what a beacon counts, what it refuses, and how the counts reach PostgreSQL."""

import threading
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from readership import counting
from readership.models import DailyPageView, DailyReferrer, DailySignup

pytestmark = pytest.mark.django_db


def beacon(client, path, referrer=None, **headers):
    data = {"p": path} if referrer is None else {"p": path, "r": referrer}
    return client.post("/count/", data, **headers)


def views():
    return {(row.path, row.route, row.slug): row.views for row in DailyPageView.objects.all()}


def test_views_are_counted_per_page_and_day_once_flushed(client, make_article):
    article = make_article()
    for _ in range(3):
        assert beacon(client, article.get_absolute_url()).status_code == 204
    assert beacon(client, "/").status_code == 204
    assert beacon(client, f"/sections/{article.section.slug}/").status_code == 204
    assert not DailyPageView.objects.exists(), "nothing is written while the reader waits"
    counting.flush()
    assert views() == {
        (article.get_absolute_url(), "articles:detail", article.slug): 3,
        ("/", "articles:home", ""): 1,
        (f"/sections/{article.section.slug}/", "articles:section", article.section.slug): 1,
    }
    assert set(DailyPageView.objects.values_list("day", flat=True)) == {timezone.localdate()}
    beacon(client, "/")
    counting.flush()
    assert DailyPageView.objects.get(path="/").views == 2, "a later flush adds to the day's row"


def test_referring_domains_are_counted_without_our_own_site_or_addresses(client, make_article):
    article = make_article()
    path = article.get_absolute_url()
    for referrer in ["news.example.org", "NEWS.example.org", "www.news.example.org", "search.example"]:
        assert beacon(client, path, referrer).status_code == 204
    for ignored in ["testserver", "", "192.168.1.20", "localhost"]:
        assert beacon(client, path, ignored).status_code == 204
    counting.flush()
    assert dict(DailyReferrer.objects.values_list("domain", "views")) == {"news.example.org": 3, "search.example": 1}
    assert DailyPageView.objects.get(path=path).views == 8, "the view counts even when its referrer isn't kept"


def test_a_beacon_costs_no_database_query(client, make_article, django_assert_num_queries):
    path = make_article().get_absolute_url()
    beacon(client, path, "news.example.org")  # resolves and remembers the path
    with django_assert_num_queries(0):
        assert beacon(client, path, "news.example.org").status_code == 204


def test_a_flush_is_one_insert_per_table(client, make_article):
    path = make_article().get_absolute_url()
    for referrer in ["a.example", "b.example", "c.example"]:
        beacon(client, path, referrer)
    beacon(client, "/")
    with CaptureQueriesContext(connection) as captured:
        counting.flush()
    inserts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 2 and all("ON CONFLICT" in sql for sql in inserts)
    assert len(captured.captured_queries) <= 2 + 1 + 4, "one existence check for the articles, savepoints"


def test_percent_encoded_paths_are_counted_as_the_page(client, make_article):
    make_article(tags=["café"])
    assert beacon(client, "/tags/caf%C3%A9/").status_code == 204
    counting.flush()
    assert views() == {("/tags/café/", "articles:tag", "café"): 1}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({}, "p must be a path"),
        ({"p": "https://elsewhere.example/"}, "p must be a path"),
        ({"p": "//elsewhere.example/"}, "p must be a path"),
        ({"p": "/" + "a" * 300}, "at most 300"),
        ({"p": "/?q=secret"}, "no query string"),
        ({"p": "/articles/x/\n"}, "control characters"),
        ({"p": "/no/such/page/"}, "not a page of this site"),
        ({"p": "/admin/"}, "not a page whose readers are counted"),
        ({"p": "/go/some-tool/"}, "not a page whose readers are counted"),
        ({"p": "/api/wire/"}, "not a page whose readers are counted"),
        ({"p": "/newsletter/confirm/abc/"}, "not a page whose readers are counted"),
        ({"p": "/", "r": "evil.example/path?x=1"}, "r must be a host name"),
        ({"p": "/", "r": "a" * 254}, "r must be a host name"),
    ],
)
def test_bad_beacons_are_refused_with_the_reason_and_count_nothing(client, data, reason):
    response = client.post("/count/", data)
    assert response.status_code == 400
    assert reason in response.content.decode()
    counting.flush()
    assert not DailyPageView.objects.exists() and not DailyReferrer.objects.exists()


def test_the_beacon_path_is_the_named_route():
    from django.urls import reverse

    from readership.views import COUNT_PATH

    assert reverse("readership:count") == COUNT_PATH


def test_other_methods_big_bodies_and_other_sites_are_refused(client):
    assert client.get("/count/").status_code == 405
    assert client.post("/count/", {"p": "/", "r": "x" * 2000}).status_code == 400
    assert client.post("/count/", {"p": "/"}, HTTP_ORIGIN="https://elsewhere.example").status_code == 403
    assert client.post("/count/", {"p": "/"}, HTTP_ORIGIN="http://testserver").status_code == 204
    counting.flush()
    assert DailyPageView.objects.get().views == 1


def test_views_of_pages_that_dont_exist_are_dropped_when_stored(client, make_article):
    from articles.models import Article

    live = make_article()
    draft = make_article(status=Article.Status.DRAFT)
    for path in [live.get_absolute_url(), draft.get_absolute_url(), "/articles/never-written/", "/tools/nope/"]:
        assert beacon(client, path).status_code == 204  # checked against the database only when stored
    counting.flush()
    assert views() == {(live.get_absolute_url(), "articles:detail", live.slug): 1}


def test_signups_are_counted_per_source_page(client, make_article):
    article = make_article()
    path = article.get_absolute_url()
    for n in range(3):
        response = client.post("/newsletter/", {"email": f"reader{n}@example.com", "source": path})
        assert response.status_code == 302
    client.post("/newsletter/", {"email": "reader0@example.com", "source": path})  # already pending: again
    client.post("/newsletter/", {"email": "someone@example.com", "source": "/no/such/page/"})
    client.post("/newsletter/", {"email": "not-an-address", "source": path})  # refused: not a sign-up
    counting.flush()
    assert dict(DailySignup.objects.values_list("path", "signups")) == {path: 4, "": 1}


def test_the_tally_keeps_counts_when_the_database_refuses_them(make_article):
    path = make_article().get_absolute_url()
    counting.view_record(path=path, host="testserver", day=date(2026, 1, 1))
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE readership_dailypageview ADD CONSTRAINT no_views CHECK (views < 0)")
    with pytest.raises(Exception, match="no_views"):
        counting.PAGE_VIEWS.flush()
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE readership_dailypageview DROP CONSTRAINT no_views")
    counting.view_record(path=path, host="testserver", day=date(2026, 1, 1))
    counting.flush()
    assert DailyPageView.objects.get().views == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_beacons_from_many_threads_add_up_exactly(make_article):
    articles = [make_article() for _ in range(3)]
    start = threading.Barrier(8)
    failures = []

    def read(n):
        client = Client()
        try:
            start.wait()
            for i in range(50):
                article = articles[(n + i) % 3]
                response = beacon(client, article.get_absolute_url(), f"site{i % 2}.example")
                assert response.status_code == 204
                if i % 20 == 0:
                    counting.flush()  # flushes racing with counting and with each other
        except Exception as exc:  # noqa: BLE001 - report any failure from the thread
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=read, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counting.flush()
    assert not failures
    assert sum(DailyPageView.objects.values_list("views", flat=True)) == 400
    assert sorted(DailyPageView.objects.values_list("views", flat=True)) == [133, 133, 134]
    assert dict(DailyReferrer.objects.values_list("domain", "views")) == {"site0.example": 200, "site1.example": 200}


def test_site_pages_and_the_author_index_are_counted_when_published(client, site_pages):
    from pages.models import SitePage

    SitePage.objects.filter(slug="terms").update(is_published=False)
    for path in ["/about/", "/terms/", "/authors/"]:
        assert beacon(client, path).status_code == 204
    counting.flush()
    assert views() == {("/about/", "pages:detail", "about"): 1, ("/authors/", "articles:authors", ""): 1}
