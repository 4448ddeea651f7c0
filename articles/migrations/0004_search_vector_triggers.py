"""Let PostgreSQL keep each article's search vector current, whatever writes the rows.

The vector is derived from the headline (weight A), dek and tag names (B) and body (C). Python
code wrote it after save() and after tag changes, but bulk inserts, raw saves (fixtures, revision
reverts), tag renames and taggit's tag-merge admin all bypass that. Triggers don't:

- a row trigger on articles_article recomputes the vector when headline, dek or body is written;
- statement triggers on taggit_taggeditem and taggit_tag recompute it, once per statement, for
  the articles whose tags changed.

`articles_search_document()` is the one definition of the weighting; the ORM's
`ArticleQuerySet.update_search_vectors()` calls it too.
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION articles_search_document(p_id bigint, p_headline text, p_dek text, p_body text)
RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('english', coalesce(p_headline, '')), 'A')
        || setweight(to_tsvector('english', coalesce(p_dek, '')), 'B')
        || setweight(to_tsvector('english', coalesce((
               SELECT string_agg(tag.name, ' ' ORDER BY tag.name)
               FROM taggit_taggeditem item
               JOIN taggit_tag tag ON tag.id = item.tag_id
               JOIN django_content_type ct ON ct.id = item.content_type_id
               WHERE ct.app_label = 'articles' AND ct.model = 'article' AND item.object_id = p_id
           ), '')), 'B')
        || setweight(to_tsvector('english', coalesce(p_body, '')), 'C')
$$;

CREATE FUNCTION articles_article_fill_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := articles_search_document(NEW.id, NEW.headline, NEW.dek, NEW.body);
    RETURN NEW;
END
$$;

CREATE TRIGGER articles_article_search_vector
    BEFORE INSERT OR UPDATE OF headline, dek, body ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_fill_search_vector();

CREATE FUNCTION articles_refresh_search_vectors(article_ids bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE articles_article a
    SET search_vector = articles_search_document(a.id, a.headline, a.dek, a.body)
    WHERE a.id = ANY(article_ids)
$$;

CREATE FUNCTION articles_tagged_items_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM articles_refresh_search_vectors(ARRAY(SELECT DISTINCT object_id FROM new_items));
    RETURN NULL;
END
$$;

CREATE FUNCTION articles_tagged_items_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM articles_refresh_search_vectors(ARRAY(SELECT DISTINCT object_id FROM old_items));
    RETURN NULL;
END
$$;

CREATE FUNCTION articles_tagged_items_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM articles_refresh_search_vectors(ARRAY(
        SELECT object_id FROM old_items UNION SELECT object_id FROM new_items
    ));
    RETURN NULL;
END
$$;

CREATE FUNCTION articles_tags_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM articles_refresh_search_vectors(ARRAY(
        SELECT DISTINCT item.object_id
        FROM taggit_taggeditem item
        JOIN new_tags ON new_tags.id = item.tag_id
        JOIN django_content_type ct ON ct.id = item.content_type_id
        WHERE ct.app_label = 'articles' AND ct.model = 'article'
    ));
    RETURN NULL;
END
$$;

-- Object ids of other models' tagged items may also be refreshed here; an id that isn't an
-- article's matches no row, and one that is simply gets the vector it should have.
CREATE TRIGGER articles_tagged_items_insert AFTER INSERT ON taggit_taggeditem
    REFERENCING NEW TABLE AS new_items FOR EACH STATEMENT EXECUTE FUNCTION articles_tagged_items_inserted();
CREATE TRIGGER articles_tagged_items_delete AFTER DELETE ON taggit_taggeditem
    REFERENCING OLD TABLE AS old_items FOR EACH STATEMENT EXECUTE FUNCTION articles_tagged_items_deleted();
CREATE TRIGGER articles_tagged_items_update AFTER UPDATE ON taggit_taggeditem
    REFERENCING OLD TABLE AS old_items NEW TABLE AS new_items FOR EACH STATEMENT EXECUTE FUNCTION articles_tagged_items_updated();
CREATE TRIGGER articles_tags_rename AFTER UPDATE ON taggit_tag
    REFERENCING NEW TABLE AS new_tags FOR EACH STATEMENT EXECUTE FUNCTION articles_tags_renamed();

-- Bring existing rows up to date.
UPDATE articles_article SET search_vector = articles_search_document(id, headline, dek, body);
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS articles_tags_rename ON taggit_tag;
DROP TRIGGER IF EXISTS articles_tagged_items_update ON taggit_taggeditem;
DROP TRIGGER IF EXISTS articles_tagged_items_delete ON taggit_taggeditem;
DROP TRIGGER IF EXISTS articles_tagged_items_insert ON taggit_taggeditem;
DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article;
DROP FUNCTION IF EXISTS articles_tags_renamed();
DROP FUNCTION IF EXISTS articles_tagged_items_updated();
DROP FUNCTION IF EXISTS articles_tagged_items_deleted();
DROP FUNCTION IF EXISTS articles_tagged_items_inserted();
DROP FUNCTION IF EXISTS articles_refresh_search_vectors(bigint[]);
DROP FUNCTION IF EXISTS articles_article_fill_search_vector();
DROP FUNCTION IF EXISTS articles_search_document(bigint, text, text, text);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_author_avatar_size_and_help_texts"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
