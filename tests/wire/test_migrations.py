"""The wire's move out of the articles app: a database holding the demo content migrates back and forth intact."""

from importlib import import_module
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_THE_MOVE = [("articles", "0010_image_checks_on_upload_only")]  # wire.0001 depends on the next one
TABLES = ["articles_wireitem", "articles_marketquote", "articles_apitoken"]


def database_facts():
    """Row counts of the wire's tables and links, and who owns the content types the Editors' grants hang on."""
    with connection.cursor() as cursor:
        counts = {}
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - table names are constants
            counts[table] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM articles_wireitem WHERE article_id IS NOT NULL")
        counts["dispatches linking an article"] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT ct.app_label, count(*) FROM auth_group_permissions gp"
            " JOIN auth_group g ON g.id = gp.group_id JOIN auth_permission p ON p.id = gp.permission_id"
            " JOIN django_content_type ct ON ct.id = p.content_type_id"
            " WHERE g.name = 'Editors' AND ct.model IN ('wireitem', 'marketquote', 'apitoken') GROUP BY ct.app_label"
        )
        grants = dict(cursor.fetchall())
    return counts, grants


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor.loader.project_state(targets).apps


def editors_hold_the_wire_grants():
    """What articles' 0005 migration granted, made sure of: a live-server test that ran earlier on this
    database flushed it (a flush keeps content types and permissions, not the migrations' group grants)."""
    from django.contrib.auth.models import Group, Permission

    codenames = [name.split(".", 1)[1] for name in import_module("articles.migrations.0005_wire").EDITOR_WIRE_PERMS]
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*Permission.objects.filter(content_type__app_label="wire", codename__in=codenames))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_demo_content_survives_the_move_and_its_reversal():
    editors_hold_the_wire_grants()
    call_command("seed_demo", stdout=StringIO())
    counts, grants = database_facts()
    assert all(counts.values()), counts
    assert grants == {"wire": 11}

    old_apps = migrate(BEFORE_THE_MOVE)
    assert database_facts() == (counts, {"articles": 11})
    assert old_apps.get_model("articles", "WireItem").objects.count() == counts["articles_wireitem"]
    assert old_apps.get_model("articles", "MarketQuote").objects.count() == counts["articles_marketquote"]

    executor = MigrationExecutor(connection)
    new_apps = migrate(executor.loader.graph.leaf_nodes())
    assert database_facts() == (counts, grants)
    assert new_apps.get_model("wire", "ApiToken").objects.count() == counts["articles_apitoken"]
