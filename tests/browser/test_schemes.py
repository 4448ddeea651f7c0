"""Reader pages in the light and the dark colour scheme, at phone and desktop width, and the share buttons."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DARK_PAPER = "rgb(18, 24, 32)"  # --paper in the dark scheme (static/css/site.css)


@pytest.fixture
def reader_pages(live_server, make_article, directory, site_pages):
    from wire.models import MarketQuote

    article = make_article(tags=["open-weights"], body="## Costs\n\nA paragraph with a [link](https://example.com/).\n\n>> A pull quote.")
    now = timezone.now()
    for symbol, old, new in (("NVX", "120.50", "124.25"), ("SYNL", "300.00", "296.40")):
        MarketQuote.objects.create(symbol=symbol, label=symbol, value=Decimal(old), unit="USD", as_of=now - timedelta(days=2))
        MarketQuote.objects.create(symbol=symbol, label=symbol, value=Decimal(new), unit="USD", as_of=now - timedelta(hours=1))
    return [
        "/",
        article.get_absolute_url(),
        "/tools/",
        "/tools/hearthstack/",
        "/workflows/private-search-for-a-law-office/",
        "/markets/",
        "/privacy/",
        "/authors/",
    ]


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_reader_pages_are_accessible_in_both_schemes(browser, live_server, reader_pages, scheme, width):
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        for path in reader_pages:
            page.goto(live_server.url + path)
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert (background == DARK_PAPER) == (scheme == "dark"), (path, background)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (path, overflow)
            assert_accessible(page)  # includes axe's colour-contrast rule, in this scheme's colours
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_copy_link_puts_the_story_address_on_the_clipboard(browser, live_server, make_article, scheme):
    article = make_article(headline="Copy me & share me")
    context = browser.new_context(color_scheme=scheme, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(live_server.url + article.get_absolute_url())
        share = page.get_by_role("region", name="Share this story")
        share.get_by_role("button", name="Copy link").click()
        expect(share.get_by_role("status")).to_have_text("Link copied.")
        assert page.evaluate("navigator.clipboard.readText()") == settings.SITE_URL + article.get_absolute_url()
        # Web Share appears exactly where the browser has it (Linux Chromium doesn't).
        has_web_share = page.evaluate("typeof navigator.share === 'function'")
        assert share.get_by_role("button", name="Share…").is_visible() == has_web_share
        for name in ("X", "LinkedIn", "Facebook", "Reddit", "Email"):
            expect(share.get_by_role("link", name=name, exact=True)).to_be_visible()
    finally:
        context.close()


def test_without_javascript_only_the_plain_links_show(browser, live_server, make_article):
    article = make_article()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + article.get_absolute_url())
        share = page.get_by_role("region", name="Share this story")
        assert share.get_by_role("button").count() == 0  # hidden buttons leave the accessibility tree
        assert share.get_by_role("link").count() == 5
    finally:
        context.close()
