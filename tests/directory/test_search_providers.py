"""The directory's site-search providers: published tools and workflows on /search/."""

from decimal import Decimal

import pytest

from directory.models import Tool, Workflow
from directory.search import search_tools, search_workflows

pytestmark = pytest.mark.django_db


def _searchable_workflow(make_workflow, **fields):
    return make_workflow(**fields)


def test_only_published_tools_and_workflows_are_found(make_tool, make_workflow):
    make_tool(name="Transcribo", slug="transcribo", tagline="Transcribes podcasts.")
    make_tool(name="Transcribo Beta", slug="transcribo-beta", tagline="Transcribes podcasts.", status=Tool.Status.DRAFT)
    _searchable_workflow(make_workflow, title="Podcast transcripts for hire", slug="podcast-transcripts")
    _searchable_workflow(
        make_workflow, title="Podcast transcripts draft", slug="podcast-draft", status=Workflow.Status.DRAFT
    )

    assert [hit.url for hit in search_tools("transcribo", limit=20)] == ["/tools/transcribo/"]
    assert [hit.url for hit in search_workflows("podcast transcripts", limit=20)] == ["/workflows/podcast-transcripts/"]


def test_a_name_match_ranks_above_a_description_match_and_limit_applies(make_tool):
    make_tool(name="Helper", slug="helper", tagline="General tool.", description="Mentions subtitles once.")
    make_tool(name="Subtitles Pro", slug="subtitles-pro", tagline="Burns subtitles into video.")
    make_tool(name="Other", slug="other", tagline="Unrelated.")

    hits = search_tools("subtitles", limit=20)
    assert [hit.url for hit in hits] == ["/tools/subtitles-pro/", "/tools/helper/"]
    assert len(search_tools("subtitles", limit=1)) == 1


def test_hostile_tool_name_is_escaped_and_kind_is_the_kicker(make_tool):
    make_tool(name="<script>alert(1)</script> Scribe", slug="scribe", tagline='Writes "quotes" & <b>tags</b>.')

    (hit,) = search_tools("scribe", limit=20)
    assert "<script>" not in hit.title_html and "&lt;script&gt;" in hit.title_html
    assert "<b>" not in hit.snippet_html and "&lt;b&gt;" in hit.snippet_html
    assert hit.kicker == Tool.Kind.APP.label


def test_workflow_earnings_are_labelled_self_reported(make_workflow):
    _searchable_workflow(
        make_workflow, title="Logo packs", slug="logo-packs", monthly_earnings=Decimal("2500"), earnings_currency="EUR"
    )

    (hit,) = search_workflows("logo packs", limit=20)
    assert hit.kicker == "Workflow"
    assert hit.meta == "Self-reported: 2,500 EUR/month"


def test_search_page_shows_directory_groups_with_bounded_queries(
    client, make_tool, make_workflow, make_article, django_assert_max_num_queries
):
    for n in range(12):
        make_tool(name=f"Voice cloner {n}", slug=f"voice-cloner-{n}", tagline="Clones a voice.")
        _searchable_workflow(make_workflow, title=f"Voice ads {n}", slug=f"voice-ads-{n}", summary="Voice work.")
    make_article(headline="Voice cloning, explained", slug="voice-cloning")

    with django_assert_max_num_queries(12):
        response = client.get("/search/", {"q": "voice"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "/tools/voice-cloner-0/" in html and "/workflows/voice-ads-0/" in html
    assert "Self-reported: 1,000 USD/month" in html
