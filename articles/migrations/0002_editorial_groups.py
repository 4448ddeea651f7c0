"""Create the Editors and Writers groups with the magazine's permissions."""

from django.db import migrations

from fluxsite.permissions import grant_permissions

WRITER_PERMS = [
    "articles.add_article", "articles.change_article", "articles.view_article",
    "articles.view_section", "articles.view_author", "articles.view_articleauthor",
    "articles.add_articleauthor", "articles.change_articleauthor", "articles.delete_articleauthor",
    "taggit.add_tag", "taggit.view_tag",
]
EDITOR_EXTRA_PERMS = [
    "articles.publish_article", "articles.delete_article",
    "articles.add_section", "articles.change_section", "articles.delete_section",
    "articles.add_author", "articles.change_author", "articles.delete_author",
    "taggit.change_tag", "taggit.delete_tag",
]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [grant_permissions({"Writers": WRITER_PERMS, "Editors": WRITER_PERMS + EDITOR_EXTRA_PERMS})]
