"""Tool history: one entry per changed field from admin edits, notes, the tool page, /tools/changes/, Atom feeds, Verify."""

from datetime import timedelta
from decimal import Decimal

import feedparser
import lxml.etree
import pytest
from django.utils import timezone

from directory import services
from directory.models import Tool, ToolChange

pytestmark = pytest.mark.django_db


def change_form(client, tool, **changes):
    """Post the tool's admin form back as it is, with `changes` applied."""
    from tests.test_admin_round_trips import as_post, browser_form_data

    url = f"/admin/directory/tool/{tool.pk}/change/"
    data = as_post(browser_form_data(client.get(url).content.decode(), "tool_form"))
    data.pop("logo", None)
    for name, value in changes.items():
        data[name] = [value]
    return client.post(url, data)


@pytest.fixture
def priced_tool(make_tool):
    return make_tool(
        name="Ledgerbot", slug="ledgerbot", pricing_model="paid", starting_price=Decimal("20"), price_unit="per month",
        licence="Proprietary", website_url="https://ledgerbot.example/",
    )


def test_an_unchanged_save_records_nothing(client, editor, priced_tool):
    client.force_login(editor)
    assert change_form(client, priced_tool).status_code == 302
    assert not ToolChange.objects.exists()


def test_each_changed_field_gets_exactly_one_entry(client, editor, priced_tool):
    client.force_login(editor)
    response = change_form(
        client, priced_tool, starting_price="25", licence="Apache-2.0", is_open="on", tagline="Not tracked",
        history_note="Price up, licence opened.",
    )
    assert response.status_code == 302
    entries = {c.field: c for c in ToolChange.objects.all()}
    assert set(entries) == {"starting_price", "licence", "is_open"}
    assert (entries["starting_price"].old_value, entries["starting_price"].new_value) == ("20", "25")
    assert (entries["is_open"].old_value, entries["is_open"].new_value) == ("No", "Yes")
    assert all(c.note == "Price up, licence opened." and c.changed_by == editor for c in entries.values())
    # Saving again unchanged adds nothing.
    assert change_form(client, Tool.objects.get(pk=priced_tool.pk)).status_code == 302
    assert ToolChange.objects.count() == 3


def test_a_note_alone_is_one_entry_and_plans_and_url_are_tracked(client, editor, priced_tool):
    client.force_login(editor)
    change_form(client, priced_tool, history_note="Checked after a reader's email.")
    (note,) = ToolChange.objects.all()
    assert (note.field, note.note) == ("", "Checked after a reader's email.")
    change_form(client, priced_tool, plans="Pro: 25 USD per month", website_url="https://ledgerbot.example/new")
    assert sorted(ToolChange.objects.exclude(field="").values_list("field", flat=True)) == ["plans", "website_url"]


def test_tool_page_shows_history_and_last_verified(client, priced_tool):
    services.tool_changes_record(tool=priced_tool, before={**services.tool_tracked_values(priced_tool), "starting_price": "15"}, note="<script>x</script>")
    html = client.get(priced_tool.get_absolute_url()).content.decode()
    assert "Starting price: 15 → 20" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x</script>" not in html
    assert "Not yet checked by an editor" in html
    services.tools_verify(tools=Tool.objects.filter(pk=priced_tool.pk))
    assert "Last verified" in client.get(priced_tool.get_absolute_url()).content.decode()


def test_changes_page_lists_published_tools_only(client, make_tool, priced_tool):
    draft = make_tool(name="Secret", slug="secret", status="draft")
    ToolChange.objects.create(tool=priced_tool, field="licence", old_value="A", new_value="B")
    ToolChange.objects.create(tool=draft, field="licence", old_value="C", new_value="D")
    html = client.get("/tools/changes/").content.decode()
    assert "Ledgerbot" in html and "Secret" not in html
    assert client.get("/tools/changes/?page=999").status_code == 200


@pytest.mark.parametrize("url", ["/tools/changes/feed/", "/tools/ledgerbot/changes/feed/"])
def test_feeds_validate(client, priced_tool, url):
    ToolChange.objects.create(tool=priced_tool, field="starting_price", old_value="15", new_value="20", note="Up & away <b>")
    ToolChange.objects.create(tool=priced_tool, note="Checked.", changed_at=timezone.now() - timedelta(days=3))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    lxml.etree.fromstring(response.content)  # well-formed
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == ["Ledgerbot — Starting price: 15 → 20", "Ledgerbot — Checked."]
    assert all(entry.id and entry.updated and entry.link.startswith("http") for entry in feed.entries)


