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


def test_the_csrf_cookie_is_out_of_scripts_reach(client, db):
    # The sign-up script reads the token from /newsletter/csrf/'s answer, never from the cookie.
    response = client.get("/newsletter/csrf/")
    assert response.status_code == 200 and response.json()["token"]
    assert response.cookies["csrftoken"]["httponly"] is True
    assert response.cookies["csrftoken"]["samesite"] == "Lax"
