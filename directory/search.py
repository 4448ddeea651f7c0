"""Directory results for the site search (/search/ lives in fluxsite)."""

from django.db.models import Prefetch

from directory.models import Tool, Workflow

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
