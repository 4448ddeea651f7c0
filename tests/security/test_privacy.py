"""Readers' browsers talk to Flux only: no third-party scripts, styles, fonts, images or frames."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.template import loader

from fluxsite.markdown import render_markdown

# Attributes through which a page makes the browser fetch something by itself.
RESOURCE_ATTRIBUTES = {
    "script": ["src"],
    "link": ["href"],  # stylesheets, icons, preload/preconnect, feeds
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "frame": ["src"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "input": ["src"],
    "form": ["action"],  # where readers' typed data goes
    "meta": ["content"],  # only for http-equiv="refresh", checked below
}
TRACKERS = ["google-analytics", "googletagmanager", "gtag(", "fbq(", "facebook.net", "doubleclick", "plausible",
            "matomo", "hotjar", "segment.com", "fonts.googleapis", "fonts.gstatic", "cdn.jsdelivr", "unpkg.com",
            "cdnjs", "gravatar", "youtube.com/embed", "twitter.com/widgets"]


class _Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() != "refresh":
            return
        for name in RESOURCE_ATTRIBUTES.get(tag, []):
            value = attrs.get(name)
            if not value:
                continue
            if name == "srcset":
                self.urls += [(tag, part.strip().split(" ")[0]) for part in value.split(",")]
            elif tag == "meta":
                self.urls.append((tag, value.split("url=", 1)[-1]))
            else:
                self.urls.append((tag, value))

    handle_startendtag = handle_starttag


def third_party(html: str) -> list:
    """Resource URLs in `html` that are neither relative nor on SITE_URL."""
    site = urlsplit(settings.SITE_URL)
    parser = _Resources()
    parser.feed(html)
    foreign = []
    for tag, url in parser.urls:
        parts = urlsplit(url.strip())
        if (parts.scheme or parts.netloc) and (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
            foreign.append((tag, url))
    return foreign


@pytest.fixture
def site(make_article, house_author):
    """Pages with everything an editor can put on them, including off-site images in Markdown."""
    from django.core.files.base import ContentFile

    from tests.faults.test_uploads import _png

    body = (
        "## Subhead\n\n![A pixel](https://tracker.example/pixel.gif)\n\n"
        '<img src="//cdn.example/p.png"> <iframe src="https://video.example/embed/1"></iframe>\n\n'
        '<script src="https://evil.example/x.js"></script>\n\n[an outbound link is fine](https://openai.com/)'
    )
    house_author.avatar.save("a.png", ContentFile(_png(), name="a.png"))
    article = make_article(body=body, tags=["privacy"])
    article.hero_image.save("hero.png", ContentFile(_png((1200, 675)), name="hero.png"))
    return article


def _public_pages(article):
    return [
        "/",
        article.get_absolute_url(),
        f"/sections/{article.section.slug}/",
        "/tags/privacy/",
        "/authors/flux-desk/",
        "/no-such-page/",
        "/admin/login/",
    ]


def test_public_pages_load_nothing_from_third_parties(client, site):
    for path in _public_pages(site):
        response = client.get(path)
        html = response.content.decode()
        assert third_party(html) == [], path
        assert not [t for t in TRACKERS if t in html], path


@pytest.mark.parametrize("template", ["400.html", "403.html", "404.html", "500.html", "503.html"])
def test_error_pages_load_nothing_from_third_parties(template):
    assert third_party(loader.get_template(template).render({})) == []


def test_off_site_images_in_markdown_lose_their_source():
    html = render_markdown("![pixel](https://tracker.example/p.gif) ![ours](/media/a.png) ![x](//cdn.example/y.png)")
    assert "tracker.example" not in html and "cdn.example" not in html
    assert 'src="/media/a.png"' in html
    own = render_markdown(f"![own]({settings.SITE_URL}/media/b.png)")
    assert f'src="{settings.SITE_URL}/media/b.png"' in own


def test_content_security_policy_allows_only_our_origin(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    for directive in ("default-src", "script-src", "style-src", "img-src", "font-src", "connect-src", "form-action"):
        sources = re.search(rf"{directive} ([^;]*)", policy).group(1).split()
        assert set(sources) <= {"'self'", "data:"}, (directive, sources)
    assert "frame-src" not in policy or "'none'" in policy


# Defaults inside the vendored editor that Flux switches off (static/js/admin-writing.js:
# autoDownloadFontAwesome and spellChecker false; no "guide" button). tests/browser/test_writing.py
# checks the editor's page requests nothing from another origin.
UNUSED_VENDOR_URLS = {
    "vendor/easymde/easymde.min.js": [
        "https://cdn.jsdelivr.net/codemirror.spell-checker/latest/en_US.aff",
        "https://cdn.jsdelivr.net/codemirror.spell-checker/latest/en_US.dic",
        "https://www.markdownguide.org/basic-syntax/",
        "//maxcdn.bootstrapcdn.com/font-awesome/",
        "https://maxcdn.bootstrapcdn.com/font-awesome/latest/css/font-awesome.min.css",
    ],
}


def test_static_css_and_js_reference_no_other_origin():
    # SVG/XML namespace identifiers are names, not fetches.
    namespaces = re.compile(r"https?://www\.w3\.org/[\w/.#-]*")
    static = Path(settings.BASE_DIR) / "static"
    offenders = {}
    for path in [*static.rglob("*.css"), *static.rglob("*.js")]:
        text = namespaces.sub("", path.read_text())
        found = re.findall(r"""(?:url\(\s*['"]?|@import\s+['"]?|['"`])((?:https?:)?//[^'"`)\s]+)""", text)
        name = str(path.relative_to(static))
        found = [url for url in found if url not in UNUSED_VENDOR_URLS.get(name, [])]
        if found:
            offenders[name] = found
    assert offenders == {}
