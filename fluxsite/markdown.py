"""Markdown → sanitized HTML, shared by articles, tools, workflows and newsletter editions.

Editors may type a pull quote as a paragraph whose lines start with ``>>``::

    >> The cheapest token is the one you never send.

Pictures from the media library (articles.Image) are placed by reference, so renaming or
moving the file breaks nothing::

    ![A rack of GPUs](image:42 "Caption, which overrides the library's")

and come out as a <figure> with responsive renditions; a reference to a deleted image renders nothing.

Everything is rendered with Python-Markdown and then cleaned by nh3 (Ammonia), so no editor,
writer or imported text can inject script, event handlers or foreign URLs schemes.
"""

import re
import threading
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
import nh3
from django.apps import apps
from django.conf import settings
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "a", "abbr", "aside", "b", "blockquote", "br", "code", "del", "em", "figcaption", "figure",
    "h2", "h3", "h4", "hr", "i", "img", "li", "ol", "p", "pre", "s", "small", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "srcset", "sizes", "alt", "title", "width", "height", "loading", "decoding"},
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


# --- Pictures from the media library ----------------------------------------------------------

IMAGE_REFERENCE = re.compile(r"^image:(\d{1,18})$")
# The body column is at most 46rem wide (site.css .article), the phone's width less its margins below.
BODY_IMAGE_SIZES = "(min-width: 48rem) 46rem, calc(100vw - 2rem)"


def library_images(ids):
    """The media library's images with these ids, by id (articles.Image; no import, fluxsite comes first)."""
    image_model = apps.get_model("articles", "Image")
    return image_model.objects.only("file", "width", "height", "alt_text", "caption", "credit").in_bulk(ids)


def image_figure(image, *, alt="", caption=None):
    """A <figure> element for a library image: renditions in srcset, its size, lazy loading, caption and credit."""
    picture = image.renditions
    figure = etree.Element("figure")
    attributes = {"src": picture.src, "srcset": picture.srcset, "sizes": BODY_IMAGE_SIZES, "alt": alt or image.alt_text}
    if picture.width:
        attributes.update(width=str(picture.width), height=str(picture.height))
    etree.SubElement(figure, "img", {**attributes, "loading": "lazy", "decoding": "async"})
    caption = image.caption if caption is None else caption
    if caption or image.credit:
        figcaption = etree.SubElement(figure, "figcaption")
        figcaption.text = caption
        if image.credit:
            credit = etree.SubElement(figcaption, "small")
            credit.text = image.credit
            if caption:
                figcaption.text = caption + " "
    return figure


class ImageReferenceProcessor(Treeprocessor):
    """Turn ``![alt](image:42 "caption")`` into the library image's <figure>; drop references to missing ones.

    An image alone in its paragraph replaces the paragraph (a figure can't sit inside a <p>); one in
    the middle of a sentence becomes a plain responsive <img>.
    """

    def run(self, root):
        parents = {child: parent for parent in root.iter() for child in parent}
        found = []
        for element in parents:
            if element.tag == "img":
                match = IMAGE_REFERENCE.match((element.get("src") or "").strip())
                if match:
                    found.append((element, int(match.group(1))))
        if not found:
            return
        images = library_images({pk for _element, pk in found})
        for element, pk in found:
            image = images.get(pk)
            parent = parents[element]
            caption = element.get("title")
            alone = parent.tag == "p" and len(parent) == 1 and not (parent.text or "").strip() and not (element.tail or "").strip()
            if alone:
                replacement = image_figure(image, alt=element.get("alt", ""), caption=caption) if image else None
                self._replace(parents[parent], parent, replacement)
            else:
                replacement = image_figure(image, alt=element.get("alt", ""))[0] if image else None
                self._replace(parent, element, replacement)

    @staticmethod
    def _replace(parent, old, new):
        position = list(parent).index(old)
        parent.remove(old)
        if new is not None:
            new.tail = old.tail
            parent.insert(position, new)
        elif old.tail:
            # Keep the text that followed the removed element.
            if position:
                previous = parent[position - 1]
                previous.tail = (previous.tail or "") + old.tail
            else:
                parent.text = (parent.text or "") + old.tail


class ImageReferenceExtension(Extension):
    def extendMarkdown(self, md):
        # After "inline" (20), which makes the <img> elements.
        md.treeprocessors.register(ImageReferenceProcessor(md), "image_reference", 15)


def _is_on_site(url: str) -> bool:
    parts = urlsplit(url.strip())
    if not parts.scheme and not parts.netloc:
        return True
    site = urlsplit(settings.SITE_URL)
    return (parts.scheme, parts.netloc) == (site.scheme, site.netloc)


def _keep_on_site_images(element, attribute, value):
    # An off-site image would make every reader's browser call a third party (a tracking pixel);
    # the CSP blocks it anyway, so it could only ever show as broken. Links may go anywhere.
    if element != "img":
        return value
    if attribute == "src" and not _is_on_site(value):
        return None
    if attribute == "srcset" and not all(_is_on_site(candidate.split()[0]) for candidate in value.split(",") if candidate.strip()):
        return None
    if attribute == "loading" and value not in ("lazy", "eager"):
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
            extensions=["extra", "sane_lists", PullQuoteExtension(), ImageReferenceExtension()],
            output_format="html",
        )
    # Reset before use rather than after, so a conversion that raised leaves nothing behind.
    return parser.reset()


def render_markdown(text: str) -> str:
    """Render editor Markdown to sanitized HTML."""
    text = (text or "").replace("\x00", "")
    return sanitize_html(_parser().convert(text))


WORDS_PER_MINUTE = 230


WORD = re.compile(r"\w+")


def word_count(text: str) -> int:
    """Count the words of Markdown source (static/js/admin-writing.js counts the same way as you type)."""
    return len(WORD.findall(text or ""))


def reading_minutes(text: str) -> int:
    """Estimate reading time in whole minutes (at least one)."""
    return max(1, round(word_count(text) / WORDS_PER_MINUTE))
