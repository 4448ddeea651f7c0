"""Site pages and the author index at phone and desktop width: reachable from the footer, readable, accessible."""

import pytest

from tests.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_footer_leads_to_each_site_page_and_the_authors(page, live_server, make_article, site_pages, width):
    make_article()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    footer = page.get_by_role("navigation", name="About Flux")
    for name, path, heading in [
        ("Privacy", "/privacy/", "Privacy"),
        ("How we rank", "/how-we-rank/", "How we rank tools"),
        ("Authors", "/authors/", "Authors"),
    ]:
        footer.get_by_role("link", name=name, exact=True).click()
        page.wait_for_url(live_server.url + path)
        assert page.get_by_role("heading", level=1).inner_text() == heading
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (path, overflow)
        assert_accessible(page)
        footer = page.get_by_role("navigation", name="About Flux")
