"""Editors moderate readers' outcome reports (view, change, delete; reports are never added by hand)."""

from django.db import migrations

from fluxsite.permissions import grant_permissions

EDITOR_PERMS = ["directory.view_outcomereport", "directory.change_outcomereport", "directory.delete_outcomereport"]


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_outcome_reports")]

    operations = [grant_permissions({"Editors": EDITOR_PERMS})]
