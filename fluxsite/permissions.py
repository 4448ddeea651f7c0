"""Group permissions set by migrations: one reversible operation for every app's grants."""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q


def _permissions(apps, names):
    """The Permission rows named "app_label.codename"."""
    wanted = Q()
    for name in names:
        app_label, codename = name.split(".", 1)
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return list(apps.get_model("auth", "Permission").objects.filter(wanted))


def grant_permissions(grants):
    """A RunPython operation giving each group (created if missing) the permissions named "app_label.codename".

    Reversed, it takes them back and deletes a group it leaves with no permissions.
    """

    def grant(apps, schema_editor):
        # Permissions are normally created after migrations; make sure they exist now.
        for app_config in apps.get_app_configs():
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None
        Group = apps.get_model("auth", "Group")
        for name, perms in grants.items():
            found = _permissions(apps, perms)
            if len(found) != len(set(perms)):
                missing = set(perms) - {f"{p.content_type.app_label}.{p.codename}" for p in found}
                raise LookupError(f"No such permissions: {', '.join(sorted(missing))}")
            group, _ = Group.objects.get_or_create(name=name)
            group.permissions.add(*found)

    def revoke(apps, schema_editor):
        for group in apps.get_model("auth", "Group").objects.filter(name__in=grants):
            group.permissions.remove(*_permissions(apps, grants[group.name]))
            if not group.permissions.exists():
                group.delete()

    return migrations.RunPython(grant, revoke)
