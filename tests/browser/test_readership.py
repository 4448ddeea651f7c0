"""Readership counts in real Chromium: one beacon per page view, under the site's Content-Security-Policy."""

import pytest

from fluxsite import tally
from readership.models import DailyPageView, DailyReferrer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def csp_violations(page):
    reports = []
    page.on("console", lambda msg: reports.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda error: reports.append(f"page error: {error}"))
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    return lambda: reports + page.evaluate("window.__csp || []")


def beacon_of(page, action):
    with page.expect_request(lambda request: request.url.endswith("/count/")) as sent:
        action()
    request = sent.value
    return request, request.response()


@pytest.mark.parametrize("width", [390, 1366])
def test_reading_an_article_counts_one_view_with_the_other_sites_name_only(page, live_server, make_article,
                                                                         csp_violations, width):
    page.set_viewport_size({"width": width, "height": 900})
    article = make_article()
    url = live_server.url + article.get_absolute_url()
    request, response = beacon_of(page, lambda: page.goto(url, referer="https://news.example.org/story?id=42"))
    assert response.status == 204
    assert request.method == "POST"
    assert request.post_data == f"p={article.get_absolute_url().replace('/', '%2F')}&r=news.example.org"
    assert "cookie" not in {name.lower() for name in request.headers}
    tally.flush_all()  # the live server counts in this process
    row = DailyPageView.objects.get()
    assert (row.path, row.route, row.views) == (article.get_absolute_url(), "articles:detail", 1)
    assert list(DailyReferrer.objects.values_list("domain", "views")) == [("news.example.org", 1)]

    # Following a link on the site counts the next page, without a referring domain.
    request, response = beacon_of(page, lambda: page.locator("header a[href='/']").first.click())
    assert response.status == 204 and "&r=" not in (request.post_data or "")
    tally.flush_all()
    assert DailyPageView.objects.get(path="/").views == 1
    assert DailyReferrer.objects.get().views == 1
    assert csp_violations() == []


def test_error_pages_send_no_beacon(page, live_server):
    beacons = []
    page.on("request", lambda request: beacons.append(request.url) if request.url.endswith("/count/") else None)
    response = page.goto(live_server.url + "/articles/no-such-story/")
    assert response.status == 404
    page.wait_for_load_state("networkidle")
    assert beacons == []
