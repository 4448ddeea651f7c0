"""The header ticker in real Chromium: filled from /api/wire/, live updates, pause, motion, failure."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TICKER = "#ticker"
FIRST_LIST = "#ticker .ticker__list >> nth=0"

LAYOUT_SHIFT_JS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 300);
})"""


@pytest.fixture
def wire_data(db, make_article):
    """Enough dispatches and live quotes to overflow a desktop-wide ticker, plus one stale quote."""
    from wire.models import MarketQuote, WireItem

    now = timezone.now()
    article = make_article(headline="Open weights, real costs")
    WireItem.objects.create(headline="Pinned: the inference price tracker is back", article=article, pinned=True, published_at=now - timedelta(hours=3))
    for n in range(6):
        WireItem.objects.create(headline=f"Dispatch from the desk, number {n + 1}", source="Flux desk", published_at=now - timedelta(minutes=10 * (n + 1)))
    for symbol, old, new in [("NVX", "100", "104"), ("CLDA", "50", "48"), ("LLAMA70B@NIMBUS", "0.88", "0.79")]:
        unit = "$/M tokens" if "@" in symbol else "USD"
        MarketQuote.objects.create(symbol=symbol, label=symbol, value=Decimal(old), unit=unit, as_of=now - timedelta(days=2))
        MarketQuote.objects.create(symbol=symbol, label=symbol, value=Decimal(new), unit=unit, as_of=now - timedelta(hours=1))
    MarketQuote.objects.create(symbol="OLDCO", label="Old Co", value=Decimal("9"), unit="USD", as_of=now - timedelta(days=30))


@pytest.fixture
def fast_ticker(settings):
    settings.WIRE_TICKER_REFRESH_SECONDS = 1


def test_ticker_replaces_loading_with_the_wire_from_the_database(page, live_server, wire_data):
    page.goto(live_server.url + "/")
    ticker = page.locator(TICKER)
    expect(ticker.locator(".ticker__list").first).to_be_visible()
    expect(ticker).not_to_contain_text("LOADING")
    first = page.locator(FIRST_LIST)
    expect(first).to_contain_text("Pinned: the inference price tracker is back")
    expect(first.locator("a", has_text="Pinned: the inference")).to_have_attribute("href", "/articles/article-1/")
    expect(first).to_contain_text("NVX $104.00 ▲up 4.00%")
    expect(first).to_contain_text("CLDA $48.00 ▼down 4.00%")
    expect(first).to_contain_text("$0.79/M tokens")
    expect(first).not_to_contain_text("OLDCO")  # stale figures are never shown as live
    # The loop's second copy is hidden from assistive technology and from the tab order.
    copy = page.locator("#ticker .ticker__list >> nth=1")
    expect(copy).to_have_attribute("aria-hidden", "true")
    assert copy.evaluate("el => el.inert")
    assert page.evaluate(LAYOUT_SHIFT_JS) < 0.01


def test_ticker_shows_a_dispatch_posted_through_the_api(page, live_server, wire_data, fast_ticker):
    from wire.models import ApiToken

    token = ApiToken(name="browser-test-bot")
    secret = token.issue_secret()
    token.save()
    page.goto(live_server.url + "/")
    expect(page.locator(FIRST_LIST)).to_contain_text("Dispatch from the desk, number 1")
    announcer = page.locator("#ticker [aria-live=polite]")
    expect(announcer).to_have_text("")  # the first fill is not announced

    response = page.request.post(
        live_server.url + "/api/wire/items/",
        data=json.dumps({"headline": "Breaking: Nimbus halves batch prices", "url": "https://nimbus.example/"}),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    )
    assert response.status == 201

    expect(page.locator(FIRST_LIST)).to_contain_text("Breaking: Nimbus halves batch prices", timeout=10_000)
    expect(announcer).to_have_text("New on the wire: Breaking: Nimbus halves batch prices")


HOSTILE_IDS = (
    "script-tag", "script-src", "img-onerror", "svg-onload", "svg-script", "iframe-srcdoc", "details-ontoggle",
    "math-href", "template-breakout", "comment-breakout", "meta-refresh", "base-href", "attr-double",
    "attr-close-tag", "attr-backtick", "json-breakout", "md-autolink-js",
)


