"""Every public parameter, path segment, header and JSON field gets the hostile corpus: never a 500,
never reflected unescaped, never a javascript: URL, no injected header, and nothing stored.

To cover a new page or form, add a `Target` to TARGETS (and, if its URL needs an existing object,
a placeholder to `abuse_objects`). A target whose route isn't on this branch yet must answer 404 (or 400);
once the route resolves, its own `ok` statuses apply, so the check hardens by itself at merge.
"""

import dataclasses
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import quote, quote_plus, unquote_to_bytes, urlencode

import pytest
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from tests.dbstate import row_counts
from tests.security.corpus import CORPUS, Payload

PATH_SEGMENT_OK = (200, 301, 302, 400, 404)


@dataclass(frozen=True)
class Target:
    """One place a visitor can put text: a path segment ({payload} in url), a field, a header or a body."""

    method: str  # "GET" or "POST"
    url: str  # may hold {payload} and placeholders from abuse_objects, e.g. {section}
    param: str | None = None  # query (GET) or form/JSON (POST) field carrying the payload
    # Other fields sent along; may hold placeholders and {n}, the payload's number: a fresh address or symbol
    # per payload makes every save a new row, which the row counts see (an update would not show).
    extra: dict = dataclasses.field(default_factory=dict)
    headers: dict = dataclasses.field(default_factory=dict)  # request headers; may hold {payload} and placeholders
    json: bool = False  # POST JSON: {**extra, param: payload}, or with no param the payload itself as the body
    ok: tuple = PATH_SEGMENT_OK  # acceptable statuses once the route exists
    # Whether a successful answer (below 400) may add rows: True where some input is valid, or a function
    # of the payload. Either way a refused request (4xx) must store nothing.
    stores: bool | Callable[[Payload], bool] = False
    shown_on: tuple = ()  # public pages that display what this target saves; checked after every success
    enforce_csrf: bool = False  # send without a CSRF token, as a form on a cached page without JavaScript does

    @property
    def carries_payload_as_body(self) -> bool:
        return self.json and self.param is None and "{payload}" not in self.url + "".join(self.headers.values())

    @property
    def id(self):
        headers = "".join(f" {name}:" if "{payload}" in value else f" [{name}]" for name, value in self.headers.items())
        body = " json-body" if self.carries_payload_as_body else " json" if self.json else ""
        param = f" {self.param}=" if self.param else ""
        return f"{self.method} {self.url}{body}{param}{headers}" + (" (no CSRF token)" if self.enforce_csrf else "")

    def may_store(self, payload: Payload) -> bool:
        return self.stores(payload) if callable(self.stores) else self.stores


def _honeypot_left_empty(payload: Payload) -> bool:
    """Only a reader who left the hidden field empty may be signed up."""
    return payload.text == ""


def _one_line(payload: Payload) -> bool:
    """Text the ticker shows on one line may be saved; line breaks and control characters may not."""
    return not re.search(r"[\x00-\x1f\x7f]", payload.text.strip())


# The listing filters of /tools/ (category pages use the same form); bad values are dropped, never fatal.
TOOL_FILTERS = ("q", "category", "kind", "pricing", "open", "origin", "tag", "sort", "page")
VALID_SIGNUP = {"email": "reader{n}@example.com", "source": "/tools/", "website": ""}
VALID_REPORT = {
    "monthly_earnings": "350", "currency": "USD", "monthly_costs": "40", "hours_per_week": "6", "months": "4",
    "outcome": "ongoing", "note": "", "email": "reader{n}@example.com", "website": "",
}
REPORT_URL = "/workflows/{workflow}/report/"
VALID_SUBMISSION = {
    "name": "Tool {n}", "website_url": "https://tool-{n}.example/", "tagline": "Does a thing.", "category": "{category_id}",
    "pricing_model": "free", "origin_country": "", "email": "s{n}@example.com", "note": "", "website": "",
}
WIRE_TOKEN = {"Authorization": "Bearer {wire_token}"}
ITEM = {"headline": "Nimbus halves batch prices"}
QUOTE = {"symbol": "ACME{n}", "label": "Acme Corp", "value": "12.50", "unit": "USD", "as_of": "{an_hour_ago}"}

