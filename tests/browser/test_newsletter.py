"""A reader signs up in the footer, follows the link from the email the SMTP server got, and is in."""

import re

import pytest
from playwright.sync_api import expect

from fluxsite.markdown import word_count
from newsletter.models import Subscriber, Topic
from tests.conftest import assert_accessible
from tests.newsletter.conftest import confirm_link, make_edition, run_worker, smtp_server  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_footer_signup_then_emailed_confirmation_link(page, live_server, smtp_server, run_worker):  # noqa: F811
    page.goto(live_server.url + "/workflows/")
    footer_form = page.locator(".site-footer form.signup")
    assert footer_form.locator('input[name="csrfmiddlewaretoken"]').input_value() == ""
    footer_form.locator('input[name="email"]').fill("browser@example.com")
    # A locator assertion, not wait_for_function: Playwright evaluates a string predicate with eval,
    # which the page's CSP refuses whenever the first check comes too early.
    expect(footer_form.locator('input[name="csrfmiddlewaretoken"]')).not_to_have_value("", timeout=30_000)
    footer_form.get_by_role("button", name="Subscribe").click()
    page.wait_for_url(re.compile(r"/newsletter/thanks/$"))
    assert page.locator("h1").inner_text() == "Check your inbox"
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.source_page == "/workflows/"

    run_worker()
    (message,) = smtp_server.messages
    assert message["To"] == "browser@example.com"
    page.goto(live_server.url + confirm_link(message))
    assert page.locator("h1").inner_text() == "Confirm your subscription"
    assert_accessible(page)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING  # opening the link only asks
    page.get_by_role("button", name="Yes, subscribe me").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "You're subscribed"
    assert_accessible(page)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE


def test_newsletter_pages_pass_axe(page, live_server, make_edition):  # noqa: F811
    from django.utils import timezone

    edition = make_edition(status="sent", sent_at=timezone.now())
    for path in ["/newsletter/", "/newsletter/archive/", edition.get_absolute_url(), "/newsletter/thanks/"]:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    # A no-JS-style post without a token lands on the landing page with the one-more-step notice.
    page.goto(live_server.url + "/newsletter/")
    assert page.locator(".signup--page input[name=csrfmiddlewaretoken]").input_value() != ""


def test_an_edition_is_written_in_the_articles_editor_with_its_live_preview(page, live_server, admin_user, make_edition):  # noqa: F811
    """Editions get the writing desk's editor: toolbar, the server's preview as typed, and a save that keeps it."""
    weekly, _ = Topic.objects.get_or_create(slug="sauce-drop-test", defaults={"name": "The Sauce Drop"})
    edition = make_edition(subject="Agents that book the plumber", body="Intro line.", topic=weekly)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/newsletter/edition/{edition.pk}/change/")

    frame = page.frame_locator(".writer__frame")
    expect(frame.locator("h1")).to_have_text("Agents that book the plumber")  # the subject heads the preview
    page.locator(".field-body .CodeMirror").click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("## Three invoices a day\n\nThe **quiet** part is the follow-up.")
    # Rendered by the server through the published pipeline, before any save.
    expect(frame.locator("h2")).to_have_text("Three invoices a day")
    expect(frame.locator("strong")).to_have_text("quiet")
    typed = "Intro line.\n\n## Three invoices a day\n\nThe **quiet** part is the follow-up."
    expect(page.locator("[data-writer-words]")).to_have_text(f"{word_count(typed)} words")

    page.fill("#id_subject", "Agents that book the plumber, costed")
    expect(frame.locator("h1")).to_have_text("Agents that book the plumber, costed")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    edition.refresh_from_db()
    assert edition.body.replace("\r\n", "\n") == typed  # a form posts a textarea with CRLF line ends
    assert "<h2" in edition.body_html and "<strong>quiet</strong>" in edition.body_html


@pytest.mark.parametrize("width", [390, 1366])
def test_choosing_topics_on_the_sign_up_page(page, live_server, width):
    from newsletter.models import Topic

    for slug, name, default in [("weekly", "The weekly Sauce Drop", True), ("wire", "Breaking wire alerts", False)]:
        Topic.objects.get_or_create(slug=slug, defaults={"name": name, "is_default": default})
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/newsletter/")
    form = page.locator("form.signup--page")
    weekly, wire = form.get_by_label("The weekly Sauce Drop"), form.get_by_label("Breaking wire alerts")
    expect(weekly).to_be_checked()
    expect(wire).not_to_be_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing sticks out sideways
    # Nothing ticked: the page says so, keeps the address, and stores nothing.
    form.get_by_label("Email address").fill(f"topics{width}@example.com")
    weekly.uncheck()
    form.get_by_role("button", name="Subscribe").click()
    page.wait_for_load_state()
    expect(page.locator("#page-topics-errors")).to_contain_text("Tick at least one")
    assert not Subscriber.objects.exists()
    assert_accessible(page)
    form = page.locator("form.signup--page")
    form.get_by_label("Breaking wire alerts").check()
    form.get_by_role("button", name="Subscribe").click()
    page.wait_for_url(re.compile(r"/newsletter/thanks/$"))
    subscriber = Subscriber.objects.get()
    assert subscriber.email == f"topics{width}@example.com"
    assert list(subscriber.topics.values_list("slug", flat=True)) == ["wire"]
