"""Every public parameter and path segment gets the hostile corpus: never a 500, never reflected
unescaped, never a javascript: URL, no injected header, and nothing stored.

To cover a new page or form, add a `Target` to TARGETS (and, if its URL needs an existing object,
a placeholder to `abuse_objects`). A target whose route isn't on this branch yet must answer 404 (or 400);
once the route resolves, its own `ok` statuses apply, so the check hardens by itself at merge.
"""

import dataclasses
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, quote_plus, urlencode

import pytest
from django.urls import Resolver404, resolve

from tests.dbstate import row_counts
from tests.security.corpus import CORPUS, Payload

PATH_SEGMENT_OK = (200, 301, 302, 400, 404)


@dataclass(frozen=True)
class Target:
    """One place a visitor can put text: a path segment ({payload} in url) or a field."""

    method: str  # "GET" or "POST"
    url: str  # may hold {payload} and placeholders from abuse_objects, e.g. {section}
    param: str | None = None  # query (GET) or form (POST) field carrying the payload
    extra: dict = dataclasses.field(default_factory=dict)  # other fields sent along with a POST
    ok: tuple = PATH_SEGMENT_OK  # acceptable statuses once the route exists
    stores: bool = False  # True if valid input may add rows (the corpus is never valid here)

    @property
    def id(self):
        return f"{self.method} {self.url}" + (f" {self.param}=" if self.param else "")


TARGETS = [
    # Magazine: path segments (slugs) and pagination.
    Target("GET", "/articles/{payload}/"),
    Target("GET", "/sections/{payload}/"),
    Target("GET", "/tags/{payload}/"),
    Target("GET", "/authors/{payload}/"),
    Target("GET", "/sections/{section}/", "page", ok=(200, 400, 404)),
    Target("GET", "/tags/{tag}/", "page", ok=(200, 400, 404)),
    Target("GET", "/authors/{author}/", "page", ok=(200, 400, 404)),
    # Pages that ignore parameters must not reflect them either (tracking tags, cache busters).
    Target("GET", "/", "utm_source", ok=(200, 400)),
    Target("GET", "/articles/{article}/", "ref", ok=(200, 400)),
    # Search (the search helper's route): 404 until merged, then 200/400 only.
    Target("GET", "/search/", "q", ok=(200, 400)),
    Target("GET", "/search/", "page", ok=(200, 400, 404)),
    # Files: uploads and static files must never leave their folders.
    Target("GET", "/media/{payload}"),
    Target("GET", "/static/{payload}"),
    Target("GET", "/healthz", "probe", ok=(200, 400)),
    # The admin's public door.
    Target("GET", "/admin/login/", "next", ok=(200, 400)),
    Target("POST", "/admin/login/", "username", extra={"password": "not-the-password"}, ok=(200, 400)),
    Target("POST", "/admin/login/", "password", extra={"username": "eddie"}, ok=(200, 400)),
    # Integrator: add the newsletter sign-up (POST /newsletter/ email), confirm/unsubscribe tokens
    # (/newsletter/confirm/{payload}/), directory filters (/tools/ ?category= ?pricing= ?sort=),
    # /tools/compare/?tools=, /go/{payload}/, the wire API (/api/wire/ ?since=), feeds (/feeds/tags/{payload}/).
]

# javascript:/vbscript:/data:text/html in any URL attribute, however it is spelled.
DANGEROUS_URL = re.compile(
    r"""(?:href|src|action|formaction|xlink:href|data)\s*=\s*["']?\s*(?:javascript|vbscript|data:text/html)""",
    re.IGNORECASE,
)


class _ActiveMarkup(HTMLParser):
    """Find what a browser would run: inline scripts and event-handler attributes."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/ld+json":
            self.found.append("inline <script>")
        self.found += [f"{name} on <{tag}>" for name in attrs if name.startswith("on")]

    handle_startendtag = handle_starttag


def _active_markup(html: str) -> list[str]:
    parser = _ActiveMarkup()
    parser.feed(html)
    return parser.found


@pytest.fixture
def abuse_objects(make_article, editor):
    """Real objects whose URLs the targets' placeholders name."""
    article = make_article(tags=["open-weights"])
    return {
        "article": article.slug,
        "section": article.section.slug,
        "tag": "open-weights",
        "author": article.byline_authors[0].slug,
    }


def _encode(payload: Payload, *, segment: bool) -> str:
    if payload.raw:
        return payload.text
    return quote(payload.text, safe="") if segment else quote_plus(payload.text)


def _send(client, target: Target, payload: Payload, objects: dict):
    url = target.url.format(payload=_encode(payload, segment=True) if target.param is None else "", **objects)
    if target.method == "GET":
        if target.param:
            url += ("&" if "?" in url else "?") + f"{target.param}={_encode(payload, segment=False)}"
        return client.get(url)
    body = urlencode(target.extra) + f"&{target.param}={_encode(payload, segment=False)}"
    return client.post(url, body, content_type="application/x-www-form-urlencoded")


def _route_exists(target: Target, objects: dict) -> bool:
    try:
        resolve(target.url.format(payload="probe", **objects).split("?")[0])
    except Resolver404:
        return False
    return True


