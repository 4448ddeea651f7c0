"""Editors manage the directory in the admin; Writers can't; bad input shows errors and saves nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from directory.models import DailyClickCount, Tool

ADMIN_PAGES = [
    "/admin/directory/tool/", "/admin/directory/tool/add/", "/admin/directory/category/", "/admin/directory/workflow/",
    "/admin/directory/workflow/add/", "/admin/directory/dailyclickcount/", "/admin/directory/tool/import/",
    "/admin/directory/tool/?kind__exact=provider&is_open__exact=1&q=hearth",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_editors_can_use_every_directory_admin_page(client, editor, make_tool, path):
    make_tool(name="Hearth")
    client.force_login(editor)
    assert client.get(path).status_code == 200


def test_writers_get_no_directory_permissions(client, writer):
    client.force_login(writer)
    assert client.get("/admin/directory/tool/").status_code == 403
    assert client.get("/admin/directory/tool/import/").status_code in (302, 403)
    assert not [p for p in writer.get_all_permissions() if p.startswith("directory.")]


def test_editor_change_page_with_stats_link(client, editor, make_tool):
    tool = make_tool()
    client.force_login(editor)
    html = client.get(f"/admin/directory/tool/{tool.pk}/change/").content.decode()
    assert f"tool__id__exact={tool.pk}" in html


@pytest.mark.parametrize("bad", ["ftp://files.example/tool", "javascript:alert(1)", "data:text/html,hi"])
def test_admin_rejects_non_http_links(client, editor, bad):
    client.force_login(editor)
    response = client.post(
        "/admin/directory/tool/add/",
        {
            "name": "Sneaky", "slug": "sneaky", "tagline": "t", "status": "published", "website_url": bad,
            "affiliate_url": bad, "kind": "app", "pricing_model": "free", "price_currency": "USD",
            "editorial_rating": "3.0",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "website_url" in errors and "affiliate_url" in errors
    assert not Tool.objects.exists()


def test_admin_import_reports_lines_and_saves_nothing(client, editor):
    client.force_login(editor)
    data = (
        "slug,name,tagline,website_url\n"
        "good,Good,Fine,https://good.example/\n"
        "bad,Bad,Nope,ftp://bad.example/\n"
    )
    response = client.post("/admin/directory/tool/import/", {"file": SimpleUploadedFile("t.csv", data.encode())})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Line 3: website_url" in html and "Nothing was imported" in html
    assert not Tool.objects.exists()
    good = data.splitlines()[:2]
    response = client.post(
        "/admin/directory/tool/import/", {"file": SimpleUploadedFile("t.csv", "\n".join(good).encode())}, follow=True
    )
    assert "Imported 1 new and updated 0 existing tools." in response.content.decode()
    assert Tool.objects.get(slug="good").status == Tool.Status.DRAFT


def test_click_statistics_per_tool_and_day(client, editor, make_tool):
    first, second = make_tool(name="First"), make_tool(name="Second")
    DailyClickCount.objects.create(tool=first, day="2026-11-01", clicks=5)
    DailyClickCount.objects.create(tool=first, day="2026-11-02", clicks=7)
    DailyClickCount.objects.create(tool=second, day="2026-11-02", clicks=3)
    client.force_login(editor)
    response = client.get("/admin/directory/dailyclickcount/")
    assert response.context["total_clicks"] == 15
    assert [row["total"] for row in response.context["top_tools"]] == [12, 3]
    filtered = client.get(f"/admin/directory/dailyclickcount/?tool__id__exact={first.pk}&day__day=2&day__month=11&day__year=2026")
    assert filtered.context["total_clicks"] == 7
    assert client.post("/admin/directory/dailyclickcount/add/").status_code == 403
