"""The edition desk: previews, test copies, the 'Send now' confirmation, dates in the site's time zone."""

import datetime

import pytest
from procrastinate.contrib.django.models import ProcrastinateJob

from newsletter.models import Edition, Subscriber
from newsletter.services import edition_draft_from_workflows

pytestmark = pytest.mark.django_db


def test_view_on_site_for_a_draft_is_a_staff_preview(client, editor, make_edition):
    draft = make_edition(subject="Clinic voice agents, draft")
    assert client.get(draft.get_absolute_url()).status_code == 404  # readers never see drafts
    client.force_login(editor)
    change = client.get(f"/admin/newsletter/edition/{draft.pk}/change/").content.decode()
    preview_url = f"/admin/newsletter/edition/{draft.pk}/preview/"
    assert f'href="{preview_url}"' in change  # "View on site"
    response = client.get(preview_url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview." in page and "readers can't see this page until the edition is sent" in page
    assert "Clinic voice agents, draft" in page and "Not sent yet" in page
    assert response["X-Robots-Tag"] == "noindex, nofollow" and "no-store" in response["Cache-Control"]
    client.logout()
    assert client.get(preview_url).status_code == 302  # to the admin login


def test_email_preview_shows_the_mail_as_sent(client, editor, make_edition):
    edition = make_edition(body="## Clinic voice agents\n\nRead [the write-up](https://flux.example/w/).")
    client.force_login(editor)
    response = client.get(f"/admin/newsletter/edition/{edition.pk}/email/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h2 style="' in html and "Unsubscribe" in html and "%%FLUX" not in html
    csp = response["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in csp and "script-src 'none'" in csp
    text = client.get(f"/admin/newsletter/edition/{edition.pk}/email/?part=text")
    assert text["Content-Type"].startswith("text/plain")
    assert "Clinic voice agents\n===================" in text.content.decode()
    assert "the write-up [1]" in text.content.decode()


def test_send_now_asks_first_with_subject_audience_and_last_test_copy(client, editor, make_edition, make_subscriber, mailoutbox):
    editor.email = "eddie@flux.example"
    editor.save()
    for _ in range(3):
        make_subscriber()
    make_subscriber(status=Subscriber.Status.COMPLAINED)
    edition = make_edition(subject="Voice agents that book dentists")
    client.force_login(editor)
    send_url = f"/admin/newsletter/edition/{edition.pk}/send/"
    page = client.get(send_url).content.decode()
    assert "Voice agents that book dentists" in page
    assert "<strong>3</strong> active subscribers" in page
    assert "None sent yet." in page

    response = client.post(f"/admin/newsletter/edition/{edition.pk}/send-test/")
    assert response.status_code == 302
    (test_copy,) = mailoutbox
    assert test_copy.subject == "[TEST] Voice agents that book dentists"
    page = client.get(send_url).content.decode()
    assert "to eddie@flux.example" in page and "None sent yet." not in page

    assert not ProcrastinateJob.objects.filter(task_name="newsletter.tasks.send_batch").exists()
    client.post(send_url)
    assert Edition.objects.get(pk=edition.pk).status == Edition.Status.SENDING
    assert ProcrastinateJob.objects.filter(task_name="newsletter.tasks.send_batch").count() == 1
    page = client.get(send_url).content.decode()
    assert "there is nothing to send" in page and "Yes, send it" not in page


def test_drafts_are_dated_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "America/New_York"
    # 02:00 UTC on Dec 8 is still the evening of Dec 7 in New York.
    edition = edition_draft_from_workflows(now=datetime.datetime(2026, 12, 8, 2, 0, tzinfo=datetime.UTC))
    assert edition.slug == "sauce-drop-2026-12-07"
    assert "Dec 7, 2026" in edition.preheader
