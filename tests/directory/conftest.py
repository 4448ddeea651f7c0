"""Directory factories: categories, tools (published unless told otherwise) and workflows."""

import itertools
from decimal import Decimal

import pytest


@pytest.fixture
def make_category(db):
    from directory.models import Category

    counter = itertools.count(1)

    def make(**fields):
        n = next(counter)
        fields.setdefault("name", f"Category {n}")
        fields.setdefault("slug", f"category-{n}")
        return Category.objects.create(**fields)

    return make


@pytest.fixture
def make_tool(db):
    from directory.models import Tool

    counter = itertools.count(1)

    def make(*, categories=(), tags=(), **fields):
        n = next(counter)
        fields.setdefault("name", f"Tool {n:03d}")
        fields.setdefault("slug", f"tool-{n:03d}")
        fields.setdefault("tagline", "Does one useful thing with models.")
        fields.setdefault("website_url", f"https://tool-{n}.example/")
        fields.setdefault("status", Tool.Status.PUBLISHED)
        if "editorial_rating" in fields:
            fields["editorial_rating"] = Decimal(str(fields["editorial_rating"]))
        tool = Tool.objects.create(**fields)
        if categories:
            tool.categories.set(categories)
        if tags:
            tool.tags.set(list(tags))
        return tool

    return make


@pytest.fixture
def make_workflow(db):
    from directory.models import Workflow

    counter = itertools.count(1)

    def make(*, tools=(), **fields):
        n = next(counter)
        fields.setdefault("title", f"Workflow {n}")
        fields.setdefault("slug", f"workflow-{n}")
        fields.setdefault("summary", "People pay for this every month.")
        fields.setdefault("steps", "1. Find clients\n2. Do the work\n3. Invoice")
        fields.setdefault("monthly_earnings", Decimal("1000"))
        fields.setdefault("reported_by", f"Reader {n}")
        fields.setdefault("status", Workflow.Status.PUBLISHED)
        workflow = Workflow.objects.create(**fields)
        if tools:
            workflow.tools.set(tools)
        return workflow

    return make


@pytest.fixture
def report_post():
    """A valid “I tried this” form submission; override fields with keyword arguments."""

    def make(**fields):
        data = {
            "monthly_earnings": "350",
            "currency": "USD",
            "monthly_costs": "40",
            "hours_per_week": "6",
            "months": "4",
            "outcome": "ongoing",
            "note": "",
            "email": "reader@example.com",
            "website": "",
        }
        data.update(fields)
        return data

    return make


@pytest.fixture
def make_report(db):
    """An outcome report, accepted (counted) unless told otherwise."""
    from directory.models import OutcomeReport

    counter = itertools.count(1)

    def make(workflow, **fields):
        n = next(counter)
        fields.setdefault("email", f"reporter{n}@example.com")
        fields.setdefault("monthly_earnings", Decimal("100"))
        fields.setdefault("currency", "USD")
        fields.setdefault("monthly_costs", Decimal("0"))
        fields.setdefault("hours_per_week", 5)
        fields.setdefault("months", 3)
        fields.setdefault("outcome", OutcomeReport.Outcome.ONGOING)
        fields.setdefault("status", OutcomeReport.Status.ACCEPTED)
        return OutcomeReport.objects.create(workflow=workflow, **fields)

    return make
