"""The directory's check before publishing: tool links go through /go/."""

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
    assert [w.code for w in warnings] == ["tool-link-bypasses-go", "tool-link-bypasses-go", "broken-link"]
    assert str(warnings[0]).startswith("Link to Quillbot Pro (https://quill.example/pricing) bypasses /go/quillbot-pro/")
    assert str(warnings[2]) == "Link to /go/hidden/ names no published tool."
