"""A reader's journey through the directory in real Chromium, and axe on every directory page."""

import pytest

from directory.models import Category, DailyClickCount, Tool, Workflow
from tests.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def directory(live_server):
    inference = Category.objects.create(name="Inference providers", slug="inference")
    models = Category.objects.create(name="Open-weight models", slug="open-models")

    def tool(name, **fields):
        categories = fields.pop("categories")
        obj = Tool.objects.create(name=name, tagline=f"{name} does a useful thing.", status="published", **fields)
        obj.categories.set(categories)
        obj.tags.set(["inference"])
        return obj

    hearth = tool("Hearthstack", kind="provider", is_open=True, licence="AGPL-3.0", origin_country="NL",
                  website_url=live_server.url + "/healthz", categories=[inference])
    tool("Voltline", kind="provider", is_open=False, origin_country="US", website_url="https://volt.example/",
         affiliate_url="https://partners.volt.example/", categories=[inference])
    tool("Larkspur", kind="model", is_open=True, origin_country="FR", website_url="https://lark.example/",
         categories=[models])
    workflow = Workflow.objects.create(title="Private search for a law office", summary="Set-up and retainer.",
                                       steps="1. Index\n2. Test", monthly_earnings=4500, reported_by="A reader",
                                       status="published")
    workflow.tools.set([hearth])
    return hearth


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
