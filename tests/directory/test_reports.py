"""Readers' outcome reports: the form, double opt-in by signed link, limits, withdrawal, moderation."""

import html as htmllib
import re
import threading

import pytest
from django.core import mail, signing
from django.db import connection
from django.test import Client

from directory import services
from directory.models import OutcomeReport
from directory.tasks import send_report_confirmation
from directory.tokens import REPORT_CONFIRM, REPORT_WITHDRAW

pytestmark = pytest.mark.django_db


def text(response):
    return htmllib.unescape(response.content.decode())


def report_url(workflow):
    return f"/workflows/{workflow.slug}/report/"


def emailed_links(message):
    confirm = re.search(r"https?://[^/\s]+(/reports/confirm/\S+/)", message.body).group(1)
    withdraw = re.search(r"https?://[^/\s]+(/reports/withdraw/\S+/)", message.body).group(1)
    return confirm, withdraw


def test_workflow_page_carries_the_form_and_public_counts(client, make_workflow, make_report):
    workflow = make_workflow()
    make_report(workflow)
    make_report(workflow, status="rejected", rejection_reason="spam")
    make_report(workflow, status="pending")
    html = client.get(workflow.get_absolute_url()).content.decode()
    assert 'class="report-form"' in html
    assert '<input type="hidden" name="csrfmiddlewaretoken" value="">' in html  # cached page: no token
    assert "1 reader report accepted · 1 rejected" in html


def test_report_is_held_until_confirmed_then_waits_for_an_editor(client, make_workflow, report_post):
    workflow = make_workflow()
    response = client.post(report_url(workflow), report_post(email="Someone@Example.COM"))
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    report = OutcomeReport.objects.get()
    assert report.status == OutcomeReport.Status.UNCONFIRMED
    assert report.email == "Someone@example.com"
    assert workflow.report_counts()["accepted"] == 0

    send_report_confirmation(report_id=report.pk)  # what the queue worker runs
    (message,) = mail.outbox
    assert message.to == ["Someone@example.com"]
    confirm, withdraw = emailed_links(message)

    # A mail scanner opening the link confirms nothing.
    page = client.get(confirm)
    assert "Confirm my report" in page.content.decode()
    report.refresh_from_db()
    assert report.status == OutcomeReport.Status.UNCONFIRMED

    client.post(confirm)
    report.refresh_from_db()
    assert report.status == OutcomeReport.Status.PENDING
    assert workflow.report_counts()["accepted"] == 0, "confirmed but not yet reviewed"

    services.reports_accept(reports=OutcomeReport.objects.all())
    assert workflow.report_counts()["accepted"] == 1

    client.post(withdraw)
    report.refresh_from_db()
    assert report.status == OutcomeReport.Status.WITHDRAWN
    assert workflow.report_counts() == {"accepted": 0, "rejected": 0}


def test_a_second_confirmed_report_replaces_the_first(make_workflow, make_report):
    workflow = make_workflow()
    first = make_report(workflow, email="same@example.com")
    second = make_report(workflow, email="SAME@example.com", status="unconfirmed")
    services.report_confirm(report=second)
    first.refresh_from_db()
    assert first.status == OutcomeReport.Status.WITHDRAWN
    assert OutcomeReport.objects.get(pk=second.pk).status == OutcomeReport.Status.PENDING


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"monthly_earnings": "-5"}, "Enter 0 or more"),
        ({"monthly_earnings": "10000000.01"}, "more than 10,000,000 a month"),
        ({"monthly_earnings": "1e300"}, "more than 10,000,000 a month"),
        ({"monthly_earnings": "NaN"}, "Enter a number"),
        ({"monthly_costs": "99999999999"}, "more than 10,000,000 a month"),
        ({"currency": "XBT"}, "Pick a currency from the list"),
        ({"hours_per_week": "200"}, "A week has 168 hours"),
        ({"months": "0"}, "at least 1 month"),
        ({"outcome": "rich"}, "Pick one of the choices"),
        ({"outcome": "never", "monthly_earnings": "20"}, "goes with earnings of 0"),
        ({"note": "x" * 10_000}, "under 1,000 characters"),
        ({"email": "not-an-address"}, "Enter a valid email address"),
        ({"email": "a@example.com\r\nBcc: victim@example.com"}, "Enter a valid email address"),
        ({"note": "hello\x07there"}, "characters that aren't allowed"),
        ({"note": "hello\x00there"}, "Null characters are not allowed"),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(client, make_workflow, report_post, fields, message):
    workflow = make_workflow()
    response = client.post(report_url(workflow), report_post(**fields))
    assert response.status_code == 400
    assert message in text(response)
    assert "Nothing was saved yet" in text(response)
    assert not OutcomeReport.objects.exists()
    assert not mail.outbox


