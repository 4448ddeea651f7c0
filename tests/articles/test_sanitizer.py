"""No editor, writer or imported text can inject script into an article page."""

from html.parser import HTMLParser

import pytest

from fluxsite.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"javascript:alert(1)\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<body onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">click</a>",
    "<a href=\"java&#x09;script:alert(1)\">click</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">click</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">click</a>",
    "<a href=\"vbscript:msgbox(1)\">click</a>",
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "![x](javascript:alert(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<p style=\"x:expression(alert(1))\">x</p>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<form action=\"javascript:alert(1)\"><button>go</button></form>",
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<style>@import 'javascript:alert(1)';</style>",
    "<aside class=\"pullquote\" onclick=\"alert(1)\">x</aside>",
    "<a href=\"https://ok.example\" onclick=\"alert(1)\">ok</a>",
    "<img src=\"https://ok.example/x.png\" onerror=\"alert(1)\" alt=\"x\">",
    "``<script>alert(1)</script>``",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "\"><script>alert(1)</script>",
    ">> <script>alert(1)</script> pull quote",
    "<template><script>alert(1)</script></template>",
    "<a href=\"  javascript:alert(1)\">x</a>",
    "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
]

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def _assert_inert(html):
    parser = _Collector()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, f"<{tag}> survived: {html}"
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"class", "rel"} if tag in {"aside", "a"} else set())
        for name, value in attrs:
            assert name in allowed, f"{name}= on <{tag}> survived: {html}"
            if name in {"href", "src"}:
                cleaned = "".join((value or "").split()).lower()
                assert not cleaned.startswith(DANGEROUS_SCHEMES), f"{name}={value!r} survived: {html}"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markdown_output_is_inert(payload):
    _assert_inert(render_markdown(f"Intro paragraph.\n\n{payload}\n\nOutro."))


@pytest.mark.parametrize("payload", XSS_PAYLOADS[:12])
def test_article_page_never_carries_the_payload(client, make_article, payload):
    article = make_article(body=f"Before.\n\n{payload}\n\nAfter.", dek=payload, headline=f"Headline {payload}"[:200])
    html = client.get(article.get_absolute_url()).content.decode()
    body = html.split('<div class="article__body prose">', 1)[1].split("</div>", 1)[0]
    _assert_inert(body)
    # Headline, dek and metadata are escaped text everywhere else on the page, JSON-LD included.
    page = _Collector()
    page.feed(html)
    for tag, attrs in page.tags:
        assert not [name for name, _ in attrs if name.startswith("on")], f"event handler on <{tag}>"
        if tag == "script":
            assert dict(attrs).get("type") == "application/ld+json" or dict(attrs).get("src"), attrs
    for block in html.split('<script type="application/ld+json">')[1:]:
        assert "<" not in block.split("</script>", 1)[0]