def test_hostile_text_posted_through_the_api_is_shown_as_text_in_the_ticker(page, live_server, db):
    from tests.security.corpus import CORPUS
    from wire.models import ApiToken

    token = ApiToken(name="hostile-bot")
    secret = token.issue_secret()
    token.save()
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    hostile = [payload.text for payload in CORPUS if payload.id in HOSTILE_IDS]
    response = page.request.post(
        live_server.url + "/api/wire/items/", data=json.dumps([{"headline": text} for text in hostile]), headers=headers
    )
    assert response.status == 201
    saved = [item["headline"] for item in response.json()["created"]]
    label = next(payload.text for payload in CORPUS if payload.id == "attr-close-tag")
    quote = {"symbol": "EVIL", "label": label, "value": "1", "unit": "USD", "as_of": timezone.now().isoformat()}
    assert page.request.post(live_server.url + "/api/wire/quotes/", data=json.dumps(quote), headers=headers).status == 201

    page.goto(live_server.url + "/")
    first = page.locator(FIRST_LIST)
    expect(first.locator(".ticker__item--news")).to_have_count(len(hostile))
    shown = first.locator(".ticker__item--news > :first-child").evaluate_all("nodes => nodes.map(n => n.textContent)")
    assert sorted(shown) == sorted(saved)  # every headline exactly as sent, as text
    expect(first.locator("abbr", has_text="EVIL")).to_have_attribute("title", label)
    # Nothing from the payloads became an element: each item is the ticker's own span or link.
    viewport = page.locator("#ticker [data-ticker-viewport]")
    assert viewport.locator(":is(script, img, svg, iframe, object, details, math, meta, base, a[href^=javascript])").count() == 0
    assert first.locator(".ticker__item--news > :not(.ticker__text, .ticker__link, .ticker__src)").count() == 0
    assert first.locator(".ticker__item--news :is(.ticker__text, .ticker__link, .ticker__src) *").count() == 0


def test_ticker_refreshes_with_if_none_match_and_keeps_content_on_304(page, live_server, wire_data, fast_ticker):
    requests = []
    page.on("request", lambda r: requests.append(r) if r.url.endswith("/api/wire/") else None)
    statuses = []
    page.on("response", lambda r: statuses.append(r.status) if r.url.endswith("/api/wire/") else None)
    page.goto(live_server.url + "/")
    expect(page.locator(FIRST_LIST)).to_contain_text("NVX")
    page.wait_for_timeout(2500)
    assert len(requests) >= 2
    assert requests[0].headers.get("if-none-match") is None
    # Strong from the view; weak (W/"…") once GZipMiddleware has compressed the body. Both match.
    assert requests[-1].headers.get("if-none-match", "").removeprefix("W/").startswith('"')
    assert 304 in statuses
    expect(page.locator(FIRST_LIST)).to_contain_text("NVX")


def test_pause_button_hover_and_focus_stop_the_crawl(page, live_server, wire_data):
    page.goto(live_server.url + "/")
    toggle = page.get_by_role("button", name="Pause the ticker")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    track = page.locator("#ticker .ticker__track")
    play_state = "el => getComputedStyle(el).animationPlayState"
    page.mouse.move(5, 700)
    assert track.evaluate(play_state) == "running"

    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert track.evaluate(play_state) == "paused"
    before = track.evaluate("el => getComputedStyle(el).transform")
    page.wait_for_timeout(400)
    assert track.evaluate("el => getComputedStyle(el).transform") == before

    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert track.evaluate(play_state) == "running"

    page.hover("#ticker .ticker__viewport")
    assert track.evaluate(play_state) == "paused"
    page.mouse.move(5, 700)
    last_link = page.locator(FIRST_LIST).locator("a").last
    track.evaluate("el => { const a = el.getAnimations()[0]; a.currentTime = a.effect.getComputedTiming().duration * 0.6; }")
    last_link.focus()
    assert track.evaluate(play_state) == "paused"
    # The focused headline is brought inside the visible bar rather than left clipped.
    page.wait_for_timeout(100)
    bar = page.locator("#ticker .ticker__viewport").bounding_box()
    link = last_link.bounding_box()
    assert bar["x"] <= link["x"] < bar["x"] + bar["width"] - 20


