"""The shared page cache: whole anonymous pages, keyed by a content generation that any edit bumps.

How it stays correct (see docs/performance.md):
- Every entry carries the content generation it was rendered at; a hit needs the entry's generation
  to be the current one. The generation lives in PostgreSQL and moves in the same transaction as
  the edit (`fluxsite.generation`); each process learns of it by LISTEN/NOTIFY, so reading it costs
  no round-trip, and a cache outage can't lose it. The page itself comes from this process's copy,
  or from the shared cache the first time this process needs it.
- Scheduled content: an entry is valid only until the next scheduled publish time known when it was
  rendered (`next_publish_at`, computed once per generation from the registered sources), so a
  scheduled article appears when due without anyone saving anything.
- Only anonymous GET/HEAD requests are served from or stored in the cache, and only 200 responses
  that set no cookie and don't vary on Cookie or ask not to be cached (see `PageCacheMiddleware`).
- The cache failing never fails the page: errors are logged and the page is rendered normally.
"""

import gzip
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from email.utils import formatdate
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import cc_delim_re, get_max_age, has_vary_header, patch_cache_control, patch_vary_headers

from fluxsite import generation as content_generation

logger = logging.getLogger(__name__)

NEXT_PUBLISH_KEY = "page:next-publish:{generation}"
SEEN_GENERATION_KEY = "page:generation-seen"  # a copy for processes that can't reach the database
NOTHING_SCHEDULED = 0.0  # stored as the next publish time when nothing is scheduled

# Query parameters that never change a page (campaign tracking): dropped from the cache key.
IGNORED_PARAMS = frozenset({"fbclid", "gclid", "msclkid", "mc_cid", "mc_eid", "ref"})

# Stored pages are compressed once; these headers are set per response instead of stored.
COMPRESSIBLE = frozenset({"text/html", "application/json", "application/xml", "application/rss+xml",
                          "application/atom+xml", "text/plain", "text/xml"})
UNSTORED_HEADERS = frozenset({"cache-control", "x-page-cache", "content-length", "content-encoding"})

_schedule_sources = []
_mirrored = None  # the last generation this process copied to the shared cache


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


# --- Generation -------------------------------------------------------------------------------


def bump_generation():
    """Make every process render public pages afresh once the current transaction commits."""
    content_generation.bump()


def current_generation():
    """The generation cached pages must carry (None when it can't be known).

    Each new value this process learns is copied to the shared cache once. A process that starts
    while the database is down (a worker recycled during an outage) has never read the generation;
    it takes that copy, so it serves cached pages as its siblings do. Nothing can be edited while
    the database is down, so the copy is as current as any process's own value.
    """
    global _mirrored
    value = content_generation.current()
    try:
        if value is None:
            return page_cache().get(SEEN_GENERATION_KEY)
        if value != _mirrored:
            page_cache().set(SEEN_GENERATION_KEY, value, timeout=None)
            _mirrored = value
    except Exception:  # noqa: BLE001 - the cache being down never fails a page
        logger.warning("page cache: could not share the generation", exc_info=True)
    return value


# --- Scheduled content ------------------------------------------------------------------------


def register_schedule(source):
    """Register a callable returning the next datetime at which hidden content becomes public."""
    if source not in _schedule_sources:
        _schedule_sources.append(source)


def next_publish_at(generation, now):
    """Timestamp of the next scheduled publish (NOTHING_SCHEDULED if none), cached per generation."""
    cache = page_cache()
    key = NEXT_PUBLISH_KEY.format(generation=generation)
    stamp = cache.get(key)
    if stamp is None or (stamp != NOTHING_SCHEDULED and stamp <= now):
        due = [when.timestamp() for when in (source() for source in _schedule_sources) if when is not None]
        stamp = min(due) if due else NOTHING_SCHEDULED
        cache.set(key, stamp, timeout=settings.PAGE_CACHE_TIMEOUT)
    return stamp


def shared_value(request, name, compute, timeout=None):
    """Keep a value many pages use (the nav's section links) in the shared cache until the content generation changes.

    Shared by every process, unlike {% fragment %} (`local_fragment`), so error pages can show it
    while the database is down.
    """
    generation = request_generation(request)
    if generation is None:
        return compute()
    cache = page_cache()
    key = f"shared:{name}"
    try:
        entry = cache.get(key)
    except Exception:  # noqa: BLE001 - fail open: compute it
        logger.warning("page cache: shared value read failed", exc_info=True)
        return compute()
    if entry is not None and entry[0] == generation:
        return entry[1]
    value = compute()
    try:
        cache.set(key, (generation, value), timeout or settings.PAGE_CACHE_TIMEOUT)
    except Exception:  # noqa: BLE001 - fail open
        logger.warning("page cache: shared value write failed", exc_info=True)
    return value


# --- Keys and rules ---------------------------------------------------------------------------


def page_key(request):
    """Key for a page: scheme, host, path and the sorted query string (tracking parameters dropped)."""
    query = request.META.get("QUERY_STRING", "")
    if query:
        pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in IGNORED_PARAMS and not k.startswith("utm_")]
        query = urlencode(sorted(pairs))
    raw = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return "page:" + hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()


