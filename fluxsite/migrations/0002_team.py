"""Flux site → Team: a proxy of User; Editors may view, add and change team members (never delete)."""

from django.db import migrations

import fluxsite.models
from fluxsite.permissions import grant_permissions

EDITOR_PERMS = ["fluxsite.view_teammember", "fluxsite.add_teammember", "fluxsite.change_teammember"]


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
        grant_permissions({"Editors": EDITOR_PERMS}),
    ]
