"""A reader files an outcome report, confirms it from the email the SMTP server got, an editor accepts
it, and the workflow's typical-results box changes on the very next request, page cache included."""

import re
from decimal import Decimal

import pytest

from directory import services
from directory.models import OutcomeReport, Workflow
from tests.conftest import assert_accessible
from tests.newsletter.conftest import run_worker, smtp_server  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_report_confirmed_by_email_accepted_and_shown_at_once(page, live_server, smtp_server, run_worker, admin_user, settings):  # noqa: F811
    settings.PAGE_CACHE = True
    workflow = Workflow.objects.create(
        title="Menu translation for family restaurants", slug="menu-translation", summary="Menus in four languages.",
        steps="1. Photograph the menu\n2. Translate\n3. Print", monthly_earnings=Decimal("1500"),
        reported_by="A creator", status=Workflow.Status.PUBLISHED,
    )
    for n, amount in enumerate([0, 120, 300, 450]):
        OutcomeReport.objects.create(
            workflow=workflow, email=f"earlier{n}@example.com", monthly_earnings=amount, monthly_costs=10,
            months=3, hours_per_week=5, outcome="stopped", status="accepted",
        )
    services.workflow_stats_refresh()
    url = live_server.url + workflow.get_absolute_url()

    page.goto(url)
    assert "Only 4 accepted reader reports so far" in page.locator(".typical").inner_text()
    assert "The creator's claim" in page.locator(".workflow__earnings").inner_text()
    form = page.locator("form.report-form")
    assert form.locator('input[name="csrfmiddlewaretoken"]').input_value() == ""  # a cached page
    form.get_by_label("What you earned in a typical month").fill("200")
    form.get_by_label("What it cost you per month").fill("25")
    form.get_by_label("Hours per week you put in").fill("6")
    form.get_by_label("For how many months").fill("5")
    form.get_by_label("Still doing it").check()
    form.get_by_label("Your email address").fill("tried-it@example.com")
    form.get_by_role("button", name="Send my report").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Check your email"
    report = OutcomeReport.objects.get(email="tried-it@example.com")
    assert report.status == OutcomeReport.Status.UNCONFIRMED

    run_worker(queues=["directory"])
    (message,) = smtp_server.messages
    assert message["To"] == "tried-it@example.com"
    body = message.get_body(("plain",)).get_content()
    confirm = re.search(r"https?://[^/\s]+(/reports/confirm/\S+/)", body).group(1)
    page.goto(live_server.url + confirm)
    assert page.locator("h1").inner_text() == "Confirm your report"
    assert_accessible(page)
    page.get_by_role("button", name="Confirm my report").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Thank you: your report is confirmed"

    page.goto(url)
    assert "Only 4 accepted" in page.locator(".typical").inner_text()  # waiting for an editor

    editor_page = page.context.browser.new_page()
    editor_page.goto(f"{live_server.url}/admin/login/")
    # A superuser, not the `editor` fixture: its group comes from migrations, and a transactional test
    # earlier on the same xdist worker (e.g. tests/directory/test_go.py) leaves the groups flushed.
    editor_page.fill("#id_username", admin_user.username)
    editor_page.fill("#id_password", "password")
    editor_page.click("input[type=submit]")
    editor_page.goto(f"{live_server.url}/admin/directory/outcomereport/{report.pk}/change/")
    editor_page.select_option("#id_status", "accepted")
    editor_page.click("input[name=_save]")
    editor_page.wait_for_url(re.compile(r"/admin/directory/outcomereport/$"))

    response = page.goto(url)
    assert response.headers["x-page-cache"] == "miss"
    box = page.locator(".typical").inner_text()
    assert re.search(r"median earnings\s+200 USD/month", box, re.IGNORECASE)
    assert "20%" in box
    assert "5 accepted" in box
    assert_accessible(page)
