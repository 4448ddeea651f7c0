"""Tag triggers re-index only articles.

Tool and article tags share taggit's table. The statement triggers of 0004 refreshed every
object id in the changed rows, so tagging a tool rewrote the article that happened to share its
id (same vector, wasted work and a dead row). Now they keep the rows whose content type is the
article's, as the rename trigger already did.
"""

from django.db import migrations

ARTICLE_ITEMS = """
    SELECT object_id FROM {table}
    WHERE content_type_id = (SELECT id FROM django_content_type WHERE app_label = 'articles' AND model = 'article')
"""


FUNCTION = """
CREATE OR REPLACE FUNCTION articles_tagged_items_{event}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM articles_refresh_search_vectors(ARRAY({rows}));
    RETURN NULL;
END
$$;
"""


def _functions(inserted, deleted, updated):
    """The three statement-trigger functions, each refreshing the article ids its query selects."""
    events = {"inserted": inserted, "deleted": deleted, "updated": updated}
    return "".join(FUNCTION.format(event=event, rows=rows) for event, rows in events.items())


FORWARD = _functions(
    ARTICLE_ITEMS.format(table="new_items"),
    ARTICLE_ITEMS.format(table="old_items"),
    ARTICLE_ITEMS.format(table="old_items") + " UNION " + ARTICLE_ITEMS.format(table="new_items"),
)
# 0004's versions.
BACKWARD = _functions(
    "SELECT DISTINCT object_id FROM new_items",
    "SELECT DISTINCT object_id FROM old_items",
    "SELECT object_id FROM old_items UNION SELECT object_id FROM new_items",
)


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_listing_indexes_end_in_id")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
