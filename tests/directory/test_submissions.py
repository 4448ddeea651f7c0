"""Submit a tool: confirm by link, duplicates found by domain and name, moderation creates a draft tool."""

import html as htmllib
import re

import pytest
from django.core import mail

from directory import services
from directory.models import Tool, ToolSubmission
from directory.tasks import send_submission_confirmation
from directory.tokens import SUBMISSION_CONFIRM

pytestmark = pytest.mark.django_db


def words(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", htmllib.unescape(response.content.decode())))


@pytest.fixture
def post(make_category):
    category = make_category(slug="writing")

    def make(**fields):
        data = {
            "name": "Quillmate", "website_url": "https://www.quillmate.example/app", "tagline": "Follow-up emails from meetings.",
            "category": str(category.pk), "pricing_model": "freemium", "origin_country": "FR", "email": "me@example.com",
            "note": "", "website": "",
        }
        data.update(fields)
        return data

    return make


def test_form_says_submitting_never_buys_rank(client):
    response = client.get("/tools/submit/")
    assert "Submitting is free and never buys rank" in words(response)
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_submit_confirm_review_accept_creates_a_draft(client, post):
    response = client.post("/tools/submit/", post())
    assert "Check your email" in words(response)
    submission = ToolSubmission.objects.get()
    assert (submission.status, submission.domain) == ("unconfirmed", "quillmate.example")
    send_submission_confirmation(submission_id=submission.pk)
    (message,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/tools/submit/confirm/\S+/)", message.body).group(1)
    assert "Confirm my suggestion" in words(client.get(link))
    assert ToolSubmission.objects.get().status == "unconfirmed"  # opening only asks
    client.post(link)
    assert ToolSubmission.objects.get().status == "pending"
    (tool,) = services.tool_submissions_accept(submissions=ToolSubmission.objects.all())
    assert (tool.status, tool.name, tool.slug, tool.website_url) == ("draft", "Quillmate", "quillmate", "https://www.quillmate.example/app")
    assert list(tool.categories.values_list("slug", flat=True)) == ["writing"]
    assert ToolSubmission.objects.get().tool == tool


def test_an_already_listed_tool_is_named_on_the_form(client, post, make_tool):
    listed = make_tool(name="Quill Mate", website_url="https://quillmate.example/")
    response = client.post("/tools/submit/", post())
    assert response.status_code == 400
    assert "Flux already lists this tool: Quill Mate" in words(response)
    assert listed.get_absolute_url() in response.content.decode()
    assert not ToolSubmission.objects.exists()


@pytest.mark.parametrize(
    "existing",
    [
        {"name": "Other name", "website_url": "http://QUILLMATE.example:8080/x", "status": "draft"},  # same domain, a draft
        {"name": "quillmate", "website_url": "https://elsewhere.example/", "status": "draft"},  # same name
    ],
)
def test_duplicates_of_drafts_are_flagged_before_an_editor_sees_them(post, make_tool, client, existing):
    tool = make_tool(**existing)
    client.post("/tools/submit/", post())
    submission = services.tool_submission_confirm(submission=ToolSubmission.objects.get())
    assert (submission.status, submission.duplicate_of) == ("duplicate", tool)
    assert not ToolSubmission.objects.awaiting_review().exists()


def test_a_second_suggestion_of_a_queued_tool_is_a_duplicate(client, post):
    client.post("/tools/submit/", post())
    client.post("/tools/submit/", post(email="other@example.com", website_url="https://quillmate.example/"))
    first, second = ToolSubmission.objects.order_by("id")
    services.tool_submission_confirm(submission=first)
    assert services.tool_submission_confirm(submission=second).status == "duplicate"
    assert services.tool_submissions_accept(submissions=ToolSubmission.objects.all())[0].name == "Quillmate"
    assert Tool.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"website_url": "javascript:alert(1)"}, "http:// or https://"),
        ({"website_url": "ftp://quillmate.example/"}, "http:// or https://"),
        ({"name": "x" * 10_000}, "at most 100 characters"),
        ({"tagline": "<script>alert(1)</script>" * 20}, "at most 160 characters"),
        ({"category": "999999"}, "Pick a category"),
        ({"pricing_model": "bribe"}, "Pick a pricing model"),
        ({"name": "Two\nlines"}, "one line of plain text"),
        ({"note": "n" * 10_000}, "under 1,000 characters"),
    ],
)
def test_bad_input_gets_a_clear_400_and_stores_nothing(client, post, fields, message):
    response = client.post("/tools/submit/", post(**fields))
    assert response.status_code == 400
    assert message in words(response)
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not ToolSubmission.objects.exists()


def test_honeypot_and_forged_links(client, post):
    client.post("/tools/submit/", post(website="https://spam.example/"))
    assert not ToolSubmission.objects.exists()
    client.post("/tools/submit/", post())
    token = SUBMISSION_CONFIRM.make(ToolSubmission.objects.get())
    for bad in (token[:-2] + "xx", "nonsense"):
        response = client.post(f"/tools/submit/confirm/{bad}/")
        assert response.status_code == 400
        assert "This link isn't valid" in words(response)
    assert ToolSubmission.objects.get().status == "unconfirmed"


def test_rejecting_needs_a_reason(client, editor, post):
    client.post("/tools/submit/", post())
    submission = services.tool_submission_confirm(submission=ToolSubmission.objects.get())
    client.force_login(editor)
    url = f"/admin/directory/toolsubmission/{submission.pk}/change/"
    assert client.post(url, {"status": "rejected", "rejection_reason": ""}).status_code == 200
    assert ToolSubmission.objects.get().status == "pending"
    assert client.post(url, {"status": "rejected", "rejection_reason": "not-ai"}).status_code == 302
    assert ToolSubmission.objects.get().status == "rejected"
