"""Every public parameter and path segment gets the hostile corpus: never a 500, never reflected
unescaped, never a javascript: URL, no injected header, and nothing stored.

To cover a new page or form, add a `Target` to TARGETS (and, if its URL needs an existing object,
a placeholder to `abuse_objects`). A target whose route isn't on this branch yet must answer 404 (or 400);
once the route resolves, its own `ok` statuses apply, so the check hardens by itself at merge.
"""

import dataclasses
import json
import re
from dataclasses import dataclass
from decimal import Decimal
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
    json: bool = False  # POST a JSON object ({**extra, param: payload}) instead of a form
    headers: dict = dataclasses.field(default_factory=dict)  # may hold placeholders, e.g. {wire_token}
    settings: dict = dataclasses.field(default_factory=dict)  # overrides while this target runs

    @property
    def id(self):
        return f"{self.method} {self.url}" + (f" {self.param}=" if self.param else "")


QUOTE = {"symbol": "ACME", "label": "Acme Corp", "value": "12.50", "unit": "USD", "as_of": "2024-01-02T15:00:00Z"}

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
    # Site furniture.
    Target("GET", "/sitemap.xml", "p", ok=(200, 400, 404)),
    Target("GET", "/sitemap-{payload}.xml"),
    Target("GET", "/sitemap-{sitemap_section}.xml", "p", ok=(200, 400, 404)),
    Target("GET", "/robots.txt", "ref", ok=(200, 400)),
    # Directory: every filter, the comparison, slugs, the outbound redirect, feeds.
    *(Target("GET", "/tools/", name, ok=(200, 400)) for name in ("q", "category", "kind", "pricing", "open", "origin", "tag", "sort")),
    Target("GET", "/tools/", "page", ok=(200, 400, 404)),
    Target("GET", "/tools/compare/", "tools", ok=(200, 301, 302, 400, 404)),
    Target("GET", "/tools/compare/?tools={tool},{tool2}", "tools", ok=(200, 301, 302, 400, 404)),
    Target("GET", "/tools/categories/{payload}/"),
    Target("GET", "/tools/categories/{category}/", "page", ok=(200, 400, 404)),
    Target("GET", "/tools/categories/{category}/", "sort", ok=(200, 400)),
    Target("GET", "/tools/{payload}/"),
    Target("GET", "/tools/{tool}/", "ref", ok=(200, 400)),
    Target("GET", "/go/{payload}/"),
    Target("GET", "/go/{tool}/", "next", ok=(302, 400)),
    Target("GET", "/workflows/", "sort", ok=(200, 400)),
    Target("GET", "/workflows/", "page", ok=(200, 400, 404)),
    Target("GET", "/workflows/{payload}/"),
    Target("GET", "/workflows/{workflow}/", "ref", ok=(200, 400)),
    Target("GET", "/feeds/workflows/", "ref", ok=(200, 400)),
    # Newsletter: the sign-up form (rate limits raised so every payload reaches validation),
    # signed-token links, the archive and its feed.
    Target("GET", "/newsletter/", "from", ok=(200, 400)),
    *(
        Target(
            "POST",
            "/newsletter/",
            name,
            extra={k: v for k, v in {"email": "reader@example.com", "source": "/", "website": ""}.items() if k != name},
            ok=(200, 302, 400),
            settings={"NEWSLETTER_SIGNUP_RATE_IP": "100000/h", "NEWSLETTER_SIGNUP_RATE_EMAIL": "100000/h"},
            stores=name == "source",  # any short text is a valid source page: the sign-up itself is kept
        )
        for name in ("email", "source")
    ),
    Target(
        "POST",
        "/newsletter/",
        "website",  # the honeypot: anything in it means a bot, so nothing may be stored
        extra={"email": "reader@example.com", "source": "/"},
        ok=(200, 302, 400),
        settings={"NEWSLETTER_SIGNUP_RATE_IP": "100000/h", "NEWSLETTER_SIGNUP_RATE_EMAIL": "100000/h"},
    ),
    Target("GET", "/newsletter/thanks/", "ref", ok=(200, 400)),
    Target("GET", "/newsletter/csrf/", "ref", ok=(200, 400)),
    Target("GET", "/newsletter/confirm/{payload}/"),
    Target("GET", "/newsletter/unsubscribe/{payload}/"),
    Target("POST", "/newsletter/unsubscribe/{payload}/", extra={"List-Unsubscribe": "One-Click"}),
    Target("GET", "/newsletter/data/{payload}/"),
    Target("GET", "/newsletter/data/{payload}/delete/"),
    Target("POST", "/newsletter/data/{payload}/delete/"),
    Target("GET", "/newsletter/archive/", "page", ok=(200, 400, 404)),
    Target("GET", "/newsletter/archive/{payload}/"),
    Target("GET", "/newsletter/archive/{edition}/", "ref", ok=(200, 400)),
    Target("GET", "/feeds/newsletter/", "ref", ok=(200, 400)),
    # Magazine feeds.
    Target("GET", "/feeds/latest/", "ref", ok=(200, 400)),
    Target("GET", "/feeds/latest/atom/", "ref", ok=(200, 400)),
    Target("GET", "/feeds/sections/{payload}/"),
    Target("GET", "/feeds/sections/{payload}/atom/"),
    Target("GET", "/feeds/tags/{payload}/"),
    Target("GET", "/feeds/tags/{payload}/atom/"),
    # The wire: pages, the read API and the token-authenticated JSON writes.
    Target("GET", "/wire/", "ref", ok=(200, 400)),
    Target("GET", "/markets/", "ref", ok=(200, 400)),
    Target("GET", "/api/wire/", "since", ok=(200, 304, 400)),
    *(
        Target("POST", url, field, extra=extra, json=True, ok=(401, 415))
        for url, field, extra in (
            ("/api/wire/items/", "headline", {}),
            ("/api/wire/quotes/", "symbol", {}),
        )
    ),
    *(
        Target("POST", url, "x", json=True, headers={"Authorization": "Bearer {payload}"}, ok=(400, 401))
        for url in ("/api/wire/items/", "/api/wire/quotes/")
    ),
    *(
        Target("POST", "/api/wire/items/", field, extra=extra, json=True, headers={"Authorization": "Bearer {wire_token}"}, ok=(400, 413))
        for field, extra in (
            ("url", {"headline": "Markets open higher"}),
            ("article", {"headline": "Markets open higher"}),
            ("published_at", {"headline": "Markets open higher"}),
            ("expires_at", {"headline": "Markets open higher"}),
            ("pinned", {"headline": "Markets open higher"}),
        )
    ),
    # Any text is a valid headline or source: it may be stored, and must come back escaped.
    Target("POST", "/api/wire/items/", "headline", json=True, headers={"Authorization": "Bearer {wire_token}"}, ok=(201, 400, 413), stores=True),
    Target("POST", "/api/wire/items/", "source", extra={"headline": "Markets open higher"}, json=True, headers={"Authorization": "Bearer {wire_token}"}, ok=(201, 400, 413), stores=True),
    *(
        Target("POST", "/api/wire/quotes/", field, extra={k: v for k, v in QUOTE.items() if k != field}, json=True, headers={"Authorization": "Bearer {wire_token}"}, ok=(400, 413))
        for field in ("symbol", "value", "as_of")
    ),
]