TARGETS = [
    # Magazine: path segments (slugs) and pagination.
    Target("GET", "/articles/{payload}/"),
    Target("GET", "/sections/{payload}/"),
    Target("GET", "/tags/{payload}/"),
    Target("GET", "/authors/{payload}/"),
    Target("GET", "/sections/{section}/", "page", ok=(200, 400, 404)),
    Target("GET", "/tags/{tag}/", "page", ok=(200, 400, 404)),
    Target("GET", "/authors/{author}/", "page", ok=(200, 400, 404)),
    Target("GET", "/authors/", "ref", ok=(200, 400)),
    # Site pages (About, Privacy, …): any single path segment is a page's slug.
    Target("GET", "/{payload}/"),
    Target("GET", "/{site_page}/", "ref", ok=(200, 400)),
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
    # Crawlers: the sitemap index, its sections (?p= pages) and robots.txt.
    Target("GET", "/sitemap.xml", "p", ok=(200, 400)),
    Target("GET", "/sitemap-{payload}.xml"),
    Target("GET", "/sitemap-{sitemap_section}.xml", "p", ok=(200, 400, 404)),
    Target("GET", "/robots.txt", "ref", ok=(200, 400)),
    # Directory: every listing filter, the comparison, slugs and the counted outbound redirect.
    *(Target("GET", "/tools/", name, ok=(200, 400)) for name in TOOL_FILTERS),
    *(Target("GET", "/tools/categories/{category}/", name, ok=(200, 400)) for name in ("q", "sort", "page")),  # the same form
    Target("GET", "/tools/categories/{payload}/"),
    Target("GET", "/tools/compare/", "tools", ok=(200, 400)),
    Target("GET", "/tools/compare/?tools={tool}", "tools", ok=(200, 400)),
    Target("GET", "/tools/compare/?tools={tool},{tool2}", "ref", ok=(200, 400)),
    Target("GET", "/tools/changes/", "page", ok=(200, 400)),
    Target("GET", "/tools/changes/feed/", "ref", ok=(200, 400)),
    Target("GET", "/tools/{payload}/changes/feed/", ok=(400, 404)),
    Target("GET", "/tools/{tool}/changes/feed/", "ref", ok=(200, 400)),
    Target("GET", "/tools/submit/", "ref", ok=(200, 400)),
    *(
        Target("POST", "/tools/submit/", name, extra={k: v for k, v in VALID_SUBMISSION.items() if k != name}, ok=(200, 400), stores=True)
        for name in VALID_SUBMISSION if name != "website"
    ),
    Target(
        "POST", "/tools/submit/", "website", extra={k: v for k, v in VALID_SUBMISSION.items() if k != "website"},
        ok=(200,), stores=_honeypot_left_empty,
    ),
    *(Target(method, "/tools/submit/confirm/{payload}/", ok=(400, 404)) for method in ("GET", "POST")),
    *(Target(method, "/tools/submit/confirm/{submission_token}/", "ref", ok=(200, 400)) for method in ("GET", "POST")),
    Target("GET", "/tools/{payload}/"),
    Target("GET", "/tools/{tool}/", "ref", ok=(200, 400)),
    Target("GET", "/go/{payload}/", ok=(400, 404)),
    Target("GET", "/go/{tool}/", "ref", ok=(302, 400)),
    Target("GET", "/workflows/", "sort", ok=(200, 400)),
    Target("GET", "/workflows/", "page", ok=(200, 400)),
    Target("GET", "/workflows/{payload}/"),
    Target("GET", "/workflows/{workflow}/", "ref", ok=(200, 400)),
    # Feeds.
    Target("GET", "/feeds/latest/", "ref", ok=(200, 400)),
    Target("GET", "/feeds/latest/atom/", "ref", ok=(200, 400)),
    Target("GET", "/feeds/sections/{payload}/"),
    Target("GET", "/feeds/sections/{payload}/atom/"),
    Target("GET", "/feeds/sections/{section}/", "ref", ok=(200, 400)),
    Target("GET", "/feeds/sections/{section}/atom/", "ref", ok=(200, 400)),
    Target("GET", "/feeds/tags/{payload}/"),
    Target("GET", "/feeds/tags/{payload}/atom/"),
    Target("GET", "/feeds/tags/{tag}/", "ref", ok=(200, 400)),
    Target("GET", "/feeds/tags/{tag}/atom/", "ref", ok=(200, 400)),
    Target("GET", "/feeds/workflows/", "ref", ok=(200, 400)),
    Target("GET", "/feeds/newsletter/", "ref", ok=(200, 400)),
    # Newsletter sign-up: a hostile address or a filled honeypot stores nothing. A valid address
    # with a hostile source page may sign up (the source is dropped or refused, never shown).
    Target("GET", "/newsletter/", "from", ok=(200, 400)),
    Target("POST", "/newsletter/", "email", extra={k: v for k, v in VALID_SIGNUP.items() if k != "email"}, ok=(400,)),
    Target(
        "POST", "/newsletter/", "source", extra={k: v for k, v in VALID_SIGNUP.items() if k != "source"},
        ok=(302, 400), stores=True,
    ),
    Target(
        "POST", "/newsletter/", "website", extra={k: v for k, v in VALID_SIGNUP.items() if k != "website"},
        ok=(302,), stores=_honeypot_left_empty,
    ),
    # Without a CSRF token the address and source come back in a form to submit again; nothing is stored.
    *(
        Target("POST", "/newsletter/", name, extra={k: v for k, v in VALID_SIGNUP.items() if k != name}, ok=(200,), enforce_csrf=True)
        for name in ("email", "source")
    ),
    # Readers' outcome reports: a hostile value in any field is refused with the form again (400), or
    # (where it is valid text, e.g. a note) held unconfirmed; the honeypot stores nothing.
    Target("GET", "/workflows/{payload}/calculator/"),
    *(
        Target("GET", "/workflows/{workflow}/calculator/?earnings=100&tool_costs=5", name, ok=(200, 400))
        for name in ("earnings", "tool_costs", "other_costs", "hours")
    ),
    Target("GET", "/workflows/{payload}/report/"),
    Target("GET", REPORT_URL, "ref", ok=(200, 400)),
    *(
        Target("POST", REPORT_URL, name, extra={k: v for k, v in VALID_REPORT.items() if k != name}, ok=(200, 400), stores=True)
        for name in VALID_REPORT if name != "website"
    ),
    Target(
        "POST", REPORT_URL, "website", extra={k: v for k, v in VALID_REPORT.items() if k != "website"},
        ok=(200,), stores=_honeypot_left_empty,
    ),
    Target("POST", REPORT_URL, "note", extra={k: v for k, v in VALID_REPORT.items() if k != "note"}, ok=(200, 400), enforce_csrf=True),
    *(Target(method, f"/reports/{kind}/{{payload}}/", ok=(400, 404)) for method in ("GET", "POST") for kind in ("confirm", "withdraw")),
    *(Target(method, f"/reports/{kind}/{{{kind}_report_token}}/", "ref", ok=(200, 400)) for method in ("GET", "POST") for kind in ("confirm", "withdraw")),
    # The page-view beacon: a path and a referring host name, counted in memory (nothing stored per request).
    Target("POST", "/count/", "p", ok=(204, 400)),
    Target("POST", "/count/", "r", extra={"p": "/"}, ok=(204, 400)),
    Target("GET", "/newsletter/thanks/", "ref", ok=(200, 400)),
    Target("GET", "/newsletter/csrf/", "ref", ok=(200, 400)),
    # Signed links: forged ones are refused with a page that says why; real ones ignore parameters.
    Target("GET", "/newsletter/confirm/{payload}/", ok=(400, 404)),
    Target("GET", "/newsletter/confirm/{confirm_token}/", "ref", ok=(200, 400)),
    Target("POST", "/newsletter/confirm/{payload}/", ok=(400, 404)),
    # Confirming queues the welcome email (a job row; no input in it).
    Target("POST", "/newsletter/confirm/{confirm_token}/", "ref", ok=(200, 400), stores=True),
    Target("GET", "/newsletter/unsubscribe/{payload}/", ok=(400, 404)),
    Target("POST", "/newsletter/unsubscribe/{payload}/", extra={"List-Unsubscribe": "One-Click"}, ok=(400, 404)),
    Target("GET", "/newsletter/unsubscribe/{unsubscribe_token}/", "ref", ok=(200, 400)),
    # The first one unsubscribes, which records an unsubscribe event (no input in it).
    Target("POST", "/newsletter/unsubscribe/{unsubscribe_token}/", "List-Unsubscribe", ok=(200, 400), stores=True),
    Target("GET", "/newsletter/data/{payload}/", ok=(400, 404)),
    Target("GET", "/newsletter/data/{data_token}/", "ref", ok=(200, 400)),
    Target("GET", "/newsletter/data/{payload}/delete/", ok=(400, 404)),
    Target("POST", "/newsletter/data/{payload}/delete/", ok=(400, 404)),
    Target("GET", "/newsletter/data/{data_token}/delete/", "ref", ok=(200, 400)),
    Target("GET", "/newsletter/data/{payload}/preferences/", ok=(400, 404)),
    Target("POST", "/newsletter/data/{payload}/preferences/", ok=(400, 404)),
    Target("GET", "/newsletter/data/{data_token}/preferences/", "ref", ok=(200, 400)),
    # A hostile topic id is refused; choosing no topics unsubscribes, which records an event.
    Target("POST", "/newsletter/data/{data_token}/preferences/", "topics", ok=(200, 400), stores=True),
    Target("GET", "/newsletter/unsubscribe/{unsubscribe_token}/", "topic", ok=(200, 400)),
    # "Stop this topic" with a hostile topic: no such topic, so the button unsubscribes (one event, no input in it).
    Target("POST", "/newsletter/unsubscribe/{unsubscribe_token}/", "topic", extra={"scope": "topic"}, ok=(200, 400), stores=True),
    # Bounce and complaint webhooks: unsigned or wrongly authenticated bodies are refused with a reason.
    Target("POST", "/newsletter/events/", json=True, ok=(401,)),
    # In the signature's digest and in Basic auth's base64, where the checks compare and decode.
    Target("POST", "/newsletter/events/", json=True, headers={"Flux-Signature": "t=1700000000,v1={payload}"}, ok=(401,)),
    Target("POST", "/newsletter/events/postmark/", json=True, ok=(401,)),
    Target("POST", "/newsletter/events/postmark/", json=True, headers={"Authorization": "Basic {payload}"}, ok=(401,)),
    # Counted links in editions: a forged token is a 400 page, a real one redirects only to its stored target.
    Target("GET", "/newsletter/click/{payload}/", ok=(400, 404)),
    Target("GET", "/newsletter/click/{click_token}/", "ref", ok=(302, 400)),
    Target("GET", "/newsletter/archive/", "page", ok=(200, 400, 404)),
    Target("GET", "/newsletter/archive/{payload}/"),
    Target("GET", "/newsletter/archive/{edition}/", "ref", ok=(200, 400)),
    # The wire: pages, the read API (with conditional-request headers) and the token-authenticated writes.
    Target("GET", "/wire/", "ref", ok=(200, 400)),
    Target("GET", "/markets/", "ref", ok=(200, 400)),
    Target("GET", "/api/wire/", "ref", ok=(200, 400)),
    Target("GET", "/api/wire/", headers={"If-None-Match": "{payload}"}, ok=(200, 304, 400)),
    Target("GET", "/api/wire/", headers={"If-Modified-Since": "{payload}"}, ok=(200, 304, 400)),
    *(Target("POST", url, "headline", json=True, ok=(401,)) for url in ("/api/wire/items/", "/api/wire/quotes/")),
    *(
        Target("POST", url, json=True, headers={"Authorization": "Bearer {payload}"}, ok=(401,))
        for url in ("/api/wire/items/", "/api/wire/quotes/")
    ),
    Target("POST", "/api/wire/items/", "headline", headers=WIRE_TOKEN, ok=(415,)),  # a form, not JSON
    *(Target("POST", url, json=True, headers=WIRE_TOKEN, ok=(400,)) for url in ("/api/wire/items/", "/api/wire/quotes/")),
    # A valid token with a hostile field: refused with a reason and nothing saved, or (where the text
    # is valid, e.g. a headline) saved and then shown escaped.
    Target("POST", "/api/wire/items/", "headline", json=True, headers=WIRE_TOKEN, ok=(201, 400), stores=_one_line, shown_on=("/wire/",)),
    Target("POST", "/api/wire/items/", "source", extra=ITEM, json=True, headers=WIRE_TOKEN, ok=(201, 400), stores=_one_line, shown_on=("/wire/",)),
    *(
        Target("POST", "/api/wire/items/", name, extra=ITEM, json=True, headers=WIRE_TOKEN, ok=(201, 400), stores=True, shown_on=("/wire/",))
        for name in ("url", "article", "published_at", "expires_at")  # only empty values are valid here
    ),
    Target("POST", "/api/wire/items/", "pinned", extra=ITEM, json=True, headers=WIRE_TOKEN, ok=(400,)),
    *(
        Target(
            "POST", "/api/wire/quotes/", name, extra={k: v for k, v in QUOTE.items() if k != name}, json=True,
            headers=WIRE_TOKEN, ok=(200, 201, 400), stores=_one_line if name in ("label", "unit", "source") else True,
            shown_on=("/wire/", "/markets/"),
        )
        for name in ("symbol", "label", "value", "unit", "source")
    ),
    Target("POST", "/api/wire/quotes/", "as_of", extra={k: v for k, v in QUOTE.items() if k != "as_of"}, json=True, headers=WIRE_TOKEN, ok=(400,)),
]
assert len({target.id for target in TARGETS}) == len(TARGETS), "target ids must be unique"

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
    from django.core import signing

    from directory.models import Category, Tool, Workflow
    from newsletter.clicks import SALT as CLICK_SALT
    from newsletter.models import Edition, EditionLink, Subscriber
    from newsletter.tokens import CONFIRM, DATA, UNSUBSCRIBE
    from wire.models import ApiToken

    article = make_article(tags=["open-weights"])
    category = Category.objects.create(name="Writing", slug="writing")
    tools = [
        Tool.objects.create(
            name=f"Draftsmith {n}", slug=f"draftsmith-{n}", tagline="Writes first drafts.",
            website_url=f"https://draftsmith-{n}.example/", affiliate_url=f"https://draftsmith-{n}.example/?ref=flux",
            status=Tool.Status.PUBLISHED,
        )
        for n in (1, 2)
    ]
    for tool in tools:
        tool.categories.set([category])
    workflow = Workflow.objects.create(
        title="Ghostwriting newsletters", slug="ghostwriting-newsletters", summary="Drafts for busy founders.",
        steps="1. Find clients\n2. Write", monthly_earnings=Decimal("1200"), reported_by="A reader",
        status=Workflow.Status.PUBLISHED,
    )
    workflow.tools.set(tools)
    edition = Edition.objects.create(
        subject="The first drop", slug="the-first-drop", body="Hello **readers**.",
        status=Edition.Status.SENT, sent_at=timezone.now(),
    )
    link = EditionLink.objects.create(edition=edition, url="https://draftsmith-1.example/", position=1)
    subscriber = Subscriber.objects.create(email="pending@example.com", consented_at=timezone.now())
    from directory.models import OutcomeReport, ToolSubmission
    from directory.tokens import REPORT_CONFIRM, REPORT_WITHDRAW, SUBMISSION_CONFIRM

    report = OutcomeReport.objects.create(
        workflow=workflow, email="reporter@example.com", monthly_earnings=0, monthly_costs=20, months=2,
        hours_per_week=3, outcome="never",
    )
    token = ApiToken(name="abuse-bot")
    secret = token.issue_secret()
    token.save()
    from pages.models import SitePage

    site_page = SitePage.objects.create(slug="colophon", title="Colophon", body="Set in *Georgia*.")
    return {
        "site_page": site_page.slug,
        "article": article.slug,
        "section": article.section.slug,
        "tag": "open-weights",
        "author": article.byline_authors[0].slug,
        "sitemap_section": "articles",
        "category": category.slug,
        "tool": tools[0].slug,
        "tool2": tools[1].slug,
        "workflow": workflow.slug,
        "edition": edition.slug,
        "click_token": signing.Signer(salt=CLICK_SALT).sign(str(link.pk)),
        "confirm_token": CONFIRM.make(subscriber),
        "unsubscribe_token": UNSUBSCRIBE.make(subscriber),
        "data_token": DATA.make(subscriber),
        "confirm_report_token": REPORT_CONFIRM.make(report),
        "category_id": str(category.pk),
        "submission_token": SUBMISSION_CONFIRM.make(
            ToolSubmission.objects.create(
                name="Suggested", website_url="https://suggested.example/", tagline="A thing.", category=category,
                pricing_model="free", email="suggester@example.com",
            )
        ),
        "withdraw_report_token": REPORT_WITHDRAW.make(report),
        "wire_token": secret,
        "an_hour_ago": (timezone.now() - timedelta(hours=1)).isoformat(),
    }


