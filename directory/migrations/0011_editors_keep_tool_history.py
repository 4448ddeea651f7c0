"""Editors may read, reword and delete tool history entries (entries are written by tool saves)."""

from django.db import migrations

from fluxsite.permissions import grant_permissions

EDITOR_PERMS = ['directory.view_toolchange', 'directory.change_toolchange', 'directory.delete_toolchange']


class Migration(migrations.Migration):
    dependencies = [("directory", "0010_tool_history")]

    operations = [grant_permissions({"Editors": EDITOR_PERMS})]
