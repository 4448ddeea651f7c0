"""Share links on article pages: plain links to the networks, nothing loaded from them."""

from urllib.parse import parse_qs, urlsplit

import lxml.html
from django.conf import settings

from tests.security.test_privacy import third_party


def _share(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    document = lxml.html.document_fromstring(response.content)
    (box,) = document.xpath("//section[@data-share]")
    return response, box


def test_each_network_gets_the_story_address_and_headline_encoded(client, make_article):
    article = make_article(headline='Tokens & "cheap" GPUs: 50% off?')
    _response, box = _share(client, article)
    url = settings.SITE_URL + article.get_absolute_url()
    links = {a.text_content(): a.get("href") for a in box.xpath(".//a")}
    assert set(links) == {"X", "LinkedIn", "Facebook", "Reddit", "Email"}
    expected = {
        "X": ("x.com", {"url": url, "text": article.headline}),
        "LinkedIn": ("www.linkedin.com", {"url": url}),
        "Facebook": ("www.facebook.com", {"u": url}),
        "Reddit": ("www.reddit.com", {"url": url, "title": article.headline}),
        "Email": ("", {"subject": article.headline, "body": url}),
    }
    for name, (host, query) in expected.items():
        parts = urlsplit(links[name])
        assert parts.netloc == host, name
        assert parts.scheme == ("mailto" if name == "Email" else "https"), name
        assert {key: values[0] for key, values in parse_qs(parts.query).items()} == query, name


def test_share_box_loads_nothing_from_the_networks(client, make_article):
    article = make_article()
    response, box = _share(client, article)
    html = response.content.decode()
    assert not third_party(html)
    scripts = lxml.html.document_fromstring(response.content).xpath("//script/@src")
    assert any(src.endswith(".js") and "share" in src for src in scripts)
    # The copy and Web Share buttons stay hidden unless share.js finds the browser supports them.
    assert [li.get("hidden") for li in box.xpath(".//li[button]")] == ["", ""]