@pytest.fixture(autouse=True)
def _roomy_signup_limits(settings):
    # Every payload comes from one address and one client; the limits have their own tests
    # (tests/newsletter/test_ratelimit.py), here each payload must reach the form's validation.
    settings.NEWSLETTER_SIGNUP_RATE_IP = "100000/h"
    settings.NEWSLETTER_SIGNUP_RATE_EMAIL = "100000/h"
    settings.DIRECTORY_REPORT_RATE_IP = "100000/h"
    settings.DIRECTORY_REPORT_RATE_EMAIL = "100000/h"
    settings.DIRECTORY_SUBMIT_RATE_IP = "100000/h"
    settings.DIRECTORY_SUBMIT_RATE_EMAIL = "100000/h"
    # Webhooks on, so hostile signature and Basic auth headers reach the checks instead of the "off" answer.
    settings.NEWSLETTER_WEBHOOK_SECRET = "abuse-test-secret-not-real"  # noqa: S105 - test value


def _encode(payload: Payload, *, segment: bool) -> str:
    if payload.raw:
        return payload.text
    return quote(payload.text, safe="") if segment else quote_plus(payload.text)


def _fill(template, payload: Payload, objects: dict):
    """Put the payload (as typed: headers and JSON carry no percent-encoding) and placeholders into a value."""
    return template.format(payload=payload.text, **objects) if isinstance(template, str) else template


