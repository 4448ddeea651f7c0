"""Every page type renders in real Chromium without serious accessibility violations."""

import pytest

from tests.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_page_types_pass_axe(page, live_server, make_article):
    article = make_article(tags=["open-weights", "DeepSeek"])
    paths = [
        "/",
        article.get_absolute_url(),
        f"/sections/{article.section.slug}/",
        "/tags/open-weights/",
        "/authors/flux-desk/",
        "/no-such-page/",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


def test_skip_link_moves_focus_to_main(page, live_server, make_article):
    make_article()
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_mobile_layout_has_no_horizontal_scroll(page, live_server, make_article):
    make_article()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
