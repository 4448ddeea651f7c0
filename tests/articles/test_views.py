"""Public magazine pages: what readers see, what they never see, and what each page costs."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Author, Section

pytestmark = pytest.mark.django_db


def _html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


@pytest.fixture
def people(db):
    return [Author.objects.create(name=f"Writer {i}", slug=f"writer-{i}", bio=f"Writer {i} covers chips.") for i in range(3)]


@pytest.fixture
def newsroom(make_article, people, section):
    """Several sections, authors and tags, plus a draft and a scheduled story that must never show."""
    money = Section.objects.create(name="Money", slug="money", order=2)
    articles = []
    for i in range(8):
        articles.append(
            make_article(
                slug=f"story-{i}",
                headline=f"Story number {i}",
                section=section if i % 2 else money,
                authors=[people[i % 3], people[(i + 1) % 3]],
                tags=[f"topic-{i % 3}", "shared", f"only-{i}"],
                is_featured=i in (1, 4, 6),
            )
        )
    make_article(slug="secret-draft", headline="Secret draft story", status=Article.Status.DRAFT, tags=["draft-only"])
    make_article(
        slug="secret-scheduled",
        headline="Secret scheduled story",
        published_at=timezone.now() + timedelta(days=1),
        tags=["scheduled-only", "shared"],
        authors=[Author.objects.create(name="Future Person", slug="future-person")],
    )
    return articles


SECRETS = ["Secret draft story", "Secret scheduled story", "secret-draft", "secret-scheduled", "draft-only", "scheduled-only", "future-person"]


def _assert_no_secrets(html):
    for secret in SECRETS:
        assert secret not in html


# --- Home ---------------------------------------------------------------------------------------


def test_home_shows_lead_latest_picks_sections_and_newsletter(client, newsroom):
    html = _html(client, "/")
    lead = html.split('aria-label="Lead story"', 1)[1].split("</section>", 1)[0]
    assert "Story number 1" in lead  # the newest featured story leads
    latest = html.split('id="latest-heading"', 1)[1].split("</section>", 1)[0]
    assert "Story number 0" in latest and "Story number 1" not in latest
    picks = html.split('id="picks-heading"', 1)[1].split("</section>", 1)[0]
    assert "Story number 4" in picks and "Story number 6" in picks and "Story number 1" not in picks
    # Section rows carry what the lead and "Latest" haven't shown yet.
    row = html.split('id="section-ai-tools"', 1)[1].split("</section>", 1)[0]
    assert "Story number 7" in row and "Story number 5" not in row
    assert 'href="/newsletter/"' in html
    assert html.count("<h1") == 1
    _assert_no_secrets(html)


def test_home_with_no_stories_is_a_normal_page(client, db):
    html = _html(client, "/")
    assert "No stories yet." in html


# --- Article page -------------------------------------------------------------------------------


def test_article_page_has_every_part(client, make_article, people):
    article = make_article(
        headline="Open weights are free",
        dek="Running them is not.",
        kicker="open source",
        authors=[people[0], people[1]],
        tags=["open-weights", "DeepSeek"],
        body="## The bill\n\n" + "word " * 700 + "\n\n>> The weights are the cheap part.",
        published_at=timezone.now(),
    )
    html = _html(client, article.get_absolute_url())
    assert re.search(r'class="kicker"><a href="/sections/ai-tools/">AI Tools</a> · <span>open source</span>', html)
    assert '<h1 class="article__headline">Open weights are free</h1>' in html
    assert '<p class="article__dek">Running them is not.</p>' in html
    assert 'By <a href="/authors/writer-0/">Writer 0</a> and <a href="/authors/writer-1/">Writer 1</a>' in html
    assert "3 min read" in html
    assert f'<time datetime="{timezone.localtime(article.published_at).isoformat(timespec="seconds")}"' in html
    assert "<h2>The bill</h2>" in html and 'class="pullquote"' in html
    assert "Writer 0 covers chips." in html  # the sign-off
    assert '<a href="/tags/open-weights/">#open-weights</a>' in html
    assert '<a href="/tags/deepseek/">#DeepSeek</a>' in html
    assert "Published " in html and "Updated " not in html


def test_article_page_says_when_it_was_updated(client, make_article):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(updated_at=article.published_at + timedelta(days=3))
    assert "· Updated <time" in _html(client, article.get_absolute_url())


@pytest.mark.parametrize("slug", ["secret-draft", "secret-scheduled", "no-such-story"])
def test_unpublished_or_unknown_article_is_404(client, newsroom, slug):
    _html(client, f"/articles/{slug}/", status=404)


def test_related_stories_share_tags_and_never_leak(client, newsroom):
    html = _html(client, "/articles/story-0/")
    related = html.split('id="related-heading"', 1)[1]
    assert related.count('class="card"') == 3
    assert "Story number 3" in related  # shares topic-0 and "shared"
    _assert_no_secrets(html)


def test_article_seo_meta_and_structured_data(client, make_hero_article, people, settings):
    settings.SITE_URL = "https://flux.example"
    article = make_hero_article(
        headline="A headline </script><script>alert(1)</script>",
        dek="The dek.",
        seo_title="SEO title",
        seo_description="Meta description.",
        authors=[people[0]],
        tags=["gpu"],
    )
    html = _html(client, article.get_absolute_url())
    assert "<title>SEO title — Flux</title>" in html
    assert '<meta name="description" content="Meta description.">' in html
    assert f'<link rel="canonical" href="https://flux.example/articles/{article.slug}/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:image" content="https://flux.example/media/renditions/' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="article:tag" content="gpu">' in html
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 2
    news, crumbs = (json.loads(block) for block in blocks)
    assert news["@type"] == "NewsArticle"
    assert news["headline"] == article.headline
    assert news["description"] == "Meta description."
    assert news["image"][0].startswith("https://flux.example/media/renditions/")
    assert news["datePublished"] == article.published_at.isoformat()
    assert news["dateModified"] == article.updated_at.isoformat()
    assert news["author"] == [{"@type": "Person", "name": "Writer 0", "url": "https://flux.example/authors/writer-0/"}]
    assert news["publisher"]["name"] == "Flux"
    assert news["mainEntityOfPage"]["@id"] == f"https://flux.example/articles/{article.slug}/"
    assert [item["item"] for item in crumbs["itemListElement"]] == [
        "https://flux.example/",
        "https://flux.example/sections/ai-tools/",
        f"https://flux.example/articles/{article.slug}/",
    ]


def test_canonical_override_is_used(client, make_article):
    article = make_article(canonical_url="https://elsewhere.example/original")
    html = _html(client, article.get_absolute_url())
    assert '<link rel="canonical" href="https://elsewhere.example/original">' in html
    assert '"@id": "https://elsewhere.example/original"' in html


# --- Images -------------------------------------------------------------------------------------


def test_renditions_are_made_on_save_as_webp(make_hero_article, settings):
    article = make_hero_article(size=(1700, 956))
    for width in (480, 800, 1200, 1600):
        rendition = getattr(article, f"hero_{width}")
        path = settings.MEDIA_ROOT / rendition.name
        assert path.exists(), rendition.name
        assert path.read_bytes()[8:12] == b"WEBP"
        from PIL import Image

        with Image.open(path) as image:
            assert image.width == width


def test_hero_is_responsive_eager_and_cards_are_lazy(client, make_hero_article):
    article = make_hero_article(size=(1000, 560), tags=["gpu"])
    make_hero_article(tags=["gpu"])
    html = _html(client, article.get_absolute_url())
    hero = re.search(r'<figure class="article__hero">\s*(<img[^>]+>)', html).group(1)
    assert 'fetchpriority="high"' in hero and 'loading="lazy"' not in hero
    assert 'alt="Teal gradient"' in hero
    # The 1000 px original gets 480 and 800 renditions plus one at its own width; none upscaled.
    assert re.search(r'srcset="\S+\.webp 480w, \S+\.webp 800w, \S+\.webp 1000w"', hero)
    assert 'sizes="(min-width: 48rem) 46rem, calc(100vw - 2rem)"' in hero
    assert 'width="800" height="448"' in hero
    related = html.split('id="related-heading"', 1)[1]
    card_image = re.search(r"<img[^>]+>", related).group(0)
    assert 'loading="lazy"' in card_image and "fetchpriority" not in card_image
    assert 'alt=""' in card_image  # decorative: the headline link says it all


def _hero_srcset(client, article):
    html = _html(client, article.get_absolute_url())
    hero = re.search(r'<figure class="article__hero">\s*(<img[^>]+>)', html).group(1)
    return [candidate.split()[0] for candidate in re.search(r'srcset="([^"]+)"', hero).group(1).split(", ")]


def test_a_replaced_hero_shows_its_own_renditions(client, make_hero_article, upload, settings):
    """Rendition names are remembered per process by image file name; a new upload gets a new name."""
    from fluxsite.images import rendition_location

    article = make_hero_article(size=(1000, 560))
    before = _hero_srcset(client, article)
    article.hero_image = upload(name="hero.jpg", size=(1000, 560))  # the editor's file has the same name
    article.save()
    article = Article.objects.get(pk=article.pk)
    after = _hero_srcset(client, article)
    assert set(after).isdisjoint(before)
    assert after == [getattr(article, f"hero_{width}").url for width in (480, 800, 1200)]  # imagekit's own names
    for url in after:
        assert (settings.MEDIA_ROOT / url.removeprefix(settings.MEDIA_URL)).exists(), url
    assert rendition_location.cache_info().maxsize  # bounded, whatever the number of images


def test_reading_a_page_never_touches_image_files(client, make_hero_article, monkeypatch):
    article = make_hero_article(tags=["gpu"])
    make_hero_article(tags=["gpu"])

    def refuse(*args, **kwargs):
        raise AssertionError("a reader's request touched the image storage")

    from django.core.files.storage import FileSystemStorage

    for name in ("exists", "open", "save", "size"):
        monkeypatch.setattr(FileSystemStorage, name, refuse)
    for url in ["/", article.get_absolute_url(), "/sections/ai-tools/", "/tags/gpu/", "/authors/flux-desk/", "/feeds/latest/"]:
        assert client.get(url).status_code == 200, url


# --- Lists and pagination -----------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/sections/ai-tools/", "/tags/shared/", "/authors/writer-0/"])
def test_list_pages_show_only_published(client, newsroom, url):
    html = _html(client, url)
    assert "Story number" in html
    _assert_no_secrets(html)


@pytest.mark.parametrize("url", ["/tags/draft-only/", "/tags/scheduled-only/", "/authors/future-person/", "/tags/nope/", "/sections/nope/"])
def test_tags_and_authors_with_nothing_published_are_404(client, newsroom, url):
    _html(client, url, status=404)


def test_list_pages_paginate_and_reject_bad_pages(client, make_article, section, settings):
    for _ in range(14):
        make_article(tags=["many"])
    first = _html(client, "/sections/ai-tools/")
    assert first.count('class="card"') == 12
    assert 'rel="next" href="?page=2"' in first
    second = _html(client, "/sections/ai-tools/?page=2")
    assert second.count('class="card"') == 2
    assert f'<link rel="canonical" href="{settings.SITE_URL}/sections/ai-tools/?page=2">' in second
    assert 'rel="prev" href="/sections/ai-tools/"' in second
    for bad in ["abc", "0", "-1", "3", "99999999999999999999", "1.5"]:
        for base in ["/sections/ai-tools/", "/tags/many/", "/authors/flux-desk/"]:
            _html(client, f"{base}?page={bad}", status=404)


def test_every_page_advertises_the_feeds(client, make_article):
    article = make_article(tags=["gpu"])
    for url in ["/", article.get_absolute_url(), "/tags/gpu/", "/authors/flux-desk/", "/search/?q=gpu", "/no-such-page/"]:
        html = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/rss+xml" title="Flux: latest stories (RSS)" href="/feeds/latest/">' in html, url
        assert 'type="application/atom+xml"' in html
    section_html = _html(client, "/sections/ai-tools/")
    assert 'href="/feeds/sections/ai-tools/"' in section_html and 'href="/feeds/sections/ai-tools/atom/"' in section_html
    assert 'href="/feeds/tags/gpu/"' in _html(client, "/tags/gpu/")


# --- Query budget -------------------------------------------------------------------------------


@pytest.fixture
def private_cache(settings):
    """A cache of this test's own: the shared file cache is cleared by tests in other workers."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "query-budget"}}


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


