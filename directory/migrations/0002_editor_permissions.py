"""Give the Editors group the directory's permissions; Writers get none."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["category", "tool", "workflow"]
EDITOR_PERMS = [(f"{action}_{model}") for model in MODELS for action in ("add", "change", "delete", "view")]
EDITOR_PERMS += ["view_dailyclickcount"]


def grant(apps, schema_editor):
    # Permissions are normally created after migrations; make sure they exist now.
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
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="directory"))


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_tools_workflows_clicks"),
        ("articles", "0002_editorial_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
