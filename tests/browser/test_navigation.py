"""A first-time reader on a phone (390 px) and a laptop (1366 px): every section reachable from the
navigation, the home page's way into the directory, workflows and markets, and comparing tools."""

import pytest
from playwright.sync_api import expect

from tests.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
ENTRIES = ["AI Tools", "Directory", "Workflows", "Markets", "Newsletter"]


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


def _inside_viewport(locator, page):
    box, viewport = locator.bounding_box(), page.viewport_size
    return box and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= viewport["width"] and box["y"] + box["height"] <= viewport["height"]


def test_phone_reader_opens_the_menu_reaches_every_section_and_compares_tools(page, live_server, make_article, directory):
    make_article()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    nav = page.get_by_role("navigation", name="Main")
    menu = nav.get_by_text("Menu")
    for name in ENTRIES:
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_hidden()
    menu.click()
    for name in ENTRIES:
        link = nav.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        assert _inside_viewport(link, page), name
    assert _no_sideways_scroll(page)
    assert_accessible(page)
    nav.get_by_role("link", name="Markets").click()
    page.wait_for_url("**/markets/")
    current = page.get_by_role("navigation", name="Main").get_by_role("link", name="Markets", include_hidden=True)
    expect(current).to_have_attribute("aria-current", "page")

    # The keyboard opens it too: the summary is a button.
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_text("Menu").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Workflows")).to_be_visible()

    # The home page leads into the directory and the workflows.
    expect(page.get_by_role("heading", name="The directory")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Private search for a law office").click()
    page.wait_for_url("**/workflows/private-search-for-a-law-office/")

    # Ticking tools says what is picked, and the button stays on screen while the list scrolls.
    page.goto(live_server.url + "/tools/")
    status = page.locator("[data-compare-status]")
    page.get_by_label("Compare Hearthstack").check()
    expect(status).to_have_text("Hearthstack picked: tick one more tool, then")
    page.get_by_label("Compare Larkspur").check()
    expect(status).to_have_text("Hearthstack and Larkspur picked.")
    page.mouse.wheel(0, -5000)
    button = page.get_by_role("button", name="Compare selected")
    assert _inside_viewport(button, page)
    button.click()
    page.wait_for_url("**/tools/compare/?tools=*")
    # Both tools' columns fit beside the feature names, with no sideways scrolling.
    table = page.locator(".compare__table")
    for name in ("Hearthstack", "Larkspur"):
        assert _inside_viewport(table.get_by_role("link", name=name, exact=True), page), name
    assert page.locator(".compare__scroll").evaluate("el => el.scrollWidth <= el.clientWidth")
    assert _no_sideways_scroll(page)


def test_laptop_reader_sees_every_section_without_a_menu(page, live_server, make_article, directory):
    make_article()
    page.set_viewport_size(LAPTOP)
    page.goto(live_server.url + "/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_text("Menu")).to_be_hidden()
    tops = set()
    for name in ENTRIES:
        link = nav.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        tops.add(round(link.bounding_box()["y"]))
    assert len(tops) == 1  # one row
    main = page.get_by_role("main")
    for name in ("The directory", "Workflows", "Markets"):
        expect(main.get_by_role("heading", name=name)).to_be_visible()
    main.get_by_role("link", name="See the markets").click()
    page.wait_for_url("**/markets/")

    # An error page keeps the whole navigation.
    page.goto(live_server.url + "/no-such-page/")
    for name in ENTRIES:
        expect(page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)).to_be_visible()
