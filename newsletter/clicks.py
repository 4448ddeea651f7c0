"""Counted links in editions, without tracking readers.

Every web link in an edition's body goes out as /newsletter/click/<token>/, where the token is the
EditionLink's id signed with Django's Signer (its own salt). It names a link in an edition, never a
subscriber, so every copy of an edition carries the same link URLs and a click tells us which link
was followed, not who followed it. The redirect adds one to the link's counter (one UPDATE) and
sends the reader on with a 302. There is no open pixel.
"""

import html
import re
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core import signing
from django.db.models import F

from fluxsite.routes import reverse
from newsletter.models import Edition, EditionLink

SALT = "newsletter.click"
# Counted only once the edition is going out: editors' previews and test copies are not readers.
COUNTED_STATES = (Edition.Status.SENDING, Edition.Status.SENT)
# Sanitized body HTML (fluxsite.markdown) writes every attribute in double quotes.
_HREF = re.compile(r'(<a\s[^>]*?href=")([^"]*)(")')


def is_web_url(url):
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _target(href):
    """The absolute http(s) URL a body link points to, or None for mailto:, #anchors and the like."""
    href = html.unescape(href).strip()
    if not href or href.startswith("#"):
        return None
    url = urljoin(f"{settings.SITE_URL}/", href)  # a relative link means a page of this site
    return url if is_web_url(url) and len(url) <= EditionLink._meta.get_field("url").max_length else None


def edition_links_record(*, edition, urls):
    """Make (or keep) one EditionLink per URL in body order; return {url: id}.

    Links a draft no longer has, and nobody clicked, are removed, so the admin lists the body's links.
    """
    rows = EditionLink.objects.bulk_create(
        [EditionLink(edition=edition, url=url, position=n) for n, url in enumerate(urls, start=1)],
        update_conflicts=True,
        unique_fields=["edition", "url"],
        update_fields=["position"],
    )
    EditionLink.objects.filter(edition=edition, clicks=0).exclude(url__in=urls).delete()
    return {row.url: row.pk for row in rows}


def counted_body(edition, body_html):
    """The edition's body HTML with each web link replaced by its counted redirect."""
    urls = []
    for match in _HREF.finditer(body_html):
        url = _target(match.group(2))
        if url and url not in urls:
            urls.append(url)
    ids = edition_links_record(edition=edition, urls=urls)
    signer = signing.Signer(salt=SALT)
    prefix = f"{settings.SITE_URL}{reverse('newsletter:click', args=['TOKEN'])}".removesuffix("TOKEN/")
    redirects = {url: html.escape(f"{prefix}{signer.sign(str(pk))}/") for url, pk in ids.items()}

    def replace(match):
        url = _target(match.group(2))
        # A line break inside the tag (white space to HTML) keeps lines short however many links a
        # paragraph has: a line over 998 bytes makes the mail quoted-printable, and every copy is then
        # built in full instead of stamped from one template (newsletter.emails), several times slower.
        return f"{match.group(1).replace(' href=', chr(10) + 'href=')}{redirects[url]}{match.group(3)}" if url else match.group(0)

    return _HREF.sub(replace, body_html)


def link_for_token(token):
    """The EditionLink a click token names (with its edition's status), or None for a bad or forged token."""
    try:
        pk = int(signing.Signer(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return EditionLink.objects.select_related("edition").only("url", "edition__status").filter(pk=pk).first()


def link_click_record(*, link):
    """Add one click to the link's counter: a single UPDATE … SET clicks = clicks + 1."""
    EditionLink.objects.filter(pk=link.pk).update(clicks=F("clicks") + 1)
