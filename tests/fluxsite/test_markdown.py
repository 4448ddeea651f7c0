"""render_markdown reuses one Markdown parser per thread: nothing may leak between documents or threads."""

import sys
import threading

import markdown

from fluxsite.markdown import PullQuoteExtension, render_markdown, sanitize_html

# Each defines something a parser remembers for the rest of a document: a link reference,
# an abbreviation, a footnote, raw HTML in the stash.
STATEFUL = [
    "See [the tracker][prices].\n\n[prices]: https://prices.example/tracker",
    "*[GPU]: Graphics Processing Unit\n\nA GPU costs money.",
    "A claim.[^src]\n\n[^src]: From the vendor's own page.",
    "<table><tr><td>raw</td></tr></table>\n\nAfter the table.",
    ">> A pull quote\n>> on two lines.\n\n## A subhead\n\n1. one\n2. two",
]
# The same names used without their definitions.
USERS = [
    "See [the tracker][prices] again.",
    "Another GPU, no glossary.",
    "An unsourced claim.[^src]",
    "Only text.",
]


def _fresh(text):
    """What a brand-new parser makes of `text` (the behaviour before parsers were reused)."""
    html = markdown.markdown(text, extensions=["extra", "sane_lists", PullQuoteExtension()], output_format="html")
    return sanitize_html(html)


def test_nothing_carries_over_from_the_previous_document():
    for definitions in STATEFUL:
        assert render_markdown(definitions) == _fresh(definitions)
        for text in USERS:
            html = render_markdown(text)
            assert html == _fresh(text), (definitions, text)
    assert "prices.example" not in render_markdown(STATEFUL[0].split("\n\n")[0])
    assert "<abbr" not in render_markdown("Another GPU, no glossary.")
    assert "footnote" not in render_markdown("An unsourced claim.[^src]")


def test_threads_rendering_at_once_get_their_own_documents():
    documents = [f"{body}\n\nDocument {n}: *{n}*." for n, body in enumerate(STATEFUL + USERS)]
    expected = {text: _fresh(text) for text in documents}
    # Switch threads as often as possible so that a shared parser would be caught mid-document.
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    start = threading.Barrier(4)
    wrong = []

    def render(offset):
        start.wait()
        for i in range(200):
            text = documents[(i + offset) % len(documents)]
            if render_markdown(text) != expected[text]:
                wrong.append(text)

    try:
        threads = [threading.Thread(target=render, args=(k * 3,)) for k in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(previous)
    assert not wrong
