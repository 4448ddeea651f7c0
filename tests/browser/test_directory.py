"""A reader's journey through the directory in real Chromium, and axe on every directory page."""

import pytest

from directory.models import DailyClickCount
from fluxsite import tally
from tests.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_reader_filters_opens_tool_follows_link_and_click_is_counted(page, live_server, directory):
    page.goto(live_server.url + "/tools/")
    page.get_by_label("Kind").select_option("provider")
    page.get_by_label("Licence").select_option("1")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/tools/?*kind=provider*")
    cards = page.locator(".tool-card__name")
    assert cards.all_inner_texts() == ["Hearthstack"]
    cards.get_by_role("link", name="Hearthstack").click()
    page.wait_for_url("**/tools/hearthstack/")
    assert page.locator("h1").inner_text() == "Hearthstack"
    outbound = page.locator(".tool-page__cta a.outbound")
    assert outbound.get_attribute("rel") == "noopener"
    assert outbound.get_attribute("href") == "/go/hearthstack/"
    outbound.click()
    page.wait_for_url(live_server.url + "/healthz")
    assert '"status": "ok"' in page.content()
    tally.flush_all()  # the live server runs in this process: its counts are this process's
    assert DailyClickCount.objects.get(tool=directory).clicks == 1


def test_directory_pages_pass_axe(page, live_server, directory):
    paths = [
        "/tools/", "/tools/?kind=provider&open=1", "/tools/categories/inference/", "/tools/hearthstack/",
        "/tools/voltline/", "/tools/compare/?tools=hearthstack,voltline,larkspur", "/tools/compare/?tools=nope",
        "/workflows/", "/workflows/private-search-for-a-law-office/",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


@pytest.mark.parametrize("path", ["/tools/", "/tools/hearthstack/", "/tools/compare/?tools=hearthstack,voltline", "/workflows/"])
def test_directory_pages_fit_a_phone(page, live_server, directory, path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, path
