"""The directory's checks before publishing: tool links go through /go/, and affiliate ones are disclosed."""

import pytest

from articles.checks import article_warnings
from directory.models import Tool

pytestmark = pytest.mark.django_db


def test_links_to_a_tools_own_site_are_flagged_and_go_links_checked(make_article, make_tool):
    make_tool(name="Quillbot Pro", slug="quillbot-pro", website_url="https://www.quill.example/", affiliate_url="https://partners.quill.example/r/flux")
    make_tool(name="Hidden", slug="hidden", website_url="https://hidden.example/", status=Tool.Status.DRAFT)
    body = (
        "[site](https://quill.example/pricing) [aff](https://partners.quill.example/r/other) [counted](/go/quillbot-pro/) "
        "[gone](/go/hidden/) [other](https://unrelated.example/)"
    )
    warnings = article_warnings(make_article(seo_description="A description.", body=body, headline="Short"))
    assert [w.code for w in warnings] == ["tool-link-bypasses-go", "tool-link-bypasses-go", "broken-link", "affiliate-undisclosed"]
    assert str(warnings[0]).startswith("Link to Quillbot Pro (https://quill.example/pricing) bypasses /go/quillbot-pro/")
    assert str(warnings[2]) == "Link to /go/hidden/ names no published tool."


def test_an_affiliate_go_link_needs_the_tool_in_the_storys_disclosed_box(client, make_article, make_tool):
    affiliate = make_tool(name="Quillbot Pro", slug="quillbot-pro", affiliate_url="https://partners.quill.example/r/flux")
    make_tool(name="Plain Tool", slug="plain-tool")
    article = make_article(
        seo_description="A description.", headline="Short",
        body="Try [Quillbot](/go/quillbot-pro/), twice [here](/go/quillbot-pro/), or [Plain](/go/plain-tool/).",
    )
    warnings = [w for w in article_warnings(article) if w.code == "affiliate-undisclosed"]
    assert [str(w) for w in warnings] == [
        "The link to /go/quillbot-pro/ is an affiliate link (Quillbot Pro may pay Flux a commission), but Quillbot Pro "
        "isn't in this story's “Tools in this story” box, which carries the affiliate disclosure: add the story to "
        "“Mentioned in” on Quillbot Pro's page (Directory → Tools → Quillbot Pro → Articles)."
    ]
    # Once the tool is in the box, the page carries the disclosure next to its labelled link, and the check is quiet.
    affiliate.mentioned_in.add(article)
    assert not [w for w in article_warnings(article) if w.code == "affiliate-undisclosed"]
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Tools in this story" in page and "Affiliate link" in page
    assert "may earn Flux a commission at no cost to you" in page
