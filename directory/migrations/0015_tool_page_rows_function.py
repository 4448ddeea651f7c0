"""What the tool page shows besides the tool's own row, from one PL/pgSQL function.

`directory_tool_page_rows()` returns one JSON object: the tool's categories ({id, name, slug} in
display order) and tags ({id, name, slug} by name), the newest published articles that mention it
({id, headline, slug, published_at, section}), its published workflows by the creator's earnings
({id, title, slug, monthly_earnings, earnings_currency}), its latest history entries, and its
alternatives ({id, updated_at, slug}): published tools sharing a category, most shared tags first,
then most shared categories, then score, name and id (docs/directory.md, "How tools are ranked").

As statements of their own or correlated subqueries of the page's query, these were planned on
every request, and planning cost PostgreSQL more than running them; PL/pgSQL keeps each statement's
plan for the connection's life (docs/performance.md, "The tool page"), provided it settles on its
generic plan, which the function's SET clause makes sure of. The index lets the ranking read the
status, score and name of every candidate without visiting the tool rows.
"""

from django.db import migrations, models

FORWARD = r"""
CREATE FUNCTION directory_tool_page_rows(
    p_tool bigint,
    p_published text,       -- the 'published' status of tools, workflows and articles (one value)
    p_now timestamptz,      -- the caller's clock, as Article.objects.published() uses
    p_mentions integer,     -- how many articles
    p_workflows integer,    -- how many workflows
    p_history integer,      -- how many history entries
    p_alternatives integer  -- how many alternatives
) RETURNS jsonb LANGUAGE plpgsql STABLE
-- Left to choose, PostgreSQL kept planning each call afresh for its parameter values: one generic plan
-- is cheaper (docs/performance.md, "The tool page").
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    tool_type integer := (
        SELECT type.id FROM django_content_type type WHERE type.app_label = 'directory' AND type.model = 'tool'
    );
BEGIN
    RETURN jsonb_build_object(
        'categories', ARRAY(
            SELECT jsonb_build_object('id', category.id, 'name', category.name, 'slug', category.slug)
            FROM directory_tool_categories link JOIN directory_category category ON category.id = link.category_id
            WHERE link.tool_id = p_tool
            ORDER BY category."order", category.name
        ),
        'tags', ARRAY(
            SELECT jsonb_build_object('id', tag.id, 'name', tag.name, 'slug', tag.slug)
            FROM taggit_taggeditem item JOIN taggit_tag tag ON tag.id = item.tag_id
            WHERE item.content_type_id = tool_type AND item.object_id = p_tool
            ORDER BY tag.name, tag.id
        ),
        'mentions', ARRAY(
            SELECT jsonb_build_object(
                'id', article.id, 'headline', article.headline, 'slug', article.slug,
                'published_at', article.published_at, 'section', section.name
            )
            FROM directory_tool_mentioned_in mention
            JOIN articles_article article ON article.id = mention.article_id
            JOIN articles_section section ON section.id = article.section_id
            WHERE mention.tool_id = p_tool AND article.status = p_published AND article.published_at <= p_now
            ORDER BY article.published_at DESC, article.id DESC LIMIT p_mentions
        ),
        'workflows', ARRAY(
            SELECT jsonb_build_object(
                'id', workflow.id, 'title', workflow.title, 'slug', workflow.slug,
                'monthly_earnings', workflow.monthly_earnings::text, 'earnings_currency', workflow.earnings_currency
            )
            FROM directory_workflow_tools link JOIN directory_workflow workflow ON workflow.id = link.workflow_id
            WHERE link.tool_id = p_tool AND workflow.status = p_published
            ORDER BY workflow.earnings_usd DESC, workflow.title, workflow.id LIMIT p_workflows
        ),
        'history', ARRAY(
            SELECT jsonb_build_object(
                'id', change.id, 'field', change.field, 'old_value', change.old_value,
                'new_value', change.new_value, 'note', change.note, 'changed_at', change.changed_at
            )
            FROM directory_toolchange change
            WHERE change.tool_id = p_tool
            ORDER BY change.changed_at DESC, change.id DESC LIMIT p_history
        ),
        'alternatives', ARRAY(
            SELECT jsonb_build_object('id', tool.id, 'updated_at', tool.updated_at, 'slug', tool.slug)
            FROM (
                SELECT candidate.id, coalesce(tags.shared, 0) AS shared_tags, categories.shared AS shared_categories,
                       candidate.score, candidate.name
                FROM (
                    SELECT theirs.tool_id, count(*) AS shared
                    FROM directory_tool_categories mine
                    JOIN directory_tool_categories theirs ON theirs.category_id = mine.category_id
                    WHERE mine.tool_id = p_tool AND theirs.tool_id <> p_tool
                    GROUP BY theirs.tool_id
                ) categories
                JOIN directory_tool candidate ON candidate.id = categories.tool_id
                LEFT JOIN (
                    SELECT theirs.object_id, count(*) AS shared
                    FROM taggit_taggeditem mine
                    JOIN taggit_taggeditem theirs
                        ON theirs.tag_id = mine.tag_id AND theirs.content_type_id = mine.content_type_id
                    WHERE mine.content_type_id = tool_type AND mine.object_id = p_tool
                    GROUP BY theirs.object_id
                ) tags ON tags.object_id = candidate.id
                WHERE candidate.status = p_published
                ORDER BY shared_tags DESC, shared_categories DESC, candidate.score DESC, candidate.name, candidate.id
                LIMIT p_alternatives
            ) top
            JOIN directory_tool tool ON tool.id = top.id
            ORDER BY top.shared_tags DESC, top.shared_categories DESC, top.score DESC, top.name, top.id
        )
    );
END
$$;
"""

BACKWARD = "DROP FUNCTION directory_tool_page_rows(bigint, text, timestamptz, integer, integer, integer, integer);"


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0014_shared_rate_limits"),
        ("articles", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="tool",
            index=models.Index(fields=["id"], include=["status", "score", "name"], name="tool_alternatives_idx"),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