def test_keyboard_reaches_the_content_without_tabbing_through_the_headlines(page, live_server, wire_data):
    page.goto(live_server.url + "/")
    expect(page.locator(FIRST_LIST)).to_contain_text("Dispatch from the desk")
    focused = []
    for _ in range(40):
        page.keyboard.press("Tab")
        where = page.evaluate("() => document.activeElement.closest('main') ? 'main' : document.activeElement.className")
        if where == "main":
            break
        focused.append(where)
    assert where == "main", focused
    assert "ticker__link" not in focused
    assert "ticker__label" in focused and "ticker__toggle" in focused  # the wire page and the pause stay reachable
    assert len(focused) <= 16


def test_pause_survives_a_page_load(page, live_server, wire_data):
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Pause the ticker").click()
    page.goto(live_server.url + "/wire/")
    expect(page.get_by_role("button", name="Pause the ticker")).to_have_attribute("aria-pressed", "true")


def test_hidden_tab_pauses_the_crawl(page, live_server, wire_data):
    page.goto(live_server.url + "/")
    expect(page.locator(FIRST_LIST)).to_contain_text("NVX")
    page.evaluate("""() => {
        Object.defineProperty(document, "hidden", {configurable: true, get: () => true});
        document.dispatchEvent(new Event("visibilitychange"));
    }""")
    assert page.locator("#ticker .ticker__track").evaluate("el => getComputedStyle(el).animationPlayState") == "paused"


def test_reduced_motion_gets_a_still_list(page, live_server, wire_data):
    page.emulate_media(reduced_motion="reduce")
    page.goto(live_server.url + "/")
    expect(page.locator(FIRST_LIST)).to_contain_text("NVX")
    assert page.locator("#ticker .ticker__list").count() == 1
    expect(page.locator("#ticker .ticker__toggle")).to_be_hidden()
    assert page.locator("#ticker .ticker__track").evaluate("el => getComputedStyle(el).animationName") == "none"


def test_unreachable_wire_says_so_quietly_and_the_page_works(page, live_server, make_article):
    make_article(headline="Still readable")
    page.route("**/api/wire/", lambda route: route.abort())
    page.goto(live_server.url + "/")
    expect(page.locator(TICKER)).to_contain_text("— Wire unavailable")
    expect(page.get_by_role("link", name="Still readable").first).to_be_visible()


def test_server_error_is_treated_as_unavailable(page, live_server, db):
    page.route("**/api/wire/", lambda route: route.fulfill(status=503, body="down"))
    page.goto(live_server.url + "/")
    expect(page.locator(TICKER)).to_contain_text("— Wire unavailable")


def test_empty_wire_says_no_dispatches(page, live_server, db):
    page.goto(live_server.url + "/wire/")
    expect(page.locator(TICKER)).to_contain_text("— No dispatches right now")


def test_without_javascript_the_ticker_links_to_the_wire(browser, live_server, wire_data):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    link = page.get_by_role("link", name="— Read the latest dispatches and figures")
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", "/wire/")
    expect(page.locator("[data-ticker-status]")).to_be_hidden()
    no_js_top = page.locator("main").bounding_box()["y"]
    context.close()

    page = browser.new_page()
    page.goto(live_server.url + "/")
    expect(page.locator(FIRST_LIST)).to_contain_text("NVX")
    assert page.locator("main").bounding_box()["y"] == no_js_top
    page.close()


# Elements sticking out past the viewport's right edge that no scrolling or clipping ancestor contains.
OVERFLOWING_JS = """() => {
  const clipped = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
    if (getComputedStyle(p).overflowX !== "visible") return true; return false; };
  return [...document.querySelectorAll("body *")]
    .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5 && !clipped(el))
    .map(el => el.tagName + "." + el.className);
}"""


def test_mobile_ticker_fits_without_horizontal_scroll(page, live_server, wire_data):
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ["/", "/wire/", "/markets/"]:
        page.goto(live_server.url + path)
        expect(page.locator(FIRST_LIST)).to_contain_text("NVX")
        expect(page.locator("#ticker .ticker__label-short")).to_be_visible()
        assert page.evaluate(OVERFLOWING_JS) == [], path
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0, path


def test_wire_and_markets_pages_pass_axe_with_the_ticker_filled(page, live_server, wire_data):
    for path in ["/wire/", "/markets/", "/"]:
        page.goto(live_server.url + path)
        expect(page.locator(FIRST_LIST)).to_contain_text("NVX")
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    page.goto(live_server.url + "/markets/")
    expect(page.get_by_role("img", name="NVX, daily figures: from $100.00 to $104.00; low $100.00, high $104.00")).to_be_visible()
