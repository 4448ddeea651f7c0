"""Flux site → Team: a proxy of User; Editors may view, add and change team members (never delete)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

import fluxsite.models

EDITOR_PERMS = ["view_teammember", "add_teammember", "change_teammember"]


def grant(apps, schema_editor):
    # Permissions are normally created after migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*Permission.objects.filter(content_type__app_label="fluxsite", codename__in=EDITOR_PERMS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="fluxsite", codename__in=EDITOR_PERMS))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("fluxsite", "0001_content_generation"),
        ("articles", "0002_editorial_groups"),
    ]

    operations = [
        migrations.CreateModel(
            name="TeamMember",
            fields=[],
            options={"verbose_name": "team member", "proxy": True, "indexes": [], "constraints": []},
            bases=("auth.user",),
            managers=[("objects", fluxsite.models.TeamMemberManager())],
        ),
        migrations.RunPython(grant, revoke),
    ]
