"""The site policy comes from django-csp as configured, and per-view changes and settings changes still apply."""

import pytest
from csp.decorators import csp_update
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path


def _plain(request):
    return HttpResponse("plain")


@csp_update({"img-src": ["https://images.example"]})
def _updated(request):
    return HttpResponse("updated")


urlpatterns = [path("plain/", _plain), path("updated/", _updated)]

pytestmark = [pytest.mark.urls(__name__)]


def test_site_policy_matches_django_csp(client):
    assert client.get("/plain/")["Content-Security-Policy"] == build_policy()


def test_per_view_updates_still_apply(client):
    assert "https://images.example" in client.get("/updated/")["Content-Security-Policy"]
    assert "https://images.example" not in client.get("/plain/")["Content-Security-Policy"]


def test_policy_follows_settings_changes(client):
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'none'"]}}):
        assert client.get("/plain/")["Content-Security-Policy"] == "default-src 'none'"
    assert "script-src 'self'" in client.get("/plain/")["Content-Security-Policy"]
