"""Editors manage site pages; the six pages every site needs start from pages/defaults.py."""

from django.db import migrations

from fluxsite.markdown import render_markdown
from fluxsite.permissions import grant_permissions
from pages.defaults import PAGES

EDITOR_PERMS = [f"pages.{action}_sitepage" for action in ("add", "change", "delete", "view")]


def create_pages(apps, schema_editor):
    SitePage = apps.get_model("pages", "SitePage")
    for page in PAGES:
        SitePage.objects.get_or_create(slug=page["slug"], defaults={**page, "body_html": render_markdown(page["body"])})


def delete_pages(apps, schema_editor):
    apps.get_model("pages", "SitePage").objects.filter(slug__in=[page["slug"] for page in PAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_site_page"),
        ("articles", "0002_editorial_groups"),
    ]

    operations = [
        grant_permissions({"Editors": EDITOR_PERMS}),
        migrations.RunPython(create_pages, delete_pages),
    ]
