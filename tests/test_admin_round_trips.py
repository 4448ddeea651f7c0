"""Every admin form survives an editor's round trip.

For each model registered in the admin, and each demo object of it, an Editor and a Writer open
the change form, post it back as a browser would (file inputs empty, inlines and their management
forms included) and expect a redirect; then one plain text field per form is changed and must be
kept. Lists, add forms and history pages are opened too. A 500 anywhere is a failure.
"""

from dataclasses import dataclass, field

import lxml.html
import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

OBJECTS_PER_MODEL = 8  # demo objects opened per model and role (the first ones the admin lists)
EDITED = " (edited)"


def browser_form_data(html, form_id):
    """Return the (name, value) pairs a browser submits for the form with this id."""
    document = lxml.html.document_fromstring(html)
    (form,) = document.xpath(f'//form[@id="{form_id}"]')
    data = []
    for name, value in form.form_values():
        if value.startswith("\n") and form.xpath(f'.//textarea[@name="{name}"]'):
            value = value[1:]  # the HTML parser drops a textarea's first newline; lxml keeps it
        data.append((name, value))
    # A text input without a value attribute is submitted empty by a browser; lxml leaves it out.
    for element in form.xpath(".//input[@name and not(@value) and not(@disabled)]"):
        if element.get("type", "text") not in ("checkbox", "radio", "submit", "image", "reset", "file", "button"):
            data.append((element.get("name"), ""))
    return data


def as_post(pairs):
    """The test client's form of repeated fields: each name once, with a list of its values."""
    data = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def registered_models():
    return [model for model in apps.get_models() if admin.site.is_registered(model)]


def editable_text_field(form, model):
    """Name of a plain text field that the form shows and any text is valid for, or None."""
    for name, form_field in form.fields.items():
        if type(form_field) is not forms.CharField or form_field.disabled:
            continue
        if not isinstance(form_field.widget, forms.TextInput | forms.Textarea):
            continue
        model_field = next((f for f in model._meta.get_fields() if f.name == name), None)  # None: a form-only field
        plain = type(model_field) in (models.CharField, models.TextField)
        if plain and not model_field.unique and not model_field.choices and not model_field.validators[1:]:
            return name
    return None


@dataclass
class Trip:
    """What one role managed to do, and what went wrong."""

    saved: set = field(default_factory=set)
    changed: set = field(default_factory=set)
    read_only: set = field(default_factory=set)
    failures: list = field(default_factory=list)

    def fail(self, what, response=None):
        if response is not None:
            document = lxml.html.document_fromstring(response.content or b"<p></p>")
            errors = [" ".join(e.text_content().split()) for e in document.xpath('//*[contains(@class, "errornote") or contains(@class, "errorlist")]')]
            what += f" -> {response.status_code} {errors[:6]}"
        self.failures.append(what)


def round_trip(client, user, model, obj, trip, *, change_a_field):
    label = f"{model._meta.label} {obj.pk} ({obj})"
    url = admin_url(model, "change", obj.pk)
    response = client.get(url)
    if response.status_code != 200:
        return trip.fail(f"GET {label}", response)
    model_admin = admin.site.get_model_admin(model)
    form_id = f"{model._meta.model_name}_form"
    data = browser_form_data(response.content.decode(), form_id)
    if b'name="_save"' not in response.content:
        # A read-only view: only right when the admin says this user may not change this object.
        if model_admin.has_change_permission(response.wsgi_request, obj):
            trip.fail(f"{label}: no Save button though the user may change it")
        trip.read_only.add(model._meta.label)
        return
    response = client.post(url, as_post([*data, ("_save", "Save")]))
    if response.status_code != 302:
        return trip.fail(f"save unchanged {label}", response)
    trip.saved.add(model._meta.label)
    if not change_a_field:
        return
    # Reopened, as a browser would after saving: a form drawn before that save is out of date
    # (the article form refuses such a save, tests/articles/test_concurrency.py).
    response = client.get(url)
    data = browser_form_data(response.content.decode(), form_id)
    form = response.context["adminform"].form
    name = editable_text_field(form, model)
    if name is None:
        return
    obj.refresh_from_db()
    old = getattr(obj, name) or "Round trip"
    max_length = model._meta.get_field(name).max_length or 10_000
    new = (old[: max_length - len(EDITED)] + EDITED).strip()
    edited = [(key, new if key == name else value) for key, value in data]
    response = client.post(url, as_post([*edited, ("_save", "Save")]))
    if response.status_code != 302:
        return trip.fail(f"save {label} with {name} changed", response)
    obj.refresh_from_db()
    if getattr(obj, name) != new:
        return trip.fail(f"{label}: {name} was not kept: {getattr(obj, name)!r} != {new!r}")
    trip.changed.add(model._meta.label)


def admin_trip(user):
    client = Client()
    client.force_login(user)
    trip = Trip()
    for model in registered_models():
        label = model._meta.label
        model_admin = admin.site.get_model_admin(model)
        for view in ("changelist", "add"):
            response = client.get(admin_url(model, view))
            if response.status_code not in (200, 403):
                trip.fail(f"GET {label} {view}", response)
        response = client.get(admin_url(model, "changelist"))
        if response.status_code == 403:
            continue
        objects = list(model_admin.get_queryset(response.wsgi_request)[:OBJECTS_PER_MODEL])
        if not objects:
            trip.fail(f"{label}: no demo objects to open (seed_demo should create some)")
        for position, obj in enumerate(objects):
            if client.get(admin_url(model, "history", obj.pk)).status_code != 200:
                trip.fail(f"GET {label} {obj.pk} history")
            round_trip(client, user, model, obj, trip, change_a_field=position == 0)
    return trip


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=None)


# Models an admin user reaches only through their app's own screens, or never edits.
ADMIN_ONLY_FOR_SUPERUSERS = {"auth.User", "auth.Group"}


def test_every_admin_form_round_trips_for_an_editor(demo, editor):
    trip = admin_trip(editor)
    assert not trip.failures, "\n".join(trip.failures)
    # The newsroom's own models were all saved, unchanged and changed, not skipped.
    ours = {m._meta.label for m in registered_models() if m._meta.app_label in ("articles", "directory", "newsletter", "pages")}
    assert "pages.SitePage" in trip.saved and "pages.SitePage" in trip.changed
    assert "articles.Article" in trip.saved and "articles.Article" in trip.changed
    assert ours <= trip.saved | trip.read_only


def test_every_admin_form_round_trips_for_a_writer(demo, writer):
    trip = admin_trip(writer)
    assert not trip.failures, "\n".join(trip.failures)
    assert "articles.Article" in trip.saved and "articles.Article" in trip.changed
