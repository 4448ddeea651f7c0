"""Feeds, the sitemap and robots.txt: complete, absolute, and free of drafts and scheduled stories."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Author, Section

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://flux.example"


@pytest.fixture
def content(make_article, section):
    money = Section.objects.create(name="Money", slug="money", order=2)
    tamsin = Author.objects.create(name="Tamsin Vale", slug="tamsin-vale")
    hidden = Author.objects.create(name="Hidden Hand", slug="hidden-hand")
    live = [
        make_article(slug="gpu-prices", headline="GPU prices", tags=["gpu", "pricing"], authors=[tamsin]),
        make_article(slug="side-hustle", headline="Side hustle", section=money, tags=["side-hustles"]),
    ]
    make_article(slug="draft-story", headline="Draft story", status=Article.Status.DRAFT, tags=["gpu", "draft-tag"], authors=[hidden])
    make_article(
        slug="scheduled-story",
        headline="Scheduled story",
        published_at=timezone.now() + timedelta(days=1),
        tags=["gpu", "scheduled-tag"],
        section=money,
        authors=[hidden],
    )
    return live


LEAKS = ["draft-story", "Draft story", "scheduled-story", "Scheduled story", "draft-tag", "scheduled-tag", "hidden-hand"]


def _xml(content):
    return ET.fromstring(content)  # noqa: S314 - our own feed and sitemap output, not untrusted input


def _get(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, url
    return response


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/feeds/latest/", {"GPU prices", "Side hustle"}),
        ("/feeds/sections/ai-tools/", {"GPU prices"}),
        ("/feeds/sections/money/", {"Side hustle"}),
        ("/feeds/tags/gpu/", {"GPU prices"}),
    ],
)
def test_rss_feeds_list_published_stories_only(client, content, url, expected):
    response = _get(client, url)
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = _xml(response.content).find("channel")
    items = channel.findall("item")
    assert {item.findtext("title") for item in items} == expected
    for item in items:
        assert item.findtext("link").startswith("https://flux.example/articles/")
        assert item.findtext("pubDate")
    assert channel.findtext("link").startswith("https://flux.example/")
    for leak in LEAKS:
        assert leak not in response.content.decode()


def test_rss_item_carries_dek_byline_and_tags(client, content):
    channel = _xml(_get(client, "/feeds/latest/").content).find("channel")
    item = next(i for i in channel.findall("item") if i.findtext("title") == "GPU prices")
    assert item.findtext("description") == "What it costs to run the new models."
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Tamsin Vale"
    assert {c.text for c in item.findall("category")} == {"gpu", "pricing"}


@pytest.mark.parametrize("url", ["/feeds/latest/atom/", "/feeds/sections/money/atom/", "/feeds/tags/side-hustles/atom/"])
def test_atom_feeds_are_valid_and_absolute(client, content, url):
    response = _get(client, url)
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = _xml(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        assert entry.find(f"{ATOM}link").get("href").startswith("https://flux.example/articles/")
        assert entry.findtext(f"{ATOM}updated")
    for leak in LEAKS:
        assert leak not in response.content.decode()


@pytest.mark.parametrize("url", ["/feeds/sections/nope/", "/feeds/tags/nope/", "/feeds/tags/draft-tag/", "/feeds/tags/scheduled-tag/atom/"])
def test_feeds_for_unknown_or_unpublished_things_are_404(client, content, url):
    _get(client, url, status=404)


MAGAZINE_SITEMAPS = ["articles", "sections", "tags", "authors"]


def _magazine_sitemap(client):
    """The sitemap index names one sitemap per section; return their <url> elements and raw text."""
    index = _get(client, "/sitemap.xml").content.decode()
    elements, text = [], index
    for name in MAGAZINE_SITEMAPS:
        assert f"/sitemap-{name}.xml" in index
        content = _get(client, f"/sitemap-{name}.xml").content
        elements += _xml(content).findall(f"{SITEMAP}url")
        text += content.decode()
    return elements, text


def test_sitemap_lists_articles_sections_tags_and_authors_with_lastmod(client, content):
    elements, text = _magazine_sitemap(client)
    urls = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in elements}
    expected = {
        "https://flux.example/articles/gpu-prices/",
        "https://flux.example/articles/side-hustle/",
        "https://flux.example/sections/ai-tools/",
        "https://flux.example/sections/money/",
        "https://flux.example/tags/gpu/",
        "https://flux.example/tags/pricing/",
        "https://flux.example/tags/side-hustles/",
        "https://flux.example/authors/tamsin-vale/",
        "https://flux.example/authors/flux-desk/",
    }
    assert set(urls) == expected
    assert all(urls[url] for url in expected)
    assert urls["https://flux.example/articles/gpu-prices/"] == timezone.localdate(content[0].updated_at).isoformat()
    for leak in LEAKS:
        assert leak not in text


def test_section_lastmod_ignores_scheduled_stories(client, content):
    ten_days_ago = timezone.now() - timedelta(days=10)
    Article.objects.filter(slug="side-hustle").update(published_at=ten_days_ago - timedelta(days=1), updated_at=ten_days_ago)
    elements, _ = _magazine_sitemap(client)
    money = next(url for url in elements if url.findtext(f"{SITEMAP}loc").endswith("/sections/money/"))
    assert money.findtext(f"{SITEMAP}lastmod") == timezone.localdate(ten_days_ago).isoformat()


def _locs(content):
    return [loc.text for loc in _xml(content).iter(f"{SITEMAP}loc")]


def test_every_sitemap_location_is_on_site_url_whatever_the_host(client, content, settings):
    from fluxsite.urls import sitemaps

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "mirror.example"]
    index = _get(client, "/sitemap.xml", HTTP_HOST="mirror.example")
    pages = _locs(index.content)
    assert {page.split("/")[-1] for page in pages} == {f"sitemap-{section}.xml" for section in sitemaps}
    locations = list(pages)
    for page in pages:
        locations += _locs(_get(client, page.removeprefix("https://flux.example"), HTTP_HOST="mirror.example").content)
    assert len(locations) > len(pages) + len(content)
    assert all(location.startswith("https://flux.example/") for location in locations), locations


# A small page size stands in for 10,000+ articles at the real one (5,000): the paging is the
# same, and 10,000 rolled-back rows would bloat the indexes that other tests' query plans read.
@pytest.mark.parametrize("limit", [2, 4])
def test_sitemap_pages_cover_every_article_once_in_bounded_queries(client, content, make_article, monkeypatch, limit,
                                                                  django_assert_max_num_queries):
    from articles.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", limit)
    live = [article.get_absolute_url() for article in content]
    live += [make_article(slug=f"more-{i}").get_absolute_url() for i in range(7)]
    client.get("/sitemap.xml")  # warm the per-process caches (content types) like any running site
    with django_assert_max_num_queries(1):  # however many pages there are
        index = _get(client, "/sitemap.xml").content
    pages = [loc for loc in _locs(index) if "/sitemap-articles.xml" in loc]
    assert len(pages) == -(-len(live) // limit)
    seen = []
    for page in pages:
        with django_assert_max_num_queries(2):
            urls = _locs(_get(client, page.removeprefix("https://flux.example")).content)
        assert 0 < len(urls) <= limit
        seen += urls
    assert sorted(seen) == sorted(f"https://flux.example{url}" for url in live)
    _get(client, f"/sitemap-articles.xml?p={len(pages) + 1}", status=404)


def test_robots_txt_names_the_sitemap(client, db):
    response = _get(client, "/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: https://flux.example/sitemap.xml" in lines
