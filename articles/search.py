"""Full-text search over published articles: websearch syntax, ranked, with highlighted snippets."""

import html

from django.contrib.postgres.search import SearchHeadline, SearchRank
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


def _highlight(text: str, *, unescape: bool = False) -> str:
    text = html.unescape(text) if unescape else text
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))


def _plain_body():
    """The rendered body without tags (entities are decoded in Python)."""
    return Func(F("body_html"), Value(r"<[^>]+>"), Value(" "), Value("g"), function="regexp_replace", output_field=TextField())


def search_articles(query: str, limit: int = 20) -> list[SearchHit]:
    """Return up to `limit` published articles matching `query`, best first, with highlighted snippets."""
    query = clean_query(query)[:MAX_QUERY_LENGTH]
    if not has_terms(query) or limit <= 0:
        return []
    search_query = websearch_query(query)
    ranked = list(
        Article.objects.published()
        .filter(search_vector=search_query)
        .annotate(rank=SearchRank(F("search_vector"), search_query, normalization=Value(NORMALIZATION)))
        .order_by("-rank", "-published_at", "-id")
        .values_list("pk", flat=True)[:limit]
    )
    if not ranked:
        return []
    # Headlines are made only for the page of results, not for every match.
    articles = (
        Article.objects.filter(pk__in=ranked)
        .select_related("section")
        .defer("body", "body_html", "search_vector")  # the snippet is made in SQL
        .annotate(
            headline_marked=SearchHeadline(
                "headline", search_query, config=CONFIG, start_sel=START, stop_sel=STOP, highlight_all=True
            ),
            snippet_marked=SearchHeadline(
                _plain_body(),
                search_query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=32,
                min_words=16,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .in_bulk()
    )
    hits = []
    for pk in ranked:
        article = articles[pk]
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
