"""Property-based tests (hypothesis): the Markdown sanitizer, slugs and tag links hold for any input."""

import re
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from django.urls import Resolver404, resolve, reverse
from django.utils.text import slugify
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fluxsite.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, render_markdown, sanitize_html

# --- Generators of hostile HTML-ish text --------------------------------------------------------

TAG_NAMES = ["script", "img", "svg", "a", "iframe", "style", "math", "object", "embed", "form", "input", "body",
             "details", "video", "p", "table", "base", "meta", "link", "title", "textarea", "noscript", "template"]
ATTR_NAMES = ["onerror", "onload", "onclick", "onmouseover", "ONFOCUS", "href", "src", "xlink:href", "style",
              "action", "formaction", "srcdoc", "data", "class", "title", "alt", "autofocus", "srcset"]
SCHEMES = ["javascript:", "JaVaScRiPt:", "java\tscript:", "java\nscript:", " javascript:", "&#106;avascript:",
           "&#x6A;avascript:", "vbscript:", "data:text/html,", "data:image/svg+xml,", "https:", "mailto:", "//", ""]
QUOTES = ['"', "'", "`", ""]
FRAGMENTS = ["<", ">", "</", "/>", "=", '"', "'", "<!--", "-->", "<![CDATA[", "]]>", "&", "&lt;", "&#60;", "\n",
             "\n\n", "    ", "```\n", "[", "](", ")", "![", "<javascript:alert(1)>", ">> ", "> ", "# ", "* ",
             "[x]: ", "<div markdown=1>", "alert(1)", "\x00", "\u202e", "\u200b"]


@st.composite
def html_tags(draw):
    name = draw(st.sampled_from(TAG_NAMES))
    attrs = []
    for _ in range(draw(st.integers(0, 3))):
        attr = draw(st.sampled_from(ATTR_NAMES))
        quote = draw(st.sampled_from(QUOTES))
        value = draw(st.sampled_from(SCHEMES)) + draw(st.sampled_from(["alert(1)", "x", "evil.example/x.js", ""]))
        attrs.append(f"{attr}={quote}{value}{quote}")
    separator = draw(st.sampled_from([" ", "/", "\t", "\n"]))
    closing = draw(st.sampled_from(["", f"</{name}>", "alert(1)</" + name + ">"]))
    return f"<{name}{separator}{separator.join(attrs)}>{closing}"


@st.composite
def markdown_links(draw):
    bang = draw(st.sampled_from(["", "!"]))
    url = draw(st.sampled_from(SCHEMES)) + draw(st.sampled_from(["alert(1)", "evil.example", "x%20y"]))
    title = draw(st.sampled_from(["", ' "t"', ' "a\\" onmouseover=\\"alert(1)"']))
    return f"{bang}[{draw(st.text(max_size=5))}]({url}{title})"


hostile_text = st.lists(
    st.one_of(html_tags(), markdown_links(), st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=12
).map("".join)


# --- What "safe" means ---------------------------------------------------------------------------


C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


class _Audit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            # nh3 also keeps its inert generic attributes (title, lang) and adds rel="noopener".
            if name.startswith("on") or name not in ALLOWED_ATTRIBUTES.get(tag, set()) | {"class", "rel", "title", "lang"}:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name in ("href", "src") and value is not None:
                # As a browser parses it (URL standard): C0 controls and spaces trimmed at both ends,
                # tabs and newlines dropped anywhere.
                squashed = re.sub(r"[\t\n\r]", "", value.strip(C0_AND_SPACE)).lower()
                scheme = squashed.split(":", 1)[0] if re.match(r"^[a-z][a-z0-9+.-]*:", squashed) else None
                if scheme is not None and scheme not in URL_SCHEMES:
                    self.problems.append(f"{scheme}: URL in {name}")

    handle_startendtag = handle_starttag


def assert_safe(html):
    assert not re.search(r"<\s*script", html, re.IGNORECASE), html
    audit = _Audit()
    audit.feed(html)
    audit.close()
    assert not audit.problems, (audit.problems, html)


@given(st.text())
@example("<script>alert(1)</script>")
@example("[x](javascript:alert(1))")
@example("<img src=x onerror=alert(1)>")
@example(">> <svg onload=alert(1)>")
def test_markdown_of_any_text_is_safe(text):
    assert_safe(render_markdown(text))


@settings(max_examples=100)
@given(hostile_text)
def test_markdown_of_hostile_html_is_safe(text):
    assert_safe(render_markdown(text))


@settings(max_examples=100)
@given(hostile_text)
def test_sanitizer_of_hostile_html_is_safe(text):
    assert_safe(sanitize_html(text))


@given(st.text())
def test_markdown_never_fails(text):
    assert isinstance(render_markdown(text), str)


# --- Slugs ---------------------------------------------------------------------------------------

ASCII_SLUG = re.compile(r"[-a-z0-9_]+")


@given(st.text())
@example("../../etc/passwd")
@example("..")
@example("a/b")
def test_slugify_reverse_resolve_round_trip(text):
    slug = slugify(text)
    if not slug:
        return
    assert ASCII_SLUG.fullmatch(slug), slug  # no dots or slashes: a slug can't climb out of its URL
    for name in ("articles:detail", "articles:section", "articles:author", "articles:tag"):
        url = reverse(name, kwargs={"slug": slug})
        match = resolve(url)
        assert match.view_name == name and match.kwargs == {"slug": slug}


@given(st.text())
def test_unicode_tag_slugs_round_trip(text):
    slug = slugify(text, allow_unicode=True)  # what taggit stores for a tag name
    if not slug:
        return
    match = resolve(unquote(reverse("articles:tag", kwargs={"slug": slug})))  # as WSGI hands it over
    assert match.kwargs == {"slug": slug}


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60))
@example("../../../etc/passwd")
@example("..%2F..%2Fetc%2Fpasswd")
@example("%2e%2e/%2e%2e/")
def test_no_path_under_a_slug_route_escapes_it(tail):
    for prefix in ("/articles/", "/sections/", "/tags/", "/authors/"):
        try:
            match = resolve(prefix + tail + "/")
        except Resolver404:
            continue
        slug = match.kwargs.get("slug")
        if slug is not None:
            assert re.fullmatch(r"[-\w]+", slug), slug
            assert "." not in slug and "/" not in slug


# --- Tags that writers type ------------------------------------------------------------------


tag_names = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=40).filter(
    lambda s: s.strip()
)


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=tag_names)
@example(name="café")
@example(name="日本語")
@example(name="!!!")
@example(name="🔥")
@example(name="c++")
def test_any_tag_name_links_to_a_working_tag_page(client, make_article, name):
    from taggit.models import Tag

    article = make_article()
    tag, _ = Tag.objects.get_or_create(name=name.strip())
    article.tags.add(tag)
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    tag_url = reverse("articles:tag", kwargs={"slug": tag.slug})
    assert tag_url.encode() in page.content or tag_url in page.content.decode()
    tag_page = client.get(tag_url)
    assert tag_page.status_code == 200
    assert article.headline.encode() in tag_page.content
