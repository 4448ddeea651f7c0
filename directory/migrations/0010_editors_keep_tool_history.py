"""Editors may read, reword and delete tool history entries (entries are written by tool saves)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMS = ["view_toolchange", "change_toolchange", "delete_toolchange"]


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
    dependencies = [("directory", "0009_tool_history")]

    operations = [migrations.RunPython(grant, revoke)]