def test_unknown_or_draft_tool_feed_is_404(client, make_tool):
    make_tool(slug="hidden", status="draft")
    assert client.get("/tools/hidden/changes/feed/").status_code == 404
    assert client.get("/tools/nope/changes/feed/").status_code == 404


def test_verify_action_and_the_90_day_filter(client, editor, make_tool):
    fresh, stale, never = make_tool(), make_tool(), make_tool()
    Tool.objects.filter(pk=stale.pk).update(last_verified_at=timezone.now() - timedelta(days=91))
    client.force_login(editor)
    client.post("/admin/directory/tool/", {"action": "verify", "_selected_action": [fresh.pk]})
    fresh.refresh_from_db()
    assert fresh.last_verified_at > timezone.now() - timedelta(minutes=1)
    listing = client.get("/admin/directory/tool/?verified=stale").content.decode()
    assert stale.name in listing and never.name in listing and fresh.name not in listing
    listing = client.get("/admin/directory/tool/?verified=recent").content.decode()
    assert fresh.name in listing and stale.name not in listing


IMPORT_HEADER = "slug,name,tagline,website_url,pricing_model,starting_price,price_unit,plans,is_open,licence\n"


def import_row(**changes):
    values = {
        "slug": "ledgerbot", "name": "Ledgerbot", "tagline": "Books", "website_url": "https://ledgerbot.example/",
        "pricing_model": "paid", "starting_price": "20", "price_unit": "per month", "plans": "", "is_open": "no",
        "licence": "Proprietary", **changes,
    }
    return IMPORT_HEADER + ",".join(f'"{value}"' for value in values.values()) + "\n"


def test_a_csv_import_writes_one_entry_per_changed_field(priced_tool):
    services.tool_import_csv(
        data=import_row(
            starting_price="25.00", plans="Pro: 25 USD per month\nTeam: 60 USD per month", is_open="yes",
            licence="Apache-2.0", website_url="https://ledgerbot.example/v2", tagline="Not tracked",
        ),
        note="Prices from the maker's page.",
    )
    entries = {change.field: change for change in ToolChange.objects.all()}
    assert set(entries) == {"starting_price", "plans", "is_open", "licence", "website_url"}
    assert (entries["starting_price"].old_value, entries["starting_price"].new_value) == ("20", "25")
    assert entries["plans"].new_value == "Pro: 25 USD per month\nTeam: 60 USD per month"
    assert (entries["website_url"].old_value, entries["website_url"].new_value) == (
        "https://ledgerbot.example/", "https://ledgerbot.example/v2",
    )
    assert all(change.note == "Prices from the maker's page." for change in entries.values())
    assert len({change.changed_at for change in entries.values()}) == 1
    # The same file again changes nothing and records nothing, note or not.
    services.tool_import_csv(
        data=import_row(
            starting_price="25", plans="Pro: 25 USD per month\nTeam: 60 USD per month", is_open="yes",
            licence="Apache-2.0", website_url="https://ledgerbot.example/v2",
        ),
        note="Checked again.",
    )
    assert ToolChange.objects.count() == 5


def test_a_csv_import_records_no_history_for_new_tools_or_a_rejected_file(db, priced_tool):
    services.tool_import_csv(data=import_row(slug="newcomer", name="Newcomer"))
    assert not ToolChange.objects.exists()
    with pytest.raises(services.ImportRejected):
        services.tool_import_csv(data=import_row(starting_price="30") + '"bad",,,,,,,,,\n')
    assert not ToolChange.objects.exists()
    assert Tool.objects.get(slug="ledgerbot").starting_price == Decimal("20")


def test_the_admin_import_records_the_editor_and_note(client, editor, priced_tool):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    upload = SimpleUploadedFile("tools.csv", import_row(pricing_model="usage", price_unit="per 1M tokens").encode())
    response = client.post("/admin/directory/tool/import/", {"file": upload, "history_note": "Now billed by use."})
    assert response.status_code == 302
    entries = list(ToolChange.objects.order_by("field"))
    assert [change.field for change in entries] == ["price_unit", "pricing_model"]
    assert all(change.changed_by == editor and change.note == "Now billed by use." for change in entries)
    page = client.get(priced_tool.get_absolute_url()).content.decode()
    assert "Now billed by use." in page