# javascript:/vbscript:/data:text/html in any URL attribute, however it is spelled.
DANGEROUS_URL = re.compile(
    r"""(?:href|src|action|formaction|xlink:href|data)\s*=\s*["']?\s*(?:javascript|vbscript|data:text/html)""",
    re.IGNORECASE,
)


@pytest.fixture
def abuse_objects(make_article, editor):
    """Real objects whose URLs the targets' placeholders name."""
    from django.utils import timezone

    from articles.models import ApiToken
    from directory.models import Category, Tool, Workflow
    from newsletter.models import Edition

    article = make_article(tags=["open-weights"])
    category = Category.objects.create(name="Writing", slug="writing")
    tools = [
        Tool.objects.create(
            name=f"Abuse tool {n}",
            slug=f"abuse-tool-{n}",
            tagline="Writes first drafts.",
            website_url=f"https://tool-{n}.example/",
            affiliate_url=f"https://tool-{n}.example/?ref=flux",
            status=Tool.Status.PUBLISHED,
        )
        for n in (1, 2)
    ]
    tools[0].categories.set([category])
    workflow = Workflow.objects.create(
        title="Ghostwriting newsletters",
        slug="ghostwriting-newsletters",
        summary="Drafts for busy founders.",
        steps="1. Find clients\n2. Write",
        monthly_earnings=Decimal("1200"),
        reported_by="A reader",
        status=Workflow.Status.PUBLISHED,
    )
    workflow.tools.set(tools)
    edition = Edition.objects.create(
        subject="The first drop",
        slug="the-first-drop",
        body="Hello **readers**.",
        status=Edition.Status.SENT,
        sent_at=timezone.now(),
    )
    token = ApiToken(name="abuse-bot")
    secret = token.issue_secret()
    token.save()
    return {
        "article": article.slug,
        "section": article.section.slug,
        "sitemap_section": "articles",
        "tag": "open-weights",
        "author": article.byline_authors[0].slug,
        "category": category.slug,
        "tool": tools[0].slug,
        "tool2": tools[1].slug,
        "workflow": workflow.slug,
        "edition": edition.slug,
        "wire_token": secret,
    }


def _encode(payload: Payload, *, segment: bool) -> str:
    if payload.raw:
        return payload.text
    return quote(payload.text, safe="") if segment else quote_plus(payload.text)


def _send(client, target: Target, payload: Payload, objects: dict):
    url = target.url.format(payload=_encode(payload, segment=True) if target.param is None else "", **objects)
    headers = {name: value.format(payload=payload.text, **objects) for name, value in target.headers.items()}
    if target.method == "GET":
        if target.param:
            url += ("&" if "?" in url else "?") + f"{target.param}={_encode(payload, segment=False)}"
        return client.get(url, headers=headers)
    if target.json:
        body = json.dumps({**target.extra, **({target.param: payload.text} if target.param else {})})
        return client.post(url, body, content_type="application/json", headers=headers)
    body = urlencode(target.extra)
    if target.param:
        body += f"&{target.param}={_encode(payload, segment=False)}"
    return client.post(url, body, content_type="application/x-www-form-urlencoded", headers=headers)


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
    injected = [(k, v) for k, v in response.items() if "pwned" in k.lower() or "pwned" in v.lower()]
    if injected or "pwned" in response.cookies:
        problems.append(f"header injection: {injected or list(response.cookies)}")
    return problems


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.id)
def test_hostile_input_is_handled(client, settings, abuse_objects, target):
    for name, value in target.settings.items():
        setattr(settings, name, value)
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
    covered = {resolve(t.url.format(payload="probe", **abuse_objects)).route for t in TARGETS if _route_exists(t, abuse_objects)}
    missing = [
        route
        for route in _routes(get_resolver().url_patterns)
        if not route.startswith("admin/") and route not in takes_no_input and route not in covered
    ]
    assert not missing, f"public routes without an abuse target in TARGETS: {missing}"