def is_anonymous(request):
    """No session, no pending messages, no credentials: the visitor sees what everyone sees."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


def is_cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and is_anonymous(request)
        and not request.path.startswith(settings.PAGE_CACHE_EXCLUDE)
    )


def _cache_control_directives(response):
    if not response.has_header("Cache-Control"):
        return set()
    return {d.split("=", 1)[0].strip().lower() for d in cc_delim_re.split(response["Cache-Control"])}


def is_storable(response):
    """A 200 page meant for everyone: no cookie set, no Vary: Cookie, not marked private."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and not _cache_control_directives(response) & {"private", "no-store", "no-cache"}
    )


def _shared_cache_control(response, until, now):
    """CDN-friendly headers: browsers revalidate, shared caches keep it briefly (never past `until`)."""
    shared = max(0, min(settings.PAGE_CACHE_SHARED_MAX_AGE, int(until - now)))
    response["Cache-Control"] = f"public, max-age=0, s-maxage={shared}, stale-while-revalidate={settings.PAGE_CACHE_SHARED_MAX_AGE}"


# --- Middleware -------------------------------------------------------------------------------


def _is_current(entry, generation, now):
    return entry is not None and entry["generation"] == generation and now < entry["until"]


class LocalPages:
    """A small per-process copy of recently served entries, pages or {% fragment %}s (LRU, bounded in bytes).

    Only ever used after reading the shared generation, so it can't serve what the shared cache
    wouldn't: it saves moving the page itself over the network and unpickling it on every hit.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    @staticmethod
    def _weight(entry):
        return len(entry["body"]) + len(entry.get("gzip") or b"") + 512

    def get(self, key, generation, now):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            if not _is_current(entry, generation, now):
                self.size -= self._weight(self.entries.pop(key))
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        weight = self._weight(entry)
        if weight > self.max_bytes:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= self._weight(old)
            self.entries[key] = entry
            self.size += weight
            while self.size > self.max_bytes:
                self.size -= self._weight(self.entries.popitem(last=False)[1])

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


_local = LocalPages(max_bytes=settings.PAGE_CACHE_LOCAL_BYTES)
_local_fragments = LocalPages(max_bytes=settings.FRAGMENT_CACHE_LOCAL_BYTES)


def request_generation(request):
    """The content generation this request renders at (read once per request)."""
    generation = getattr(request, "page_cache_generation", None)
    if generation is None:
        generation = request.page_cache_generation = current_generation()
    return generation


def local_fragment(request, key, render):
    """Return `render()`, kept in this process until the content generation changes.

    For pieces of template that many pages share and that depend only on the content (a story's
    card on the home, section, tag and article pages): a page whose own cache entry is missing
    still reuses the cards other pages rendered. Invalidation is the page cache's: an edit bumps
    the shared generation, so every process's next request renders every piece afresh. The key
    must name everything else the piece depends on (the object, its `updated_at`, the variant).
    """
    if not settings.FRAGMENT_CACHE:
        return render()
    now = time.time()
    generation = request_generation(request)
    entry = _local_fragments.get(key, generation, now)
    if entry is not None:
        return entry["body"]
    body = render()
    if generation is not None:
        _local_fragments.put(key, {"generation": generation, "until": now + settings.PAGE_CACHE_TIMEOUT, "body": body})
    return body


class CardGone(Exception):
    """A listed card's object was deleted before its card was drawn: {% fragment %} draws nothing."""


def lazy_cards(rows, fetch):
    """Stand-ins for the objects a page shows as cards, read only if a card has to be drawn.

    `rows` are (pk, updated_at) pairs in display order: all that a card's {% fragment %} key needs.
    A card this process already drew at the current generation costs nothing more; the first
    stand-in asked for anything else fetches every listed object in one query,
    `fetch(pks) -> {pk: object}`. So a page learns what it shows from one narrow query (or a
    column of its main one) instead of building every object on every render.
    """
    group = _CardGroup(fetch, [pk for pk, _ in rows])
    return [CardRef(group, pk, updated_at) for pk, updated_at in rows]


class _CardGroup:
    def __init__(self, fetch, pks):
        self.fetch = fetch
        self.pks = pks
        self.found = None

    def get(self, pk):
        if self.found is None:
            self.found = self.fetch(self.pks)
        try:
            return self.found[pk]
        except KeyError:
            raise CardGone(pk) from None


class CardRef:
    """One object of `lazy_cards()`: `pk` and `updated_at` now, anything else from the fetched object."""

    __slots__ = ("_group", "pk", "updated_at")

    def __init__(self, group, pk, updated_at):
        self._group = group
        self.pk = pk
        self.updated_at = updated_at

    def __getattr__(self, name):
        if name.startswith("__"):  # copy, pickle and friends probe for these: not the object's
            raise AttributeError(name)
        return getattr(self._group.get(self.pk), name)

    def __repr__(self):
        return f"<CardRef {self.pk}>"