def _send(client, target: Target, payload: Payload, objects: dict):
    url = target.url.format(payload=_encode(payload, segment=True) if target.param is None else "", **objects)
    headers = {name: _fill(value, payload, objects) for name, value in target.headers.items()}
    extra = {name: _fill(value, payload, objects) for name, value in target.extra.items()}
    if target.method == "GET":
        if target.param:
            url += ("&" if "?" in url else "?") + f"{target.param}={_encode(payload, segment=False)}"
        return client.get(url, headers=headers)
    if target.json:
        # Named as a header too: the test client leaves Content-Type out when the body is empty.
        headers = {"Content-Type": "application/json", **headers}
        if target.carries_payload_as_body:  # raw payloads are bytes as they are, invalid UTF-8 included
            body = unquote_to_bytes(payload.text) if payload.raw else payload.text.encode()
        else:
            fields = {**extra, **({target.param: payload.text} if target.param else {})}
            body = json.dumps(fields, ensure_ascii=False).encode()  # as sent by most clients: UTF-8, not \uXXXX
        return client.post(url, body, content_type="application/json", headers=headers)
    body = urlencode(extra)
    if target.param:
        body += f"&{target.param}={_encode(payload, segment=False)}"
    return client.post(url, body, content_type="application/x-www-form-urlencoded", headers=headers)


