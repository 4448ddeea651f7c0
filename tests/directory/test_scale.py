"""At benchmark size (seed_scale: 3,000 tools) the listing and filters are served from indexes."""

import io
import time

from directory import demo
from directory.forms import ToolFilterForm
from directory.models import Category, Tool, Workflow

# (GET filters, the index the plan must use). Search uses a selective term: a common word in 10% of
# rows is (rightly) cheaper to scan, and the planner knows it.
PLANS = [
    ({}, "tool_status_score_idx"),
    ({"sort": "newest"}, "tool_status_created_idx"),
    ({"sort": "popular"}, "tool_status_clicks_idx"),
    ({"q": "2999"}, "tool_search_idx"),
    ({"category": "category-3"}, "directory_tool_categories"),
    # Two equality filters: the planner may walk the score index or AND two bitmaps; either is an
    # index plan, and the check below still refuses a sequential scan of the table.
    ({"kind": "provider", "open": "1"}, "Index"),
]


def filtered(query):
    form = ToolFilterForm(query, categories=list(Category.objects.all()), origin_codes=["US", "FR", "DE"])
    return form.apply(Tool.objects.published())[:24]


def test_seed_scale_and_listing_plans(db):
    for i in range(9):
        Category.objects.create(name=f"Category {i}", slug=f"category-{i}")
    started = time.perf_counter()
    demo.seed_scale(0, stdout=io.StringIO())
    elapsed = time.perf_counter() - started
    assert Tool.objects.filter(slug__startswith="bench-").count() == 3000
    assert Workflow.objects.filter(slug__startswith="bench-").count() == 300
    assert not Tool.objects.filter(search_vector__isnull=True).exists()
    assert demo.scale_counts(20_000) == (6000, 1000)
    print(f"seed_scale: 3,000 tools + 300 workflows in {elapsed:.1f} s")
    problems = []
    for query, index in PLANS:
        text = filtered(query).explain()
        if index not in text or "Seq Scan on directory_tool " in text + " ":
            problems.append(f"{query}: expected {index}\n{text}")
    text = Workflow.objects.published().by_earnings()[:20].explain()
    if "workflow_status_earn_idx" not in text:
        problems.append(f"workflows: {text}")
    assert not problems, "\n\n".join(problems)
