"""Admin: counts, CSV import/export, edition actions, delivery progress, who may send."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from newsletter import sending
from newsletter.models import Delivery, Edition, Subscriber

pytestmark = pytest.mark.django_db


def upload(client, content, name="list.csv"):
    return client.post(
        "/admin/newsletter/subscriber/import/",
        {"file": SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content, "text/csv")},
    )


def test_subscriber_changelist_shows_counts_per_status(client, editor, make_subscriber, django_assert_max_num_queries):
    for status, n in [("active", 3), ("pending", 2), ("bounced", 1)]:
        for _ in range(n):
            make_subscriber(status=status)
    client.force_login(editor)
    response = client.get("/admin/newsletter/subscriber/?status__exact=active")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Subscribers: 6" in html
    assert "Active: 3" in html and "Pending confirmation: 2" in html and "Bounced (suppressed): 1" in html
    assert client.get("/admin/newsletter/subscriber/?q=reader1@").status_code == 200


def test_csv_import_is_idempotent_and_marks_its_source(client, editor, make_subscriber):
    make_subscriber(email="already@example.com", status="unsubscribed")
    client.force_login(editor)
    csv = "Email,consented_at,source_page\nnew1@example.com,2026-05-01,/old-site/\nNEW2@Example.com,,\nalready@example.com,,\nnew1@example.com,,\n"
    response = upload(client, csv)
    assert response.status_code == 302
    new1 = Subscriber.objects.by_email("new1@example.com").get()
    assert new1.status == Subscriber.Status.ACTIVE
    assert new1.import_source.startswith("list.csv")
    assert new1.source_page == "/old-site/"
    assert new1.consented_at.date().isoformat() == "2026-05-01"
    assert Subscriber.objects.by_email("new2@example.com").get().email == "NEW2@example.com"
    assert Subscriber.objects.by_email("already@example.com").get().status == Subscriber.Status.UNSUBSCRIBED
    assert Subscriber.objects.count() == 3
    upload(client, csv)  # again: nothing changes
    assert Subscriber.objects.count() == 3


def test_csv_import_with_bad_rows_saves_nothing_and_names_the_lines(client, editor):
    client.force_login(editor)
    csv = "email,consented_at\ngood@example.com,\nnot-an-email,\nx@example.com\r\nBcc: y@example.com,\nok@example.com,yesterday\n"
    response = upload(client, csv)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in html
    assert "Line 3:" in html and "Line 5:" in html and "consented_at" in html
    assert Subscriber.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [("name\nbob\n", "Unknown column “name”"), ("email,nmae\nbob@example.com,Bob\n", "Unknown column “nmae”"), (b"email\n\xff\xfe@x.com\n", "not UTF-8"), ("", "The submitted file is empty")],
)
def test_csv_import_rejects_unusable_files(client, editor, content, message):
    client.force_login(editor)
    assert message in upload(client, content).content.decode()
    assert Subscriber.objects.count() == 0


def test_csv_export_streams_the_filtered_list_safely(client, editor, make_subscriber):
    make_subscriber(email="a@example.com")
    make_subscriber(email="=cmd@example.com")
    make_subscriber(email="p@example.com", status="pending")
    client.force_login(editor)
    response = client.get("/admin/newsletter/subscriber/export/?status__exact=active")
    body = b"".join(response.streaming_content).decode()
    lines = body.strip().splitlines()
    assert lines[0].startswith("email,status")
    assert len(lines) == 3
    assert "'=cmd@example.com" in body  # no formula injection in spreadsheets
    assert "p@example.com" not in body


def test_draft_from_workflows_needs_post(client, editor):
    client.force_login(editor)
    assert client.get("/admin/newsletter/edition/draft-from-workflows/").status_code == 403


def test_send_test_to_me_action(client, editor, make_edition, mailoutbox):
    editor.email = "eddie@flux.example"
    editor.save()
    edition = make_edition()
    client.force_login(editor)
    response = client.post(
        "/admin/newsletter/edition/", {"action": "send_test_to_me", "_selected_action": [edition.pk]}, follow=True
    )
    assert response.status_code == 200
    assert [m.to for m in mailoutbox] == [["eddie@flux.example"]]


def test_send_now_queues_batches_for_editors(client, editor, make_edition, make_subscriber):
    from procrastinate.contrib.django.models import ProcrastinateJob

    make_subscriber()
    edition = make_edition()
    client.force_login(editor)
    # The list action only leads to the confirmation page; nothing is queued yet.
    response = client.post("/admin/newsletter/edition/", {"action": "send_now", "_selected_action": [edition.pk]})
    assert response.status_code == 302 and response["Location"] == f"/admin/newsletter/edition/{edition.pk}/send/"
    assert Edition.objects.get(pk=edition.pk).status == Edition.Status.DRAFT
    client.post(f"/admin/newsletter/edition/{edition.pk}/send/")
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENDING
    assert ProcrastinateJob.objects.filter(task_name="newsletter.tasks.send_batch").count() == 1
    # Pressing it again (a second tab) queues nothing twice.
    client.post(f"/admin/newsletter/edition/{edition.pk}/send/")
    assert ProcrastinateJob.objects.filter(task_name="newsletter.tasks.send_batch").count() == 1
    page = client.get(f"/admin/newsletter/edition/{edition.pk}/change/").content.decode()
    assert "<progress" in page and "0 of 1 done" in page


def test_writers_cannot_see_or_send_newsletters(client, writer, make_edition):
    edition = make_edition()
    client.force_login(writer)
    assert client.get("/admin/newsletter/subscriber/").status_code == 403
    assert client.get("/admin/newsletter/edition/").status_code == 403
    assert client.get("/admin/newsletter/subscriber/export/").status_code == 403
    client.post("/admin/newsletter/edition/", {"action": "send_now", "_selected_action": [edition.pk]})
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT


def test_send_needs_the_custom_permission(client, editor, make_edition):
    editor.groups.clear()
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["view_edition", "change_edition"]))
    edition = make_edition()
    client.force_login(editor)
    client.post("/admin/newsletter/edition/", {"action": "send_now", "_selected_action": [edition.pk]})
    assert client.get(f"/admin/newsletter/edition/{edition.pk}/send/").status_code == 403
    assert client.post(f"/admin/newsletter/edition/{edition.pk}/send/").status_code == 403
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT


def test_editors_group_has_send_permission_and_writers_none(db):
    from django.contrib.auth.models import Group

    editors = set(Group.objects.get(name="Editors").permissions.filter(content_type__app_label="newsletter").values_list("codename", flat=True))
    writers = Group.objects.get(name="Writers").permissions.filter(content_type__app_label="newsletter")
    assert {"send_edition", "change_edition", "add_subscriber", "view_delivery"} <= editors
    assert not writers.exists()


def test_delivery_progress_counts_states(make_edition, make_subscriber):
    edition = make_edition()
    for state in ["sent", "sent", "pending", "failed"]:
        Delivery.objects.create(edition=edition, subscriber=make_subscriber(), state=state)
    sending.edition_refresh(edition_id=edition.pk)
    edition.refresh_from_db()
    assert (edition.recipients_count, edition.sent_count, edition.failed_count) == (4, 2, 1)
