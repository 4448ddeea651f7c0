"""Let PostgreSQL keep tools' and workflows' search vectors current, as it does for articles (articles 0004).

One mechanism for every searchable row: a save(), a bulk insert, a queryset update, a revision
revert, a tag added, removed or renamed all rewrite the vector, because the database does it.
Before, Python refreshed it after save() and after tag changes, and every other writer had to
remember to (the CSV importer, the demo, the admin's save_related).

- Tools: name (A); tagline, maker and tag names (B); description (C). `directory_tool_search_document()`
  is the one definition; a row trigger calls it when those columns are written, and statement
  triggers on taggit's tables call it for the tools whose tags changed. `tag_names`, the copy of
  the tags Python kept for the ORM's SearchVector, goes.
- Workflows: title (A), summary (B), steps (C), from a row trigger.
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION directory_tool_search_document(p_id bigint, p_name text, p_tagline text, p_maker text, p_description text)
RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('english', coalesce(p_name, '')), 'A')
        || setweight(to_tsvector('english', coalesce(p_tagline, '') || ' ' || coalesce(p_maker, '') || ' ' || coalesce((
               SELECT string_agg(tag.name, ' ' ORDER BY tag.name)
               FROM taggit_taggeditem item
               JOIN taggit_tag tag ON tag.id = item.tag_id
               JOIN django_content_type ct ON ct.id = item.content_type_id
               WHERE ct.app_label = 'directory' AND ct.model = 'tool' AND item.object_id = p_id
           ), '')), 'B')
        || setweight(to_tsvector('english', coalesce(p_description, '')), 'C')
$$;

CREATE FUNCTION directory_tool_fill_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := directory_tool_search_document(NEW.id, NEW.name, NEW.tagline, NEW.maker, NEW.description);
    RETURN NEW;
END
$$;

CREATE TRIGGER directory_tool_search_vector
    BEFORE INSERT OR UPDATE OF name, tagline, maker, description ON directory_tool
    FOR EACH ROW EXECUTE FUNCTION directory_tool_fill_search_vector();

CREATE FUNCTION directory_refresh_tool_search_vectors(tool_ids bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE directory_tool t
    SET search_vector = directory_tool_search_document(t.id, t.name, t.tagline, t.maker, t.description)
    WHERE t.id = ANY(tool_ids)
$$;

CREATE FUNCTION directory_tagged_items_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM directory_refresh_tool_search_vectors(ARRAY(
        SELECT object_id FROM new_items WHERE content_type_id = (SELECT id FROM django_content_type WHERE app_label = 'directory' AND model = 'tool')
    ));
    RETURN NULL;
END
$$;

CREATE FUNCTION directory_tagged_items_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM directory_refresh_tool_search_vectors(ARRAY(
        SELECT object_id FROM old_items WHERE content_type_id = (SELECT id FROM django_content_type WHERE app_label = 'directory' AND model = 'tool')
    ));
    RETURN NULL;
END
$$;

CREATE FUNCTION directory_tagged_items_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM directory_refresh_tool_search_vectors(ARRAY(
        SELECT object_id FROM old_items WHERE content_type_id = (SELECT id FROM django_content_type WHERE app_label = 'directory' AND model = 'tool')
        UNION SELECT object_id FROM new_items WHERE content_type_id = (SELECT id FROM django_content_type WHERE app_label = 'directory' AND model = 'tool')
    ));
    RETURN NULL;
END
$$;

CREATE FUNCTION directory_tags_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM directory_refresh_tool_search_vectors(ARRAY(
        SELECT DISTINCT item.object_id
        FROM taggit_taggeditem item
        JOIN new_tags ON new_tags.id = item.tag_id
        JOIN django_content_type ct ON ct.id = item.content_type_id
        WHERE ct.app_label = 'directory' AND ct.model = 'tool'
    ));
    RETURN NULL;
END
$$;

CREATE TRIGGER directory_tagged_items_insert AFTER INSERT ON taggit_taggeditem
    REFERENCING NEW TABLE AS new_items FOR EACH STATEMENT EXECUTE FUNCTION directory_tagged_items_inserted();
CREATE TRIGGER directory_tagged_items_delete AFTER DELETE ON taggit_taggeditem
    REFERENCING OLD TABLE AS old_items FOR EACH STATEMENT EXECUTE FUNCTION directory_tagged_items_deleted();
CREATE TRIGGER directory_tagged_items_update AFTER UPDATE ON taggit_taggeditem
    REFERENCING OLD TABLE AS old_items NEW TABLE AS new_items FOR EACH STATEMENT EXECUTE FUNCTION directory_tagged_items_updated();
CREATE TRIGGER directory_tags_rename AFTER UPDATE ON taggit_tag
    REFERENCING NEW TABLE AS new_tags FOR EACH STATEMENT EXECUTE FUNCTION directory_tags_renamed();

CREATE FUNCTION directory_workflow_fill_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B')
        || setweight(to_tsvector('english', coalesce(NEW.steps, '')), 'C');
    RETURN NEW;
END
$$;

CREATE TRIGGER directory_workflow_search_vector
    BEFORE INSERT OR UPDATE OF title, summary, steps ON directory_workflow
    FOR EACH ROW EXECUTE FUNCTION directory_workflow_fill_search_vector();

-- Bring existing rows up to date (the row triggers fire on these column writes).
UPDATE directory_tool SET name = name;
UPDATE directory_workflow SET title = title;
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS directory_workflow_search_vector ON directory_workflow;
DROP TRIGGER IF EXISTS directory_tags_rename ON taggit_tag;
DROP TRIGGER IF EXISTS directory_tagged_items_update ON taggit_taggeditem;
DROP TRIGGER IF EXISTS directory_tagged_items_delete ON taggit_taggeditem;
DROP TRIGGER IF EXISTS directory_tagged_items_insert ON taggit_taggeditem;
DROP TRIGGER IF EXISTS directory_tool_search_vector ON directory_tool;
DROP FUNCTION IF EXISTS directory_workflow_fill_search_vector();
DROP FUNCTION IF EXISTS directory_tags_renamed();
DROP FUNCTION IF EXISTS directory_tagged_items_updated();
DROP FUNCTION IF EXISTS directory_tagged_items_deleted();
DROP FUNCTION IF EXISTS directory_tagged_items_inserted();
DROP FUNCTION IF EXISTS directory_refresh_tool_search_vectors(bigint[]);
DROP FUNCTION IF EXISTS directory_tool_fill_search_vector();
-- The Python code of before reads the tags from tag_names: fill it again.
UPDATE directory_tool t SET tag_names = coalesce((
    SELECT string_agg(tag.name, ' ' ORDER BY tag.name)
    FROM taggit_taggeditem item
    JOIN taggit_tag tag ON tag.id = item.tag_id
    JOIN django_content_type ct ON ct.id = item.content_type_id
    WHERE ct.app_label = 'directory' AND ct.model = 'tool' AND item.object_id = t.id
), '');
DROP FUNCTION IF EXISTS directory_tool_search_document(bigint, text, text, text, text);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0006_editors_moderate_reports"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.RemoveField(model_name="tool", name="tag_names"),
    ]
