"""Make a search result's snippet from the part of the body where the reader's words appear.

ts_headline parses the whole text it is given, so the snippets of a page of results cost time in
proportion to the length of the stories (about 0.5 ms per 3 KB story, 20 per page). The snippet
shows two short fragments, so `articles_search_snippet()` gives it a window of the body's HTML
that starts just before the first word that looks like a match, and falls back to the whole body
when that window turns out to hold no match (a false lead: "openai" for "open"). Whether the body
holds a match at all comes from the stored vector (the body is its weight-C part), so stories
found by their headline, dek or tags don't pay for the fallback.

Short bodies (up to the window) get exactly the headline they got before: the whole body.
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION articles_search_snippet(
    p_html text,        -- the body's HTML
    p_vector tsvector,  -- the article's stored search vector
    p_config regconfig,
    p_query tsquery,
    p_words text,       -- the reader's words, as typed
    p_options text,     -- ts_headline's options
    p_mark text,        -- its StartSel, to tell whether the spans held a match
    p_around integer,   -- characters of HTML kept on each side of a likely match
    p_budget integer    -- about how many characters of HTML to give ts_headline
) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    lexemes text[] := tsvector_to_array(to_tsvector(p_config, p_words));
    size integer := length(p_html);
    pattern text;
    pos integer := 1;
    at integer;
    starts integer[] := '{}';
    ends integer[] := '{}';  -- span i is [starts[i], ends[i])
    kept integer := 0;
    pieces text[] := '{}';
    piece text;
    snippet text;
BEGIN
    IF size <= p_budget THEN
        RETURN ts_headline(p_config, regexp_replace(p_html, '<[^>]+>', ' ', 'g'), p_query, p_options);
    END IF;
    IF NOT coalesce(tsvector_to_array(ts_filter(p_vector, '{c}')) && lexemes, false) THEN
        -- No word of the body matches: ts_headline would show the start of the body.
        piece := regexp_replace(left(p_html, p_budget), '<[^>]*$|\s\S*$', '');
        RETURN ts_headline(p_config, regexp_replace(piece, '<[^>]+>', ' ', 'g'), p_query, p_options);
    END IF;
    -- A lexeme is mostly the start of the words it stands for ("weight": weights, weighted), less
    -- a final e or i the word may not have ("make": making; "compani": company).
    SELECT '\m(' || string_agg(regexp_replace(regexp_replace(lexeme, '(..)[ei]$', '\1'), '([^[:alnum:]])', '\\\1', 'g'), '|') || ')'
        INTO pattern FROM unnest(lexemes) lexeme;
    -- Spans around the first likely matches, merged where they overlap, up to the budget.
    WHILE kept < p_budget LOOP
        at := regexp_instr(p_html, pattern, pos, 1, 0, 'i');
        EXIT WHEN at = 0;
        IF cardinality(ends) = 0 OR at - p_around > ends[cardinality(ends)] THEN
            starts := starts || greatest(at - p_around, 1);
            ends := ends || greatest(at - p_around, 1);
        END IF;
        kept := kept + least(at + p_around, size + 1) - ends[cardinality(ends)];
        ends[cardinality(ends)] := least(at + p_around, size + 1);
        pos := at + 1;
    END LOOP;
    FOR i IN 1..cardinality(starts) LOOP
        piece := substr(p_html, starts[i], ends[i] - starts[i]);
        IF starts[i] > 1 THEN
            piece := regexp_replace(piece, '^[^<>]*>|^\S*\s', '');  -- a cut tag or word
        END IF;
        IF ends[i] <= size THEN
            piece := regexp_replace(piece, '<[^>]*$|\s\S*$', '');
        END IF;
        pieces := pieces || piece;
    END LOOP;
    IF cardinality(pieces) > 0 THEN
        -- A fragment is shorter than a span, so it never runs from one span into the next.
        snippet := ts_headline(p_config, regexp_replace(array_to_string(pieces, ' … '), '<[^>]+>', ' ', 'g'), p_query, p_options);
        IF strpos(snippet, p_mark) > 0 THEN
            RETURN snippet;
        END IF;
    END IF;
    -- A false lead ("openai" for "open"), or a word whose lexeme isn't its start: the whole body.
    RETURN ts_headline(p_config, regexp_replace(p_html, '<[^>]+>', ' ', 'g'), p_query, p_options);
END
$$;
"""

BACKWARD = "DROP FUNCTION IF EXISTS articles_search_snippet(text, tsvector, regconfig, tsquery, text, text, text, integer, integer);"


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_tag_triggers_only_for_articles")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
