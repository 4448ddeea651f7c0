"""Markdown → sanitized HTML, shared by articles, tools, workflows and newsletter editions.

Editors may type a pull quote as a paragraph whose lines start with ``>>``::

    >> The cheapest token is the one you never send.

Everything is rendered with Python-Markdown and then cleaned by nh3 (Ammonia), so no editor,
writer or imported text can inject script, event handlers or foreign URLs schemes.
"""

import re
import threading
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
import nh3
from django.conf import settings
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension

ALLOWED_TAGS = {
    "a", "abbr", "aside", "b", "blockquote", "br", "code", "del", "em", "figcaption", "figure",
    "h2", "h3", "h4", "hr", "i", "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align"},
}
ALLOWED_CLASSES = {"aside": {"pullquote"}}
URL_SCHEMES = {"http", "https", "mailto"}


class PullQuoteProcessor(BlockProcessor):
    """Turn a paragraph whose lines start with ``>>`` into ``<aside class="pullquote">``."""

    MARKER = re.compile(r"^>>[ \t]?", re.M)

    def test(self, parent, block):
        return block.startswith(">>")

    def run(self, parent, blocks):
        block = blocks.pop(0)
        aside = etree.SubElement(parent, "aside")
        aside.set("class", "pullquote")
        paragraph = etree.SubElement(aside, "p")
        paragraph.text = " ".join(self.MARKER.sub("", block).split())


class PullQuoteExtension(Extension):
    def extendMarkdown(self, md):
        # Above the blockquote processor (priority 20), which would claim ">" first.
        md.parser.blockprocessors.register(PullQuoteProcessor(md.parser), "pullquote", 25)


def _is_on_site(url: str) -> bool:
    parts = urlsplit(url.strip())
    if not parts.scheme and not parts.netloc:
        return True
    site = urlsplit(settings.SITE_URL)
    return (parts.scheme, parts.netloc) == (site.scheme, site.netloc)


def _keep_on_site_images(element, attribute, value):
    # An off-site image would make every reader's browser call a third party (a tracking pixel);
    # the CSP blocks it anyway, so it could only ever show as broken. Links may go anywhere.
    if element == "img" and attribute == "src" and not _is_on_site(value):
        return None
    return value


def sanitize_html(html: str) -> str:
    """Clean HTML down to the tags and attributes an article body may use."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        attribute_filter=_keep_on_site_images,
    )


# Building a Markdown instance (loading "extra" and its processors) costs as much as converting a
# short text. One per thread: an instance holds per-document state, and gunicorn's gthread
# workers render on several threads at once.
_parsers = threading.local()


def _parser() -> markdown.Markdown:
    """This thread's Markdown instance, reset so nothing carries over from the previous document."""
    parser = getattr(_parsers, "markdown", None)
    if parser is None:
        parser = _parsers.markdown = markdown.Markdown(
            extensions=["extra", "sane_lists", PullQuoteExtension()],
            output_format="html",
        )
    # Reset before use rather than after, so a conversion that raised leaves nothing behind.
    return parser.reset()


def render_markdown(text: str) -> str:
    """Render editor Markdown to sanitized HTML."""
    text = (text or "").replace("\x00", "")
    return sanitize_html(_parser().convert(text))


WORDS_PER_MINUTE = 230


def reading_minutes(text: str) -> int:
    """Estimate reading time in whole minutes (at least one)."""
    words = len(re.findall(r"\w+", text or ""))
    return max(1, round(words / WORDS_PER_MINUTE))
