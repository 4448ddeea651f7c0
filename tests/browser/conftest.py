import pytest

from directory.models import Category, Tool, Workflow

# Browser tests run against live_server in another thread, so they need real commits; the
# serialized rollback puts back what the migrations created (the editorial groups).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site_url(live_server):
    return live_server.url


@pytest.fixture
def directory(live_server):
    inference = Category.objects.create(name="Inference providers", slug="inference")
    models = Category.objects.create(name="Open-weight models", slug="open-models")

    def tool(name, **fields):
        categories = fields.pop("categories")
        obj = Tool.objects.create(name=name, tagline=f"{name} does a useful thing.", status="published", **fields)
        obj.categories.set(categories)
        obj.tags.set(["inference"])
        return obj

    hearth = tool("Hearthstack", kind="provider", is_open=True, licence="AGPL-3.0", origin_country="NL",
                  website_url=live_server.url + "/healthz", categories=[inference])
    tool("Voltline", kind="provider", is_open=False, origin_country="US", website_url="https://volt.example/",
         affiliate_url="https://partners.volt.example/", categories=[inference])
    tool("Larkspur", kind="model", is_open=True, origin_country="FR", website_url="https://lark.example/",
         categories=[models])
    workflow = Workflow.objects.create(title="Private search for a law office", summary="Set-up and retainer.",
                                       steps="1. Index\n2. Test", monthly_earnings=4500, reported_by="A reader",
                                       status="published")
    workflow.tools.set([hearth])
    return hearth
