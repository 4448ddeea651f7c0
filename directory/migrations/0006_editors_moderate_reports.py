"""Editors moderate readers' outcome reports (view, change, delete; reports are never added by hand)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMS = ["view_outcomereport", "change_outcomereport", "delete_outcomereport"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*Permission.objects.filter(content_type__app_label="directory", codename__in=EDITOR_PERMS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="directory", codename__in=EDITOR_PERMS))


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_outcome_reports")]

    operations = [migrations.RunPython(grant, revoke)]
