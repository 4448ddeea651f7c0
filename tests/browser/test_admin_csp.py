"""The Django admin works under the site's Content-Security-Policy (no inline script or style)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def csp_watch(page):
    """Collect CSP violations: the browser's console reports and the DOM's violation events."""
    reports = []
    page.on("console", lambda msg: reports.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda error: reports.append(f"page error: {error}"))
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"
    )

    def violations():
        return reports + page.evaluate("window.__csp || []")

    return violations


def test_editor_logs_in_and_edits_an_article_without_csp_violations(page, live_server, editor, make_article, settings, csp_watch):
    settings.AXES_ENABLED = True  # the real login path, lockout checks included
    article = make_article()

    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.locator("#user-tools").is_visible()

    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    assert page.locator("#id_headline").input_value() == article.headline
    # The date shortcuts and the byline inline's "add another" are drawn by admin JavaScript:
    # they only exist if the scripts ran under the policy.
    page.locator(".datetimeshortcuts").first.wait_for()
    page.locator(".add-row a").first.wait_for()

    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially("Prepopulated by admin JS")
    assert page.locator("#id_slug").input_value() == "prepopulated-by-admin-js"

    page.goto(f"{live_server.url}/admin/articles/article/")
    page.locator("#action-toggle").check()
    assert page.locator(".action-counter").inner_text().startswith("1 of 1")

    assert csp_watch() == []


def test_the_watch_catches_an_inline_script(page, live_server, csp_watch):
    # Proof that the test above could fail: an inline script is refused, and reported.
    page.goto(f"{live_server.url}/admin/login/")
    page.evaluate("const s = document.createElement('script'); s.textContent = 'window.ran = 1'; document.body.append(s)")
    assert page.evaluate("window.ran === undefined")
    page.wait_for_function("window.__csp.length > 0")
    assert any("script-src" in v for v in csp_watch())
