"""Tools' and workflows' search vectors, kept by database triggers (migration 0007), held to the ORM's weighting."""

import pytest
from django.contrib.postgres.search import SearchVector
from django.db.models import Value
from taggit.models import Tag

from directory.models import Tool, Workflow
from fluxsite.search import SEARCH_CONFIG

pytestmark = pytest.mark.django_db


def orm_tool_vector(tool, tag_names):
    """The weighting as the ORM writes it: name A; tagline, maker and tags B; description C."""
    vector = (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("tagline", "maker", Value(" ".join(sorted(tag_names))), weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )
    return Tool.objects.filter(pk=tool.pk).annotate(expected=vector).values_list("expected", flat=True).get()


def stored(model, pk):
    return model.objects.filter(pk=pk).values_list("search_vector", flat=True).get()


def test_tool_vector_follows_every_write_of_its_text_and_tags(make_tool):
    tool = make_tool(name="Runcible", tagline="Runs models locally.", maker="Spoon Labs", description="On a **laptop**.")
    assert stored(Tool, tool.pk) == orm_tool_vector(tool, [])

    tool.tags.set(["local-models", "apple-silicon"])
    assert stored(Tool, tool.pk) == orm_tool_vector(tool, ["local-models", "apple-silicon"])

    Tool.objects.filter(pk=tool.pk).update(tagline="Runs models offline.")  # no save(), no signal
    tool.refresh_from_db()
    assert stored(Tool, tool.pk) == orm_tool_vector(tool, ["local-models", "apple-silicon"])

    Tag.objects.filter(name="apple-silicon").update(name="metal")  # a rename elsewhere
    assert stored(Tool, tool.pk) == orm_tool_vector(tool, ["local-models", "metal"])

    tool.tags.remove("local-models")
    assert stored(Tool, tool.pk) == orm_tool_vector(tool, ["metal"])


def test_bulk_created_workflows_are_searchable(make_workflow):
    workflow = make_workflow(title="Podcast transcripts", summary="For hire.", steps="1. Transcribe")
    [bulk] = Workflow.objects.bulk_create([Workflow(title="Voice notes", slug="voice-notes", summary="s", steps="1. Listen", monthly_earnings=1, reported_by="r")])
    expected = (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("steps", weight="C", config=SEARCH_CONFIG)
    )
    for pk in (workflow.pk, bulk.pk):
        assert stored(Workflow, pk) == Workflow.objects.filter(pk=pk).annotate(e=expected).values_list("e", flat=True).get()