def _problems(target: Target, payload: Payload, response, route_exists: bool) -> list[str]:
    problems = []
    allowed = target.ok if route_exists else (400, 404)  # 400: refused before routing (NUL bytes)
    if response.status_code >= 500 or response.status_code not in allowed:
        problems.append(f"status {response.status_code} (allowed {allowed})")
    content_type = response.get("Content-Type", "")
    body = response.content.decode("utf-8", errors="replace") if not response.streaming else ""
    if ("html" in content_type or "xml" in content_type) and body:
        if payload.is_markup and not payload.raw and payload.text.strip() and payload.text in body:
            problems.append("payload reflected unescaped")
        if DANGEROUS_URL.search(body):
            problems.append(f"dangerous URL in page: {DANGEROUS_URL.search(body).group(0)!r}")
        if _active_markup(body):
            problems.append(f"active markup in page: {_active_markup(body)}")
    injected = [(k, v) for k, v in response.items() if "pwned" in k.lower() or "pwned" in v.lower()]
    if injected or "pwned" in response.cookies:
        problems.append(f"header injection: {injected or list(response.cookies)}")
    return problems


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.id)
def test_hostile_input_is_handled(client, abuse_objects, target):
    client.raise_request_exception = False  # a crash must show up as a 500 here, not as an exception
    route_exists = _route_exists(target, abuse_objects)
    before = row_counts()
    failures = []
    for payload in CORPUS:
        response = _send(client, target, payload, abuse_objects)
        failures += [f"{payload.id}: {problem}" for problem in _problems(target, payload, response, route_exists)]
    after = row_counts()
    if not target.stores:
        changed = {t: (before[t], after.get(t)) for t in before if before[t] != after.get(t)}
        assert not changed, f"hostile input was stored: {changed}"
    assert not failures, f"{target.id}:\n" + "\n".join(failures)


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if hasattr(pattern, "url_patterns"):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route


def test_every_public_route_has_a_target(abuse_objects):
    """A new public URL pattern must get a Target (or be named here as taking no input)."""
    from django.urls import get_resolver

    takes_no_input = {"healthz"}
    # Routes merged from the directory, newsletter and wire work whose targets are not written yet.
    # Known gap, recorded on the reliability issue; a route added after these still fails this test.
    not_yet_covered = {
        "sitemap.xml", "sitemap-<section>.xml", "robots.txt", "tools/", "tools/compare/",
        "tools/categories/<slug:slug>/", "tools/<slug:slug>/", "go/<slug:slug>/", "workflows/",
        "workflows/<slug:slug>/", "feeds/workflows/", "newsletter/", "newsletter/thanks/", "newsletter/csrf/",
        "newsletter/confirm/<str:token>/", "newsletter/unsubscribe/<str:token>/", "newsletter/data/<str:token>/",
        "newsletter/data/<str:token>/delete/", "newsletter/archive/", "newsletter/archive/<slug:slug>/",
        "feeds/newsletter/", "feeds/latest/", "feeds/latest/atom/", "feeds/sections/<slug:slug>/",
        "feeds/sections/<slug:slug>/atom/", "feeds/tags/<uslug:slug>/", "feeds/tags/<uslug:slug>/atom/",
        "wire/", "markets/", "api/wire/", "api/wire/items/", "api/wire/quotes/",
    }
    covered = {resolve(t.url.format(payload="probe", **abuse_objects)).route for t in TARGETS if _route_exists(t, abuse_objects)}
    missing = [
        route
        for route in _routes(get_resolver().url_patterns)
        if not route.startswith("admin/") and route not in takes_no_input | not_yet_covered and route not in covered
    ]
    assert not missing, f"public routes without an abuse target in TARGETS: {missing}"


STORED = [p for p in CORPUS if p.id in {"script-tag", "img-onerror", "attr-double", "attr-close-tag", "json-breakout", "svg-onload"}]


@pytest.mark.parametrize("payload", STORED, ids=lambda p: p.id)
def test_hostile_text_saved_by_a_writer_is_escaped_on_every_page(client, make_article, payload):
    """Headline, dek, kicker, tag, section, author, alt text and credit are shown escaped.

    (The Markdown body is sanitized, not escaped: tests/security/test_properties.py covers it.)
    """
    from articles.models import Author, Section

    text = payload.text
    section = Section.objects.create(name=text[:60], slug="hostile-section", description=text[:300])
    author = Author.objects.create(name=text[:100], slug="hostile-author", bio=text)
    article = make_article(
        headline=text, dek=text, kicker=text[:60], section=section, authors=[author], tags=[text[:100]],
        seo_title=text[:70], seo_description=text[:160], hero_alt=text, hero_credit=text,
    )
    tag_slug = article.tags.get().slug
    for path in ["/", article.get_absolute_url(), "/sections/hostile-section/", f"/tags/{tag_slug}/",
                 "/authors/hostile-author/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert text not in body, f"{path} shows the raw payload"
        assert not DANGEROUS_URL.search(body), path
        assert _active_markup(body) == [], path
