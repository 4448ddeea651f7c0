"""Editors run the wire in the admin; Writers can't. API tokens are shown once and stored hashed."""

import hashlib
import re

import pytest
from django.contrib.auth.models import Group

from wire.models import ApiToken, MarketQuote, WireItem

WIRE_PERMS = {
    "add_wireitem", "change_wireitem", "delete_wireitem", "view_wireitem",
    "add_marketquote", "change_marketquote", "delete_marketquote", "view_marketquote",
    "add_apitoken", "change_apitoken", "view_apitoken",
}  # fmt: skip


def test_editors_hold_the_wire_permissions_and_writers_none(db):
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    writers = set(Group.objects.get(name="Writers").permissions.values_list("codename", flat=True))
    assert WIRE_PERMS <= editors
    assert "delete_apitoken" not in editors  # revoke, don't delete: the record stays
    assert not writers & WIRE_PERMS


@pytest.mark.parametrize("model", ["wireitem", "marketquote", "apitoken"])
def test_admin_pages_open_for_editors_and_not_for_writers(client, editor, writer, model):
    client.force_login(editor)
    assert client.get(f"/admin/wire/{model}/").status_code == 200
    assert client.get(f"/admin/wire/{model}/add/").status_code == 200
    client.force_login(writer)
    assert client.get(f"/admin/wire/{model}/").status_code == 403


def test_editor_adds_a_dispatch_and_sees_validation(client, editor):
    client.force_login(editor)
    form = {
        "headline": "Two links",
        "url": "https://example.com/",
        "article": "",
        "source": "Desk",
        "published_at_0": "2026-11-20",
        "published_at_1": "10:00:00",
        "expires_at_0": "",
        "expires_at_1": "",
    }
    response = client.post("/admin/wire/wireitem/add/", {**form, "url": "ftp://example.com/"})
    assert response.status_code == 200
    assert "Enter an http:// or https:// address." in response.content.decode()
    response = client.post("/admin/wire/wireitem/add/", form)
    assert response.status_code == 302
    assert WireItem.objects.get().headline == "Two links"


def test_quote_changelist_shows_the_computed_change(client, editor, make_quote):
    make_quote("NVX", "100", hours_ago=3)
    make_quote("NVX", "104.5", hours_ago=1)
    client.force_login(editor)
    html = client.get("/admin/wire/marketquote/").content.decode()
    assert "+4.5" in html
    assert "first figure" in html
    assert MarketQuote.objects.count() == 2


def test_token_secret_is_shown_once_and_only_its_digest_is_kept(client, editor):
    client.force_login(editor)
    response = client.post("/admin/wire/apitoken/add/", {"name": "markets-bot"})
    assert response.status_code == 200
    html = response.content.decode()
    secret = re.search(r'value="(flxw_[^"]+)"', html).group(1)
    assert "shown only once" in html
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(name="markets-bot")
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert token.created_by == editor
    change_page = client.get(f"/admin/wire/apitoken/{token.pk}/change/").content.decode()
    assert secret not in change_page
    assert token.prefix in change_page


def test_revoking_a_token_locks_its_script_out(client, editor, api_token):
    token, secret = api_token
    client.force_login(editor)
    response = client.post(
        "/admin/wire/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert "1 token(s) revoked." in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    api = client.post("/api/wire/items/", {"headline": "x"}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.status_code == 403