def _resolve(target: Target, objects: dict):
    return resolve(target.url.format(payload="probe", **objects).split("?")[0])


def _route_exists(target: Target, objects: dict) -> bool:
    try:
        _resolve(target, objects)
    except Resolver404:
        return False
    return True


def _page_problems(payload: Payload, response) -> list[str]:
    """What a browser would run or a reader would be shown raw in this answer's HTML or XML."""
    problems = []
    content_type = response.get("Content-Type", "")
    body = response.content.decode("utf-8", errors="replace") if not response.streaming else ""
    if ("html" in content_type or "xml" in content_type) and body:
        if payload.is_markup and not payload.raw and payload.text.strip() and payload.text in body:
            problems.append("payload reflected unescaped")
        if DANGEROUS_URL.search(body):
            problems.append(f"dangerous URL in page: {DANGEROUS_URL.search(body).group(0)!r}")
        if _active_markup(body):
            problems.append(f"active markup in page: {_active_markup(body)}")
    return problems


def _problems(target: Target, payload: Payload, response, route_exists: bool) -> list[str]:
    problems = []
    allowed = target.ok if route_exists else (400, 404)  # 400: refused before routing (NUL bytes)
    status = response.status_code
    if status >= 500 or status not in allowed:
        problems.append(f"status {status} (allowed {allowed})")
    problems += _page_problems(payload, response)
    if 400 <= status < 500 and "json" in response.get("Content-Type", ""):
        try:
            reason = json.loads(response.content)
        except ValueError:
            reason = None
        if not (isinstance(reason, dict) and reason.get("error") and reason.get("detail")):
            problems.append(f"refused without a reason: {response.content[:200]!r}")
    injected = [(k, v) for k, v in response.items() if "pwned" in k.lower() or "pwned" in v.lower()]
    if injected or "pwned" in response.cookies:
        problems.append(f"header injection: {injected or list(response.cookies)}")
    return problems