class PageCacheMiddleware:
    """Serve anonymous pages from the shared cache: one cache round-trip, no database, no session.

    Sits after the security/CSP/header middleware (so hits get those headers too) and before the
    session, CSRF and auth middleware (so a hit never loads a session or mints a token).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE or not is_cacheable_request(request):
            return self._uncached(request)
        cache = page_cache()
        key = page_key(request)
        now = time.time()
        # The generation costs no round-trip (fluxsite.generation); the page itself usually comes
        # from this process's memory, and from the shared cache only the first time this process needs it.
        generation = request.page_cache_generation = current_generation()
        if generation is None:
            return self._uncached(request)
        try:
            entry = _local.get(key, generation, now)
            if entry is None:
                entry = cache.get(key)
                if _is_current(entry, generation, now):
                    _local.put(key, entry)
        except Exception:  # noqa: BLE001 - fail open: render normally
            logger.warning("page cache: read failed", exc_info=True)
            return self._uncached(request)
        if _is_current(entry, generation, now):
            return self._hit(request, entry, now)
        return self._miss(request, cache, key, generation, now)

    def _uncached(self, request):
        response = self.get_response(request)
        if not is_anonymous(request) or response.cookies:
            # Personal responses must never be kept by a CDN or shared proxy.
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ("Cookie",))
        return response

    def _hit(self, request, entry, now, state="hit"):
        compressed = entry["gzip"] is not None and re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        body = entry["gzip"] if compressed else entry["body"]
        response = HttpResponse(b"" if request.method == "HEAD" else body, status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["Content-Length"] = str(len(body))
        if compressed:
            # Compressed once when stored, never per request; the ETag differs by encoding.
            response["Content-Encoding"] = "gzip"
            response["ETag"] = "W/" + response["ETag"]
        if entry["cache_control"]:
            response["Cache-Control"] = entry["cache_control"]
        else:
            _shared_cache_control(response, entry["until"], now)
        response["X-Page-Cache"] = state
        return response

    def _miss(self, request, cache, key, generation, now):
        response = self.get_response(request)
        if not is_storable(response):
            if response.cookies:
                patch_cache_control(response, private=True)
            response["X-Page-Cache"] = "pass"
            return response
        try:
            until = now + settings.PAGE_CACHE_TIMEOUT
            scheduled = next_publish_at(generation, now)
            if scheduled != NOTHING_SCHEDULED:
                until = min(until, scheduled)
            view_max_age = get_max_age(response)
            if view_max_age:
                # A view that says how long its answer holds (the wire API: 15 s) bounds the entry too.
                until = min(until, now + view_max_age)
            if not response.has_header("ETag"):
                response["ETag"] = f'"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"'
            if not response.has_header("Last-Modified"):
                response["Last-Modified"] = formatdate(now, usegmt=True)
            patch_vary_headers(response, ("Accept-Encoding",))
            body = response.content
            compressible = len(body) >= 200 and response.get("Content-Type", "").split(";")[0] in COMPRESSIBLE
            entry = {
                "generation": generation,
                "until": until,
                "status": response.status_code,
                "headers": [(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS],
                "body": body,
                "gzip": gzip.compress(body, compresslevel=6, mtime=0) if compressible else None,
                "cache_control": response.get("Cache-Control"),  # a view's own choice wins
            }
            # A HEAD answer gets the headers a GET would, but only a GET's rendering is kept: a view
            # may leave the body out of its answer to HEAD.
            if until > now and request.method == "GET":
                cache.set(key, entry, timeout=max(1, int(until - now) + 1))
                _local.put(key, entry)
        except Exception:  # noqa: BLE001 - fail open: the rendered page is still good
            logger.warning("page cache: write failed", exc_info=True)
            response["X-Page-Cache"] = "miss"
            return response
        # Answer exactly as a hit would (same encoding choice and headers).
        return self._hit(request, entry, now, state="miss")


# --- Signals ----------------------------------------------------------------------------------


def _affects_public_pages(model):
    if model is None:
        return False
    meta = model._meta
    return (
        meta.app_label in settings.PAGE_CACHE_APPS
        and meta.label not in settings.PAGE_CACHE_PRIVATE_MODELS
        and getattr(model, "affects_public_pages", True)
    )


def on_model_change(sender, raw=False, **kwargs):
    """post_save/post_delete: bump for public models; skip fixture loads and migrations' historical models."""
    if not raw and sender.__module__ != "__fake__" and _affects_public_pages(sender):
        bump_generation()


def on_migrate(using, **kwargs):
    """post_migrate: a migration may change what pages show (and `flush` empties the table)."""
    from django.db import connections

    if "fluxsite_contentgeneration" in connections[using].introspection.table_names():
        bump_generation()


def clear_process_copies():
    """Forget this process's copies of pages and fragments (they are re-read from the shared cache)."""
    global _mirrored
    _mirrored = None
    _local.clear()
    _local_fragments.clear()


def on_m2m_change(sender, instance, action, model=None, **kwargs):
    """m2m_changed (tags, bylines): bump once the relation has changed."""
    if action.startswith("post_") and (_affects_public_pages(type(instance)) or _affects_public_pages(model)):
        bump_generation()
