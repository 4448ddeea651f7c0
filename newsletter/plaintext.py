"""Sanitized body HTML → the plain-text part of an email, written for people.

Headings are underlined, lists keep their bullets and numbers, pull quotes and quotes are indented,
emphasis markers are dropped, and every link becomes a numbered footnote ("Clinic voice agents [1]",
then "[1] https://…" under the text). Paragraphs wrap at 72 characters; URLs are never broken.
The input is fluxsite.markdown's output, a small known tag set, so the stdlib parser is enough.
"""

import textwrap
from html.parser import HTMLParser

WIDTH = 72
BLOCKS = {"p", "h1", "h2", "h3", "h4", "li", "aside", "blockquote", "pre", "tr", "figcaption", "hr", "table"}


class _TextWriter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []  # (kind, prefix, text)
        self.links = []
        self.text = []
        self.href = None
        self.link_start = 0
        self.lists = []  # [tag, counter, serial of the outermost list]
        self.list_serial = 0
        self.quote_depth = 0
        self.pre = False
        self.cells = []

    # Blocks ---------------------------------------------------------------------------------
    def _flush(self, kind="p"):
        text = "".join(self.text)
        self.text = []
        if self.pre:
            if text.strip("\n"):
                self.blocks.append(("pre", "", text.strip("\n")))
            return
        text = " ".join(text.split())
        if text:
            self.blocks.append((kind, self._prefix(kind), text))

    def _prefix(self, kind):
        prefix = "    " * self.quote_depth
        if kind.startswith("li") and self.lists:
            depth = "  " * (len(self.lists) - 1)
            entry = self.lists[-1]
            if entry[0] == "ol":
                entry[1] += 1
                prefix += f"{depth}{entry[1]}. "
            else:
                prefix += f"{depth}- "
        return prefix

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS or tag in ("ul", "ol"):
            self._flush()
        if tag in ("ul", "ol"):
            self.list_serial += 1
            self.lists.append([tag, 0, self.lists[0][2] if self.lists else self.list_serial])
        elif tag in ("blockquote", "aside"):
            self.quote_depth += 1
        elif tag == "pre":
            self.pre = True
        elif tag == "br":
            self.text.append("\n" if self.pre else " ")
        elif tag == "hr":
            self.blocks.append(("hr", "", "* * *"))
        elif tag == "a":
            self.href = dict(attrs).get("href")
            self.link_start = len("".join(self.text))
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.text.append(f"[image: {alt}]")
        elif tag in ("td", "th"):
            self.cells.append("")
            self.cell_start = len("".join(self.text))

    def handle_endtag(self, tag):
        if tag == "a" and self.href and not self.href.startswith("#"):  # an anchor means nothing in text
            label = "".join(self.text)[self.link_start :].strip()
            if label != self.href and self.href not in label:
                self.links.append(self.href)
                self.text.append(f" [{len(self.links)}]")
            self.href = None
        elif tag in ("td", "th"):
            self.text.append(" | ")
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag in ("h1", "h2", "h3", "h4"):
            self._flush(kind=tag)
        elif tag == "li":
            self._flush(kind=f"li{self.lists[0][2]}" if self.lists else "li")
        elif tag in ("blockquote", "aside"):
            self._flush(kind="quote")
            self.quote_depth = max(0, self.quote_depth - 1)
        elif tag == "pre":
            self._flush()
            self.pre = False
        elif tag == "tr":
            row = "".join(self.text).strip().removesuffix("|").strip()
            self.text = [row]
            self._flush(kind="row")
        elif tag in BLOCKS:
            self._flush(kind="quote" if self.quote_depth else "p")

    def handle_data(self, data):
        self.text.append(data)

    def close(self):
        super().close()
        self._flush()


def _wrap(text, prefix):
    indent = " " * len(prefix) if prefix.strip() else prefix
    return textwrap.fill(
        text, WIDTH, initial_indent=prefix, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
    )


def html_to_text(html):
    """(text, links): readable text with [n] markers, and the URLs they point to, in order."""
    writer = _TextWriter()
    writer.feed(html)
    writer.close()
    out = []
    for kind, prefix, text in writer.blocks:
        if kind in ("h1", "h2", "h3", "h4"):
            out.append(f"{text}\n{('=' if kind in ('h1', 'h2') else '-') * min(len(text), WIDTH)}")
        elif kind == "pre":
            out.append(textwrap.indent(text, "    "))
        elif kind in ("hr", "row"):
            out.append(text)
        else:
            out.append(_wrap(text, prefix))
    # List items sit on consecutive lines; every other block is a paragraph of its own.
    joined = []
    for (kind, _, _), chunk in zip(writer.blocks, out, strict=True):
        if joined and (kind.startswith("li") or kind == "row") and joined[-1][0] == kind:
            joined[-1] = (kind, f"{joined[-1][1]}\n{chunk}")
        else:
            joined.append((kind, chunk))
    return "\n\n".join(chunk for _, chunk in joined), writer.links


def footnotes(links):
    """The link list under the text: "[1] https://…", one a line."""
    return "\n".join(f"[{number}] {url}" for number, url in enumerate(links, start=1))
