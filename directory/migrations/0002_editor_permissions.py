"""Give the Editors group the directory's permissions; Writers get none."""

from django.db import migrations

from fluxsite.permissions import grant_permissions

MODELS = ["category", "tool", "workflow"]
EDITOR_PERMS = [f"directory.{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
EDITOR_PERMS += ["directory.view_dailyclickcount"]


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_tools_workflows_clicks"),
        ("articles", "0002_editorial_groups"),
    ]

    operations = [grant_permissions({"Editors": EDITOR_PERMS})]