def test_script_in_every_field_is_refused_or_shown_as_text(client, make_workflow, report_post):
    workflow = make_workflow()
    script = "<script>alert(1)</script>"
    data = {name: script for name in report_post()}
    data["website"] = ""
    response = client.post(report_url(workflow), data)
    assert response.status_code == 400
    assert script not in response.content.decode()
    assert not OutcomeReport.objects.exists()
    # A valid report whose note is a script: stored as text, never rendered as markup.
    client.post(report_url(workflow), report_post(note=script))
    report = OutcomeReport.objects.get()
    send_report_confirmation(report_id=report.pk)
    confirm, _ = emailed_links(mail.outbox[0])
    assert script not in client.get(confirm).content.decode()


def test_honeypot_stores_nothing(client, make_workflow, report_post):
    workflow = make_workflow()
    response = client.post(report_url(workflow), report_post(website="https://spam.example/"))
    assert response.status_code == 200
    assert not OutcomeReport.objects.exists()


def test_missing_csrf_token_shows_the_answers_again_and_stores_nothing(make_workflow, report_post):
    workflow = make_workflow()
    client = Client(enforce_csrf_checks=True)
    response = client.post(report_url(workflow), report_post(note="kept"))
    html = response.content.decode()
    assert "press “Send my report” again" in html
    assert "kept</textarea>" in html
    assert 'name="csrfmiddlewaretoken" value="' in html.split('class="report-form"')[1].split("</form>")[0]
    assert not OutcomeReport.objects.exists()


def test_unpublished_workflow_takes_no_reports(client, make_workflow, report_post):
    workflow = make_workflow(status="draft")
    assert client.post(report_url(workflow), report_post()).status_code == 404


@pytest.mark.parametrize("kind", ["confirm", "withdraw"])
def test_forged_links_get_a_clear_400(client, make_workflow, make_report, kind):
    report = make_report(make_workflow(), status="unconfirmed")
    token = (REPORT_CONFIRM if kind == "confirm" else REPORT_WITHDRAW).make(report)
    for bad in [token[:-3] + "abc", "nonsense", "x" * 3000, token[:20]]:
        for method in (client.get, client.post):
            response = method(f"/reports/{kind}/{bad}/")
            assert response.status_code == 400
            assert "This link isn't valid" in text(response)
    assert client.post(f"/reports/{kind}/{token}%00/").status_code == 400
    report.refresh_from_db()
    assert report.status == OutcomeReport.Status.UNCONFIRMED


def test_link_for_a_changed_address_or_other_purpose_is_refused(client, make_workflow, make_report):
    report = make_report(make_workflow(), status="unconfirmed")
    withdraw = REPORT_WITHDRAW.make(report)
    assert client.post(f"/reports/confirm/{withdraw}/").status_code == 400
    token = REPORT_CONFIRM.make(report)
    OutcomeReport.objects.filter(pk=report.pk).update(email="other@example.com")
    response = client.post(f"/reports/confirm/{token}/")
    assert response.status_code == 400
    assert "no longer matches a report" in response.content.decode()


def test_expired_confirm_link_says_so(client, make_workflow, make_report, settings):
    report = make_report(make_workflow(), status="unconfirmed")
    token = REPORT_CONFIRM.make(report)
    settings.DIRECTORY_REPORT_CONFIRM_MAX_AGE = -1
    response = client.post(f"/reports/confirm/{token}/")
    assert response.status_code == 400
    assert "has expired" in response.content.decode()
    report.refresh_from_db()
    assert report.status == OutcomeReport.Status.UNCONFIRMED


