"""Editors review readers' tool suggestions (view, change, delete; suggestions come from the public form)."""

from django.db import migrations

from fluxsite.permissions import grant_permissions

EDITOR_PERMS = ['directory.view_toolsubmission', 'directory.change_toolsubmission', 'directory.delete_toolsubmission']


class Migration(migrations.Migration):
    dependencies = [("directory", "0012_tool_submissions")]

    operations = [grant_permissions({"Editors": EDITOR_PERMS})]
