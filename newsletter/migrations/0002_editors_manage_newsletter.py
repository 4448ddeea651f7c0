"""Give Editors the newsletter's permissions, sending included; Writers get none."""

from django.db import migrations

from fluxsite.permissions import grant_permissions

EDITOR_PERMS = [
    *[f"newsletter.{action}_{model}" for model in ("subscriber", "edition") for action in ("add", "change", "delete", "view")],
    "newsletter.view_delivery",
    "newsletter.send_edition",
]


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_subscribers_editions_deliveries"),
        ("articles", "0002_editorial_groups"),
    ]

    operations = [grant_permissions({"Editors": EDITOR_PERMS})]
