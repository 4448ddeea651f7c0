"""Readers get no cookies: nothing identifies a visitor from one page to the next."""

import pytest


@pytest.fixture
def pages(make_article):
    article = make_article(tags=["privacy"])
    return ["/", article.get_absolute_url(), f"/sections/{article.section.slug}/", "/tags/privacy/",
            "/authors/flux-desk/", "/no-such-page/", "/healthz"]


def test_browsing_sets_no_session_or_tracking_cookie(client, pages):
    for path in pages:
        response = client.get(path)
        # A CSRF cookie (for a form on the page) is a security token, not an identifier we keep.
        assert set(response.cookies) <= {"csrftoken"}, (path, list(response.cookies))
    assert "sessionid" not in client.cookies
