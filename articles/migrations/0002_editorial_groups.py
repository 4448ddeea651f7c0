"""Create the Editors and Writers groups with the magazine's permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITER_PERMS = [
    ("articles", "add_article"), ("articles", "change_article"), ("articles", "view_article"),
    ("articles", "view_section"), ("articles", "view_author"), ("articles", "view_articleauthor"),
    ("articles", "add_articleauthor"), ("articles", "change_articleauthor"), ("articles", "delete_articleauthor"),
    ("taggit", "add_tag"), ("taggit", "view_tag"),
]
EDITOR_EXTRA_PERMS = [
    ("articles", "publish_article"), ("articles", "delete_article"),
    ("articles", "add_section"), ("articles", "change_section"), ("articles", "delete_section"),
    ("articles", "add_author"), ("articles", "change_author"), ("articles", "delete_author"),
    ("taggit", "change_tag"), ("taggit", "delete_tag"),
]


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, codename in pairs:
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    writers, _ = Group.objects.get_or_create(name="Writers")
    writers.permissions.add(*_permissions(apps, WRITER_PERMS))
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*_permissions(apps, WRITER_PERMS + EDITOR_EXTRA_PERMS))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Writers", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
