"""search_directory(): published tools and workflows matching a query, best first."""

import pytest

from directory.models import Tool, Workflow
from directory.search import search_directory


@pytest.fixture
def content(make_tool, make_workflow):
    runner = make_tool(name="Runcible", tagline="Run open-weight models on a laptop.", tags=["local-models"])
    make_tool(name="Quiet", tagline="A quiet helper.", description="Works on any laptop.")
    make_tool(name="Hidden laptop runner", tagline="Laptop runner.", status=Tool.Status.DRAFT)
    make_workflow(title="Laptop transcription service", summary="Transcripts made offline.", tools=[runner])
    make_workflow(title="Draft laptop thing", status=Workflow.Status.DRAFT)


def test_finds_published_tools_and_workflows_best_first(content):
    results = search_directory("laptop")
    assert [t.name for t in results["tools"]] == ["Runcible", "Quiet"]
    assert [w.title for w in results["workflows"]] == ["Laptop transcription service"]
    assert [t.name for t in results["workflows"][0].tools.all()] == ["Runcible"]


def test_tags_are_searchable_and_limit_applies(content):
    assert [t.name for t in search_directory("local-models")["tools"]] == ["Runcible"]
    assert len(search_directory("laptop", limit=1)["tools"]) == 1


@pytest.mark.parametrize("query", ["", "   ", "\x00", '"unbalanced', "a & | ! (", "x" * 5000, "-"])
def test_odd_queries_return_lists_not_errors(content, query):
    results = search_directory(query)
    assert set(results) == {"tools", "workflows"}