# Rate-limit counters count every attempt, refused or not, by design; they hold a hashed key, no input.
ATTEMPT_COUNTERS = frozenset({"fluxsite_ratelimitcounter"})


def _changed(before: dict, after: dict) -> dict:
    """Tables whose row count moved: {table: (before, after)}."""
    return {
        table: (before.get(table), after[table])
        for table in after
        if before.get(table) != after[table] and table not in ATTEMPT_COUNTERS
    }


def _storage_problems(client, target: Target, payload: Payload, response, changed: dict) -> list[str]:
    """A refused request stores nothing; a success stores only where allowed, and shows it escaped."""
    if response.status_code >= 400:
        return [f"refused with {response.status_code} but stored {changed}"] if changed else []
    if changed and not target.may_store(payload):
        return [f"stored {changed}"]
    problems = []
    for page in target.shown_on:
        shown = client.get(page)
        if shown.status_code != 200:
            problems.append(f"{page} answered {shown.status_code} after it was saved")
        problems += [f"{page}: {problem}" for problem in _page_problems(payload, shown)]
    return problems


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.id)
def test_hostile_input_is_handled(client, abuse_objects, target):
    if target.enforce_csrf:
        client = Client(enforce_csrf_checks=True)
    client.raise_request_exception = False  # a crash must show up as a 500 here, not as an exception
    route_exists = _route_exists(target, abuse_objects)
    before = row_counts()
    failures = []
    for n, payload in enumerate(CORPUS):
        response = _send(client, target, payload, {**abuse_objects, "n": n})
        problems = _problems(target, payload, response, route_exists)
        if target.stores:  # counted per payload, to tell a refused request's rows from a valid one's
            after = row_counts()
            problems += _storage_problems(client, target, payload, response, _changed(before, after))
            before = after
        failures += [f"{payload.id}: {problem}" for problem in problems]
    if not target.stores:
        changed = _changed(before, row_counts())
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
    covered = {_resolve(t, abuse_objects).route for t in TARGETS if _route_exists(t, abuse_objects)}
    missing = [
        route
        for route in _routes(get_resolver().url_patterns)
        if not route.startswith("admin/") and route not in takes_no_input and route not in covered
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