def test_token_payload_that_isnt_a_report_is_refused(client):
    token = signing.dumps(["not", "a", "dict"], salt="directory.report.confirm")
    assert client.get(f"/reports/confirm/{token}/").status_code == 400


def test_address_limit_refuses_with_429(client, make_workflow, report_post, settings):
    settings.DIRECTORY_REPORT_RATE_EMAIL = "2/d"
    workflow = make_workflow()
    statuses = [client.post(report_url(workflow), report_post()).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert OutcomeReport.objects.count() == 2


def test_limits_that_cant_be_counted_refuse_and_store_nothing(client, make_workflow, report_post, settings):
    # Port 9 (discard) has nothing listening: the limits' store raises on every call.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
    response = client.post(report_url(make_workflow()), report_post())
    assert response.status_code == 503
    assert "paused for a moment" in text(response)
    assert OutcomeReport.objects.count() == 0


def test_rejecting_needs_a_reason_and_a_negative_report_still_counts(make_workflow, make_report):
    from django.core.exceptions import ValidationError

    workflow = make_workflow()
    negative = make_report(workflow, monthly_earnings=0, monthly_costs=300, outcome="never")
    with pytest.raises(ValidationError):
        services.reports_reject(reports=OutcomeReport.objects.filter(pk=negative.pk), reason="")
    with pytest.raises(ValidationError):
        services.reports_reject(reports=OutcomeReport.objects.filter(pk=negative.pk), reason="negative")
    negative.refresh_from_db()
    assert negative.status == OutcomeReport.Status.ACCEPTED
    assert workflow.report_counts()["accepted"] == 1
    # The database refuses a reasonless rejection however it is written.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        OutcomeReport.objects.filter(pk=negative.pk).update(status="rejected")


def test_admin_rejection_without_reason_is_refused(client, editor, make_workflow, make_report):
    workflow = make_workflow()
    negative = make_report(workflow, monthly_earnings=0, outcome="never")
    client.force_login(editor)
    url = f"/admin/directory/outcomereport/{negative.pk}/change/"
    response = client.post(url, {"status": "rejected", "rejection_reason": "", "rejection_note": "too negative"})
    assert response.status_code == 200
    assert "never rejected for being negative" in response.content.decode()
    negative.refresh_from_db()
    assert negative.status == OutcomeReport.Status.ACCEPTED
    response = client.post(url, {"status": "rejected", "rejection_reason": "spam", "rejection_note": ""})
    assert response.status_code == 302
    negative.refresh_from_db()
    assert (negative.status, negative.rejection_reason, negative.moderated_by) == ("rejected", "spam", editor)
    assert workflow.report_counts() == {"accepted": 0, "rejected": 1}


def test_admin_cannot_accept_an_unconfirmed_report(client, editor, make_workflow, make_report):
    report = make_report(make_workflow(), status="unconfirmed")
    client.force_login(editor)
    client.post(
        "/admin/directory/outcomereport/",
        {"action": "accept", "_selected_action": [report.pk]},
    )
    report.refresh_from_db()
    assert report.status == OutcomeReport.Status.UNCONFIRMED


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("scope", ["ip", "email"])
def test_concurrent_submissions_never_pass_the_limits(make_workflow, report_post, settings, scope):
    settings.DIRECTORY_REPORT_RATE_IP = "3/h" if scope == "ip" else "1000/h"
    settings.DIRECTORY_REPORT_RATE_EMAIL = "3/d" if scope == "email" else "1000/d"
    workflow = make_workflow()
    barrier = threading.Barrier(12)
    statuses = []

    def submit(n):
        from django.db import connections

        try:
            email = "same@example.com" if scope == "email" else f"reader{n}@example.com"
            remote = "203.0.113.9" if scope == "ip" else f"203.0.113.{n}"
            client = Client(REMOTE_ADDR=remote)
            barrier.wait()
            statuses.append(client.post(report_url(workflow), report_post(email=email)).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 3 + [429] * 9
    assert OutcomeReport.objects.count() == 3
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs WHERE task_name = 'directory.tasks.send_report_confirmation'")
