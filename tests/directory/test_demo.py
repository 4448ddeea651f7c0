"""seed_demo fills the directory with original content and links it to the demo articles."""

import io

from django.core.files.storage import default_storage
from django.core.management import call_command

from directory.models import Category, Tool, Workflow


def test_seed_demo_directory(db):
    call_command("seed_demo", stdout=io.StringIO())
    published = Tool.objects.published()
    assert published.count() >= 40
    assert Category.objects.filter(tools__isnull=False).distinct().count() >= 8
    assert published.filter(kind=Tool.Kind.MODEL, is_open=True).count() >= 3
    assert published.filter(kind=Tool.Kind.PROVIDER).count() >= 3
    assert published.filter(kind=Tool.Kind.PROVIDER, is_open=True).exists()
    assert Workflow.objects.published().count() >= 15
    assert Tool.objects.filter(mentioned_in__isnull=False).distinct().count() >= 10
    assert all(url.endswith(".example/") for url in published.values_list("website_url", flat=True))
    tool = published.get(slug="hearthstack")
    assert default_storage.exists(tool.logo_card.name), "renditions are made on save"
    assert tool.mentioned_in.exists()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "0 tools and 0 workflows created" in out.getvalue()