# The most queries each page may run, however many stories, tags and authors it shows.
BUDGETS = {
    "/": 7,  # latest, picks, section rows (their ids per section, then the cards): each with its bylines
    "/articles/story-0/": 7,  # article, tags, byline; related ids by tags, then by section; related cards + bylines
    "/sections/ai-tools/": 4,  # section, count, page, bylines
    "/tags/shared/": 5,  # tag, "anything published?", count, page, bylines
    "/authors/writer-0/": 5,
    "/search/?q=story": 6,  # articles: ranked ids, page; tools: matches, categories; workflows: matches, tools
    "/feeds/latest/": 3,
    "/feeds/tags/shared/atom/": 4,
    # The index: every section's count and newest lastmod in one query (fluxsite/sitemaps.py).
    "/sitemap.xml": 1,
    "/sitemap-articles.xml": 2,  # count, page
}
PAGES = list(BUDGETS)


@pytest.mark.parametrize("url", PAGES)
def test_public_pages_run_a_bounded_number_of_queries(client, private_cache, newsroom, url, django_assert_max_num_queries):
    client.get(url)  # warm the navigation cache like any running site
    with django_assert_max_num_queries(BUDGETS[url]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_query_count_does_not_grow_with_content(client, private_cache, newsroom, make_article, people, url):
    client.get(url)
    before = _query_count(client, url)
    for i in range(12):
        make_article(
            headline=f"Story extra {i}",
            slug=f"extra-{i}",
            authors=people,
            tags=["shared", f"extra-{i}", f"topic-{i % 3}"],
            is_featured=True,
        )
    client.get(url)  # the edits bumped the cache generation: let shared fragments (the nav) refill
    assert _query_count(client, url) == before
