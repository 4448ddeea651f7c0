"""docs/privacy.md, held to the code: readership numbers store no address, user agent, cookie or session."""

import pytest
from django.apps import apps
from django.db import connection

from fluxsite import tally

pytestmark = pytest.mark.django_db

# Every table a reader's visit adds to, and the fields docs/privacy.md says each holds.
COUNT_MODELS = {
    "readership.DailyPageView": {"id", "day", "path", "route", "slug", "views"},
    "readership.DailyReferrer": {"id", "day", "domain", "views"},
    "readership.DailySignup": {"id", "day", "path", "signups"},
    "directory.DailyClickCount": {"id", "day", "tool", "clicks"},
}
ADDRESS = "203.0.113.77"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) PrivacyProbe/9.9 Chrome/156.0 Safari/537.36"
COOKIE_VALUE = "probe-session-4f2a9c"
HEADERS = {
    "HTTP_USER_AGENT": USER_AGENT,
    "HTTP_X_FORWARDED_FOR": ADDRESS,
    "REMOTE_ADDR": ADDRESS,
    "HTTP_COOKIE": f"sessionid={COOKIE_VALUE}; csrftoken={COOKIE_VALUE}; tracker={COOKIE_VALUE}",
}


def test_every_readership_model_is_listed_and_holds_only_the_documented_fields():
    readership = {model._meta.label for model in apps.get_app_config("readership").get_models()}
    assert readership <= set(COUNT_MODELS), "a new readership table must be added here and to docs/privacy.md"
    for label, fields in COUNT_MODELS.items():
        assert {field.name for field in apps.get_model(label)._meta.get_fields()} == fields, label


def test_fields_say_nothing_about_the_reader():
    suspicious = ("ip", "addr", "agent", "cookie", "session", "user", "visitor", "fingerprint", "email", "subscriber")
    for label in COUNT_MODELS:
        for field in apps.get_model(label)._meta.get_fields():
            assert not any(word in field.name.lower() for word in suspicious), f"{label}.{field.name}"
            assert not (field.is_relation and field.related_model._meta.label in {"auth.User", "newsletter.Subscriber"})


def test_no_stored_row_holds_the_readers_address_agent_or_cookie(client, make_article):
    from directory.models import Tool

    article = make_article()
    tool = Tool.objects.create(name="Probe tool", slug="probe-tool", tagline="For the test.", status="published",
                               website_url="https://probe.example/")
    client.post("/count/", {"p": article.get_absolute_url(), "r": "news.example.org"}, **HEADERS)
    client.get(f"/go/{tool.slug}/", **HEADERS)
    client.post("/newsletter/", {"email": "probe@example.com", "source": article.get_absolute_url()}, **HEADERS)
    tally.flush_all()
    rows = 0
    with connection.cursor() as cursor:
        for label in COUNT_MODELS:
            cursor.execute(f"SELECT * FROM {apps.get_model(label)._meta.db_table}")  # noqa: S608 - our table names
            for row in cursor.fetchall():
                rows += 1
                text = " ".join(str(value) for value in row)
                for secret in (ADDRESS, USER_AGENT, "PrivacyProbe", COOKIE_VALUE, "probe@example.com"):
                    assert secret not in text, (label, row)
    assert rows == 4, "a page view, a referrer, a click and a sign-up were stored"


def test_the_beacon_sets_and_needs_no_cookie(client, make_article):
    path = make_article().get_absolute_url()
    response = client.post("/count/", {"p": path}, **HEADERS)
    assert response.status_code == 204
    assert not response.cookies
    assert "Set-Cookie" not in response
    assert "Vary" not in response or "Cookie" not in response["Vary"]
    assert client.post("/count/", {"p": path}).status_code == 204, "counted without any cookie"


def test_the_beacon_ignores_a_malformed_csrf_cookie_rather_than_replacing_it(client, make_article):
    client.cookies["csrftoken"] = "short"
    response = client.post("/count/", {"p": make_article().get_absolute_url()})
    assert response.status_code == 204 and not response.cookies
