"""Directory results for the site search (/search/ lives in fluxsite)."""

from django.db.models import Prefetch
from django.utils.html import escape

from directory.models import Tool, Workflow
from fluxsite.search import SearchHit

MAX_QUERY_LENGTH = 200


def search_directory(query, limit=10):
    """Return {"tools": [...], "workflows": [...]}: published matches, best first, at most `limit` each."""
    query = (query or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    if not query:
        return {"tools": [], "workflows": []}
    tools = Tool.objects.published().search(query).prefetch_related("categories")[:limit]
    workflows = (
        Workflow.objects.published()
        .search(query)
        .prefetch_related(Prefetch("tools", queryset=Tool.objects.published().order_by("name")))[:limit]
    )
    return {"tools": list(tools), "workflows": list(workflows)}


def _hit_query(query):
    """The site search's cleaned query, with the NUL bytes PostgreSQL refuses taken out."""
    return (query or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]


def search_tools(query, limit=20):
    """Site-search provider: published tools as SearchHits, best match first."""
    query = _hit_query(query)
    if not query:
        return []
    tools = Tool.objects.published().search(query).only("name", "slug", "tagline", "kind")[:limit]
    return [
        SearchHit(
            url=tool.get_absolute_url(),
            title_html=escape(tool.name),
            snippet_html=escape(tool.tagline),
            kicker=tool.get_kind_display(),
        )
        for tool in tools
    ]


def search_workflows(query, limit=20):
    """Site-search provider: published workflows; every earnings figure keeps its "self-reported" label."""
    query = _hit_query(query)
    if not query:
        return []
    workflows = (
        Workflow.objects.published()
        .search(query)
        .only("title", "slug", "summary", "monthly_earnings", "earnings_currency", "reported_at")[:limit]
    )
    return [
        SearchHit(
            url=workflow.get_absolute_url(),
            title_html=escape(workflow.title),
            snippet_html=escape(workflow.summary),
            kicker="Workflow",
            meta=f"Self-reported: {workflow.monthly_earnings:,.0f} {workflow.earnings_currency}/month",
        )
        for workflow in workflows
    ]
