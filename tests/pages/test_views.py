"""Site pages: served from the database, linked from every page, listed for crawlers, edited in the admin."""

import re
from urllib.parse import urlsplit

import lxml.html
import pytest
from django.urls import reverse

from pages.defaults import PAGES
from pages.models import SitePage

SLUGS = [page["slug"] for page in PAGES]


def _main_text(response):
    document = lxml.html.document_fromstring(response.content)
    return " ".join(document.xpath("//main")[0].text_content().split())


@pytest.mark.parametrize("slug", SLUGS)
def test_each_default_page_renders_from_the_database(client, site_pages, slug):
    page = SitePage.objects.get(slug=slug)
    page.title = f"{page.title} (from the database)"
    page.body = f"{page.body}\n\nA line only the stored copy has: {slug}."
    page.save()
    response = client.get(f"/{slug}/")
    assert response.status_code == 200
    text = _main_text(response)
    assert page.title in text and f"A line only the stored copy has: {slug}." in text
    document = lxml.html.document_fromstring(response.content)
    assert document.xpath("//link[@rel='canonical']/@href")[0].endswith(f"/{slug}/")
    assert document.xpath("//title")[0].text_content().startswith(f"{page.title} — ")


def test_markdown_goes_through_the_sanitizer(client, site_pages):
    SitePage.objects.create(slug="colophon", title="Colophon", body="**Set** in Georgia.\n\n<script>alert(1)</script>")
    html = client.get("/colophon/").content.decode()
    assert "<strong>Set</strong> in Georgia." in html
    assert "alert(1)" not in html


def test_an_unpublished_or_missing_page_is_a_404(client, site_pages):
    SitePage.objects.filter(slug="terms").update(is_published=False)
    assert client.get("/terms/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404


def test_every_page_footer_links_the_site_pages_and_the_authors(client, site_pages, make_article):
    make_article()
    document = lxml.html.document_fromstring(client.get("/").content)
    links = set(document.xpath("//footer//a/@href"))
    assert {f"/{slug}/" for slug in SLUGS} | {"/authors/"} <= links
    for href in {f"/{slug}/" for slug in SLUGS}:
        assert client.get(href).status_code == 200, href


def test_the_sitemap_lists_published_site_pages(client, site_pages):
    SitePage.objects.filter(slug="terms").update(is_published=False)
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-pages.xml" in index
    listed = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]*)</loc>", client.get("/sitemap-pages.xml").content.decode())]
    assert set(listed) == {f"/{slug}/" for slug in SLUGS if slug != "terms"}


def _admin_post(page, **changes):
    return {
        "title": page.title,
        "slug": page.slug,
        "description": page.description,
        "body": page.body,
        "is_published": "on" if page.is_published else "",
        **changes,
    }


def test_an_admin_edit_reaches_the_next_reader_through_the_page_cache(client, site_pages, editor, settings):
    settings.PAGE_CACHE = True
    assert client.get("/about/")["X-Page-Cache"] == "miss"
    assert client.get("/about/")["X-Page-Cache"] == "hit"

    page = SitePage.objects.get(slug="about")
    staff = type(client)()
    staff.force_login(editor)
    response = staff.post(
        reverse("admin:pages_sitepage_change", args=[page.pk]),
        _admin_post(page, body="Flux is now written from a lighthouse.", title="About us"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    fresh = client.get("/about/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Flux is now written from a lighthouse." in _main_text(fresh)
    assert "About us" in _main_text(fresh)


def test_a_slug_another_page_answers_is_refused_in_the_admin(client, site_pages, editor):
    client.force_login(editor)
    page = SitePage.objects.get(slug="about")
    response = client.post(reverse("admin:pages_sitepage_change", args=[page.pk]), _admin_post(page, slug="tools"))
    assert response.status_code == 200
    assert "/tools/ is already another page of the site" in response.content.decode()
    assert SitePage.objects.get(pk=page.pk).slug == "about"


def test_editors_may_manage_site_pages(editor, writer):
    perms = {f"pages.{action}_sitepage" for action in ("add", "change", "delete", "view")}
    assert editor.has_perms(perms)
    assert not writer.has_perm("pages.change_sitepage")
