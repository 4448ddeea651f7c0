"""Flux site → Team: an Editor adds people as Writers or Editors, and can do nothing more."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from fluxsite.models import TeamMember

ADD = "/admin/fluxsite/teammember/add/"


def change_url(user):
    return f"/admin/fluxsite/teammember/{user.pk}/change/"


@pytest.fixture
def desk(editor):
    client = Client()
    client.force_login(editor)
    return client


def _add(client, **fields):
    data = {"username": "newwriter", "first_name": "Nia", "last_name": "Okafor", "email": "nia@flux.example",
            "role": TeamMember.WRITER, "password1": "a-long-pass-phrase-42", "password2": "a-long-pass-phrase-42",
            "_save": "Save"}
    return client.post(ADD, {**data, **fields})


def test_an_editor_adds_a_writer_who_can_then_sign_in(desk):
    response = _add(desk)
    assert response.status_code == 302, response.content.decode()[:2000]
    member = get_user_model().objects.get(username="newwriter")
    assert member.is_staff and not member.is_superuser
    assert list(member.groups.values_list("name", flat=True)) == ["Writers"]
    assert Client().login(username="newwriter", password="a-long-pass-phrase-42")
    assert desk.get("/admin/fluxsite/teammember/").status_code == 200


def test_forged_fields_never_make_a_superuser_or_grant_permissions(desk):
    response = _add(desk, is_superuser="on", user_permissions="1", groups=str(Group.objects.get(name="Editors").pk))
    assert response.status_code == 302
    member = get_user_model().objects.get(username="newwriter")
    assert not member.is_superuser
    assert not member.user_permissions.exists()
    assert list(member.groups.values_list("name", flat=True)) == ["Writers"]


def test_an_editor_changes_a_role_but_not_their_own(desk, editor, writer):
    form = {"username": writer.username, "first_name": "", "last_name": "", "email": "", "is_active": "on",
            "role": TeamMember.EDITOR, "_save": "Save"}
    assert desk.post(change_url(writer), form).status_code == 302
    assert list(writer.groups.values_list("name", flat=True)) == ["Editors"]

    own = {**form, "username": editor.username, "role": TeamMember.WRITER}
    own.pop("is_active")  # trying to demote and deactivate themselves
    assert desk.post(change_url(editor), own).status_code == 302
    editor.refresh_from_db()
    assert editor.is_active
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]


def test_superusers_are_out_of_reach_and_nobody_is_deleted(desk, writer, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "boss@flux.example", "pw-for-tests-1")
    listing = desk.get("/admin/fluxsite/teammember/").content.decode()
    assert "boss" not in listing and writer.username in listing
    assert desk.get(change_url(boss)).status_code == 302  # "doesn't exist", back to the list
    assert desk.post(change_url(boss), {"username": "boss", "role": TeamMember.WRITER}).status_code == 302
    boss.refresh_from_db()
    assert boss.is_superuser and not boss.groups.exists()
    assert desk.get(f"/admin/fluxsite/teammember/{writer.pk}/delete/").status_code == 403


def test_writers_cannot_manage_the_team(writer):
    client = Client()
    client.force_login(writer)
    assert client.get("/admin/fluxsite/teammember/").status_code == 403
    assert client.get(ADD).status_code == 403

