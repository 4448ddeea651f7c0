"""Drafting an edition from the week's highest-earning published workflows."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from newsletter.models import Edition
from newsletter.services import EARNINGS_DISCLAIMER, edition_draft_from_workflows

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_workflow(db):
    from directory.models import Workflow

    def make(title, amount, currency="USD", days_ago=1, status="published"):
        return Workflow.objects.create(
            title=title,
            summary=f"What {title} does, for whom.",
            steps="1. Do it.",
            monthly_earnings=Decimal(amount),
            earnings_currency=currency,
            reported_by="@maker",
            reported_at=timezone.localdate() - datetime.timedelta(days=days_ago),
            status=status,
        )

    return make


def test_draft_lists_this_weeks_top_published_workflows_with_the_disclaimer(make_workflow):
    make_workflow("Clinic voice agents", "9200")
    make_workflow("Review replies", "2150")
    make_workflow("Euro subtitles", "3000", currency="EUR")
    make_workflow("Old leader", "50000", days_ago=30)
    make_workflow("Secret draft", "99999", status="draft")
    edition = edition_draft_from_workflows()
    assert edition.status == Edition.Status.DRAFT
    assert edition.subject.startswith("🔥 Clinic voice agents: $9,200/mo")
    body = edition.body
    assert body.index("Clinic voice agents") < body.index("Euro subtitles") < body.index("Review replies")
    assert "Old leader" not in body and "Secret draft" not in body
    assert "self-reported" in body and EARNINGS_DISCLAIMER in body
    assert "/workflows/clinic-voice-agents/" in edition.body_html
    assert "€3,000" in body


def test_quiet_week_falls_back_to_standing_leaders(make_workflow):
    make_workflow("Old leader", "50000", days_ago=30)
    edition = edition_draft_from_workflows()
    assert "standing leaders" in edition.body
    assert "Old leader" in edition.body
    again = edition_draft_from_workflows()
    assert again.slug != edition.slug


def test_admin_button_drafts_and_opens_the_edition(client, editor, make_workflow):
    make_workflow("Clinic voice agents", "9200")
    client.force_login(editor)
    changelist = client.get("/admin/newsletter/edition/").content.decode()
    assert "Draft from this week" in changelist
    response = client.post("/admin/newsletter/edition/draft-from-workflows/")
    edition = Edition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/newsletter/edition/{edition.pk}/change/"
