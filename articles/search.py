"""Full-text search over published articles: websearch syntax, ranked, with highlighted snippets."""

import html

from django.contrib.postgres.search import SearchConfig, SearchHeadline, SearchRank
from django.db.models import F, Func, TextField, Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article
from fluxsite.search import MAX_QUERY_LENGTH, SEARCH_CONFIG, SearchHit, clean_query, has_terms, websearch_query

CONFIG = SEARCH_CONFIG
# ts_headline marks matches with these private-use characters; the text is escaped first and
# the markers become <mark> afterwards, so article text can never inject markup.
START, STOP = "\ue000", "\ue001"
# Divide the rank by 1 + log(document length): a word in the headline beats the same word
# repeated through a long body.
NORMALIZATION = 1
SNIPPET_FRAGMENTS = 2
SNIPPET_OPTIONS = f'StartSel={START}, StopSel={STOP}, MaxWords=32, MinWords=16, MaxFragments={SNIPPET_FRAGMENTS}, FragmentDelimiter=" … "'
# The snippet is made from spans of the body's HTML around its first likely matches (migration 0008),
# so ts_headline's cost no longer grows with the story: SNIPPET_AROUND characters on each side of a
# match (a 32-word fragment reaches about 250), about SNIPPET_BUDGET characters in all.
SNIPPET_AROUND = 300
SNIPPET_BUDGET = 1500


def _highlight(text: str, *, unescape: bool = False) -> str:
    text = html.unescape(text) if unescape else text
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))


class Snippet(Func):
    """The highlighted snippet of an article's body (`articles_search_snippet`, migration 0008)."""

    function = "articles_search_snippet"
    output_field = TextField()

    def __init__(self, search_query, words):
        super().__init__(
            F("body_html"),
            F("search_vector"),
            SearchConfig(CONFIG),
            search_query,
            Value(words),
            Value(SNIPPET_OPTIONS),
            Value(START),
            Value(SNIPPET_AROUND),
            Value(SNIPPET_BUDGET),
        )


def results(query: str, limit: int):
    """The best `limit` published matches for a cleaned query, best first, with marked headlines and snippets.

    PostgreSQL ranks every match, keeps the page, and only then makes the headlines and snippets:
    it postpones costly select-list functions (ts_headline, the snippet) past ORDER BY and LIMIT.
    """
    search_query = websearch_query(query)
    return (
        Article.objects.published()
        .filter(search_vector=search_query)
        .select_related("section")
        .only("slug", "headline", "dek", "kicker", "reading_time", "published_at", "section__name", "section__slug")
        .annotate(
            rank=SearchRank(F("search_vector"), search_query, normalization=Value(NORMALIZATION)),
            headline_marked=SearchHeadline(
                "headline", search_query, config=CONFIG, start_sel=START, stop_sel=STOP, highlight_all=True
            ),
            snippet_marked=Snippet(search_query, query),
        )
        .order_by("-rank", "-published_at", "-id")[:limit]
    )


def search_articles(query: str, limit: int = 20) -> list[SearchHit]:
    """Return up to `limit` published articles matching `query`, best first, with highlighted snippets."""
    query = clean_query(query)[:MAX_QUERY_LENGTH]
    if not has_terms(query) or limit <= 0:
        return []
    hits = []
    for article in results(query, limit):
        snippet = _highlight(article.snippet_marked, unescape=True)
        if START not in article.snippet_marked and article.dek:
            snippet = escape(article.dek)  # the match was in the headline or tags: the dek says more
        hits.append(
            SearchHit(
                url=article.get_absolute_url(),
                title_html=_highlight(article.headline_marked),
                snippet_html=snippet,
                kicker=" · ".join(filter(None, [article.section.name, article.kicker])),
                meta=f"{date_format(timezone.localtime(article.published_at), 'N j, Y')} · {article.reading_time} min read",
                date=article.published_at,
            )
        )
    return hits
