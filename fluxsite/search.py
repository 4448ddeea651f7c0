"""Site search at /search/?q=: asks each app for its best matches and shows them in groups.

An app joins by adding `(key, heading, "app.search.function")` to SEARCH_PROVIDERS; the function
takes `(query, limit)` — a cleaned query that has at least one letter or digit — and returns
SearchHit objects, best first. The directory adds tools and workflows this way.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.http import require_safe

from fluxsite.security import CONTROL_CHARS

MAX_QUERY_LENGTH = 200
RESULTS_PER_GROUP = 20

SEARCH_PROVIDERS = [
    ("articles", "Articles", "articles.search.search_articles"),
    ("tools", "Tools", "directory.search.search_tools"),
    ("workflows", "Workflows", "directory.search.search_workflows"),
]

# Every app's search vector and query use this text-search configuration.
SEARCH_CONFIG = "english"


def websearch_query(text: str) -> SearchQuery:
    """The reader's words as PostgreSQL's websearch syntax ("quoted phrases", or, -not)."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def ranked_matches(queryset, text: str, *then):
    """Rows of `queryset` whose `search_vector` matches `text`, best first, then by `then`."""
    search_query = websearch_query(text)
    return (
        queryset.filter(search_vector=search_query)
        .annotate(rank=SearchRank(F("search_vector"), search_query))
        .order_by("-rank", *then)
    )




@dataclass(frozen=True)
class SearchHit:
    """One result as the results page shows it; `title_html` and `snippet_html` are escaped HTML."""

    url: str
    title_html: str
    snippet_html: str = ""
    kicker: str = ""
    meta: str = ""
    date: datetime | None = None


@dataclass(frozen=True)
class SearchGroup:
    key: str
    heading: str
    hits: list


def clean_query(raw: str) -> str:
    """Drop control characters, collapse spaces and cap the length of a query."""
    return " ".join(CONTROL_CHARS.sub(" ", raw or "").split())[:MAX_QUERY_LENGTH].strip()


def has_terms(query: str) -> bool:
    """Return whether a query has anything searchable (a letter or a digit)."""
    return any(ch.isalnum() for ch in query)


@require_safe
def search(request):
    """Search every provider.

    Template: fluxsite/search.html. Context: `query` (cleaned), `searched` (whether it had
    terms), `truncated` (whether it was cut to MAX_QUERY_LENGTH), `groups` (non-empty
    SearchGroups), `total`.
    """
    raw = request.GET.get("q", "")
    query = clean_query(raw)
    searched = has_terms(query)
    groups = []
    if searched:
        for key, heading, path in SEARCH_PROVIDERS:
            hits = import_string(path)(query, limit=RESULTS_PER_GROUP)
            if hits:
                groups.append(SearchGroup(key, heading, hits))
    return render(
        request,
        "fluxsite/search.html",
        {
            "query": query,
            "searched": searched,
            "truncated": len(" ".join(raw.split())) > MAX_QUERY_LENGTH,
            "groups": groups,
            "total": sum(len(g.hits) for g in groups),
        },
    )
