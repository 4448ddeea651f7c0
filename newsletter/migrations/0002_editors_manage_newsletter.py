"""Give Editors the newsletter's permissions, sending included; Writers get none."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMS = [
    *[(action, model) for model in ("subscriber", "edition") for action in ("add", "change", "delete", "view")],
    ("view", "delivery"),
    ("send", "edition"),
]


def _codename(action, model):
    return f"{action}_{model}"


def grant(apps, schema_editor):
    # Permissions are normally created after migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *[
            Permission.objects.get(content_type__app_label="newsletter", codename=_codename(action, model))
            for action, model in EDITOR_PERMS
        ]
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="newsletter"))


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_subscribers_editions_deliveries"),
        ("articles", "0002_editorial_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
