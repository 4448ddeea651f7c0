"""The newsroom: sections, authors and articles."""

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models, router
from django.db.models import F, Min, Q
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from fluxsite.cache import lazy_cards
from fluxsite.images import ImageField, Renditions
from fluxsite.markdown import reading_minutes, render_markdown
from fluxsite.models import TimeStampedModel
from fluxsite.routes import reverse

PULL_QUOTE_HELP = (
    "Markdown. Subheads: start a line with “## ”. Pull quote: a paragraph whose lines start "
    "with “>> ”, e.g. “>> The cheapest token is the one you never send.” Raw HTML is cleaned."
)


# Edits within this time of publication (typo fixes, the publish click itself) don't earn an
# "Updated" line on the article page.
UPDATE_GRACE = timedelta(hours=1)

# How many related stories the article page shows.
RELATED_STORIES = 3

# The house byline ("Flux Desk"): used when an article is saved without an author.
HOUSE_AUTHOR_SLUG = "flux-desk"


class Section(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.CharField(max_length=300, blank=True, help_text="Shown under the section's heading.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first in navigation.")

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class Author(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    bio = models.TextField(blank=True)
    avatar = ImageField(
        upload_to="authors/",
        blank=True,
        width_field="avatar_width",
        height_field="avatar_height",
        help_text="A square photo or illustration, at least 400 px wide; shown on the author page.",
    )
    avatar_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    avatar_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="author"
    )

    avatar_image = Renditions("avatar", widths=(96, 192, 384))

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


# MATERIALIZED keeps the planner from folding the per-body documents back into every row.
SEARCH_VECTORS_UPDATE = """
WITH target (id) AS MATERIALIZED ({rows}),
bodies AS MATERIALIZED (
    SELECT body, articles_search_document(NULL, '', '', body) AS document
    FROM articles_article JOIN target USING (id) GROUP BY body
)
UPDATE articles_article a
SET search_vector = articles_search_document(a.id, a.headline, a.dek, '') || bodies.document
FROM target, bodies
WHERE a.id = target.id AND a.body = bodies.body
"""


class BylineNames(models.Func):
    """The authors' names in byline order: an ARRAY(SELECT …) correlated on the article's id.

    Written as SQL rather than ArraySubquery(…values(…)): the ORM spent longer compiling that than
    PostgreSQL spends running it (docs/performance.md, "Lean renders").
    """

    arity = 1
    template = (
        "ARRAY(SELECT author.name FROM articles_articleauthor credit"
        " JOIN articles_author author ON author.id = credit.author_id"
        ' WHERE credit.article_id = %(expressions)s ORDER BY credit."order", credit.id)'
    )
    output_field = ArrayField(models.CharField())


class PageRows(models.Func):
    """The byline, tags and related stories of each article, as one JSON object.

    {"byline": [{id, name, slug, bio}…], "tags": [{id, name, slug}…], "related": [{id, updated_at}…]},
    from the PL/pgSQL function `articles_page_rows` (migration 0009, which says why it is one).
    `now` is the caller's clock, as `published()` uses.
    """

    function = "articles_page_rows"
    output_field = models.JSONField()

    def __init__(self, *, now, related):
        super().__init__(
            F("pk"), F("section_id"), models.Value(Article.Status.PUBLISHED), models.Value(now), models.Value(related)
        )


class ArticleQuerySet(models.QuerySet):
    def live(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def published(self):
        """Articles the public may see: published, and due (a future date means scheduled)."""
        return self.live().filter(published_at__lte=timezone.now())

    def scheduled(self):
        return self.live().filter(published_at__gt=timezone.now())

    def awaiting_review(self):
        """Drafts a writer has submitted and no editor has yet published or sent back: the review queue."""
        return self.filter(status=Article.Status.DRAFT, submitted_at__isnull=False)

    def on_calendar(self, *, since, until):
        """Live articles (published or scheduled) due in [since, until), in time order, with their section."""
        return (
            self.live()
            .filter(published_at__gte=since, published_at__lt=until)
            .select_related("section")
            .only("headline", "status", "published_at", "is_featured", "section__name")
            .order_by("published_at", "id")
        )

    def next_due_at(self):
        """When the next scheduled article becomes public (None if nothing is scheduled)."""
        return self.scheduled().aggregate(when=Min("published_at"))["when"]

    def update_search_vectors(self):
        """Recompute the stored tsvector of these rows in one UPDATE (triggers normally keep it current).

        The weighting (headline A; dek and tag names B; body C) lives in the SQL function
        `articles_search_document`, created by migration 0004 with the triggers that call it.
        Parsing the body is most of its cost, and bulk-created stories share bodies, so each distinct
        body is parsed once: the body is the document's last part, which makes
        `document(id, headline, dek, '') || document(NULL, '', '', body)` the very same tsvector.
        """
        rows_sql, params = self.order_by().values("pk").distinct().query.sql_with_params()
        with connections[router.db_for_write(self.model)].cursor() as cursor:
            cursor.execute(SEARCH_VECTORS_UPDATE.format(rows=rows_sql), params)
            return cursor.rowcount

    def with_byline_names(self):
        """Annotate `byline_names`: the authors' names in byline order, read in the same query.

        What cards, feeds and the admin list show of a byline; no credit or author objects are built.
        """
        return self.annotate(byline_names=BylineNames("pk"))

    def for_detail(self):
        """Name what the article page shows: section, byline, tags and related stories, in one query.

        `page_rows` (see PageRows) holds the byline, tags and related stories; `byline_authors` and
        `tag_list` turn them into unsaved Author and Tag objects, and `related_stories` into card
        stand-ins whose stories are fetched only if a card must be drawn.
        """
        return (
            self.select_related("section")
            .defer("search_vector")
            .annotate(page_rows=PageRows(now=timezone.now(), related=RELATED_STORIES))
        )

    def for_listing(self):
        """Name what cards show: section and byline names (not the body or tags: cards never show them)."""
        return self.select_related("section").defer("body", "body_html", "search_vector").with_byline_names()

    def using_images(self, ids):
        """Articles whose body places any of these library images (``![…](image:ID…)``)."""
        ids = [int(pk) for pk in ids]
        if not ids:
            return self.none()
        # \M: the number ends there (image:42 is not image:420).
        return self.filter(body__regex=r"\(\s*image:(" + "|".join(map(str, ids)) + r")\M")

    def with_lastmod(self):
        """Annotate `lastmod`: the later of the last update and the (possibly scheduled) publication."""
        return self.annotate(lastmod=Greatest("updated_at", "published_at"))

    def published_tags(self):
        """Tags carried by at least one of these articles that readers can see."""
        return Tag.objects.filter(taggit_taggeditem_items__article__in=self.published()).distinct()

    def related(self, article, *, limit=RELATED_STORIES):
        """Published stories sharing most tags with `article`, then its section's newest, for cards.

        Card stand-ins (fluxsite.cache.lazy_cards): the ranking is one query, and the stories
        themselves are read only if a card isn't already drawn.
        """
        rows = self.filter(pk=article.pk).values_list(PageRows(now=timezone.now(), related=limit), flat=True)
        found = rows.first()
        return related_cards(found["related"] if found else [])


def related_cards(rows):
    """Card stand-ins for PageRows' related stories; the stories are fetched (in one query) only if drawn."""
    return lazy_cards(
        [(row["id"], datetime.fromisoformat(row["updated_at"])) for row in rows],
        lambda pks: Article.objects.for_listing().in_bulk(pks),
    )


class Article(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="The article’s address: /articles/this-slug/. Changing it after publication breaks links.")
    dek = models.CharField("dek", max_length=300, blank=True, help_text="The standfirst under the headline.")
    # No index of its own: article_section_pub_idx starts with section_id and serves lookups by it.
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles", db_index=False)
    kicker = models.CharField(
        max_length=60, blank=True, help_text="Small label beside the section, e.g. “open source”."
    )
    authors = models.ManyToManyField(Author, through="ArticleAuthor", related_name="articles")
    body = models.TextField(help_text=PULL_QUOTE_HELP)
    body_html = models.TextField(editable=False, default="")
    reading_time = models.PositiveSmallIntegerField(editable=False, default=1, help_text="Minutes, computed.")
    hero_image = ImageField(
        upload_to="heroes/%Y/%m/",
        blank=True,
        width_field="hero_width",
        height_field="hero_height",
        help_text="JPEG, PNG or WebP, at least 1200 px wide for sharp renditions; 8 MB at most.",
    )
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_alt = models.CharField(
        "hero alt text", max_length=250, blank=True, help_text="Describe the image for readers who can't see it."
    )
    hero_credit = models.CharField(max_length=150, blank=True)
    tags = TaggableManager(
        blank=True,
        help_text="Comma-separated, e.g. “open-weights, DeepSeek”. Shown as hashtags linking to tag pages; "
        "existing tags are suggested as you type.",
    )
    # The rows behind `tags`: lets queries join them, deletes them with the article, and lets
    # revision history (django-reversion) save and restore an article's tags.
    tagged_items = GenericRelation(TaggedItem, related_query_name="article")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="A future time schedules the article: it appears by itself when due.",
    )
    is_featured = models.BooleanField("featured", default=False, db_index=True)
    submitted_at = models.DateTimeField(
        "submitted for review",
        null=True,
        blank=True,
        editable=False,
        help_text="Set when a writer submits the draft; cleared when an editor publishes it or sends it back.",
    )
    seo_title = models.CharField("SEO title", max_length=70, blank=True, help_text="Overrides the headline in search results.")
    seo_description = models.CharField(
        "meta description", max_length=160, blank=True, help_text="Shown by search engines; defaults to the dek."
    )
    canonical_url = models.URLField(blank=True, help_text="Only for articles first published elsewhere.")
    # Filled by PostgreSQL triggers on every write of the text or the tags (migration 0004).
    search_vector = SearchVectorField(null=True, editable=False)

    hero = Renditions("hero_image")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        permissions = [("publish_article", "Can publish and unpublish articles")]
        indexes = [
            # Both end in the listing order (newest first, id breaking ties), so a page of a
            # listing is read off the index with no sort.
            models.Index(fields=["status", "-published_at", "-id"], name="article_status_pub_idx"),
            models.Index(fields=["section", "status", "-published_at", "-id"], name="article_section_pub_idx"),
            GinIndex(fields=["search_vector"], name="article_search_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        # Publishing without a time means "now"; filled here too so the form's constraint check passes.
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.headline)[:200]
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.body_html = render_markdown(self.body)
        self.reading_time = reading_minutes(self.body)
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        """Return whether readers can see the article now."""
        return self.status == self.Status.PUBLISHED and self.published_at is not None and self.published_at <= timezone.now()

    @property
    def is_scheduled(self):
        """Return whether the article is published but not yet due."""
        return self.status == self.Status.PUBLISHED and self.published_at is not None and self.published_at > timezone.now()

    @property
    def last_modified(self):
        return max(d for d in (self.updated_at, self.published_at) if d is not None)

    @property
    def was_updated(self):
        """Return whether the article changed noticeably after it was published."""
        return bool(self.published_at and self.updated_at and self.updated_at - self.published_at > UPDATE_GRACE)

    @cached_property
    def byline_authors(self):
        """Authors in byline order, from `for_detail()`'s rows when present."""
        rows = getattr(self, "page_rows", None)
        if rows is not None:
            return [Author(**row) for row in rows["byline"]]
        return [credit.author for credit in self.byline.select_related("author")]

    @cached_property
    def related_stories(self):
        """Related stories as card stand-ins, from `for_detail()`'s rows when present."""
        rows = getattr(self, "page_rows", None)
        if rows is not None:
            return related_cards(rows["related"])
        return Article.objects.related(self)

    @cached_property
    def tag_list(self):
        """Tags by name, from `for_detail()`'s rows when present."""
        rows = getattr(self, "page_rows", None)
        if rows is not None:
            return [Tag(**row) for row in rows["tags"]]
        return sorted(self.tags.all(), key=lambda tag: (tag.name, tag.pk))

    def update_search_vector(self):
        """Recompute this article's stored tsvector (a repair: triggers keep it current)."""
        Article.objects.filter(pk=self.pk).update_search_vectors()


class PublishingOverride(models.Model):
    """An editor published a story although the checks before publishing warned about it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="publishing_overrides")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    warnings = models.JSONField(help_text="The warnings' messages when it was published.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"{self.user} published “{self.article}” over {len(self.warnings)} warning(s)"

    def get_absolute_url(self):
        return reverse("admin:articles_article_change", args=[self.article_id])


class ReviewNote(models.Model):
    """One step of an article's review (submitted, sent back, approved) and the note left with it."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "submitted it for review"
        RETURNED = "returned", "sent it back"
        APPROVED = "approved", "approved and published it"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="review_notes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"{self.user} {self.get_kind_display()}: {self.text[:60]}"

    def get_absolute_url(self):
        return reverse("admin:articles_article_change", args=[self.article_id])


class Autosave(TimeStampedModel):
    """A writer's unsaved text of one article (or of a new one), kept while they type; not a revision.

    The form offers it back when it is newer than the article, e.g. after a closed tab or a crash;
    saving the article deletes it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="autosaves")
    headline = models.CharField(max_length=200, blank=True)
    dek = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)

    class Meta:
        ordering = ["-updated_at"]
        get_latest_by = "updated_at"
        constraints = [
            # One per person and article; one per person for a new, unsaved article (article NULL).
            models.UniqueConstraint(fields=["user", "article"], nulls_distinct=False, name="one_autosave_per_user_article"),
        ]

    def __str__(self):
        return f"{self.user}'s unsaved text of “{self.headline or 'a new article'}”"

    def get_absolute_url(self):
        if self.article_id:
            return reverse("admin:articles_article_change", args=[self.article_id])
        return reverse("admin:articles_article_add")


class ArticleAuthor(models.Model):
    """An author's place in an article's byline."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="byline")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="credits")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="unique_article_author")]

    def __str__(self):
        return f"{self.author} on {self.article}"


# --- The media library ------------------------------------------------------------------------
# Pictures placed in article bodies by reference: ![alt](image:42 "caption") (fluxsite/markdown.py).

IMAGE_REFERENCES = re.compile(r"\(\s*image:(\d{1,18})\b")  # the ids a Markdown text places
IMAGE_HELP = "JPEG, PNG, WebP or GIF; 8 MB at most. Renditions for every screen size are made when it is saved."


class ImageQuerySet(models.QuerySet):
    def search(self, term):
        """Images whose alt text, caption, credit or file name contain `term`."""
        term = term.strip()
        if not term:
            return self
        return self.filter(
            Q(alt_text__icontains=term) | Q(caption__icontains=term) | Q(credit__icontains=term) | Q(file__icontains=term)
        )


class Image(TimeStampedModel):
    """A picture in the media library, placed in article bodies as ``![alt](image:ID "caption")``."""

    file = ImageField(upload_to="images/%Y/%m/", width_field="width", height_field="height", help_text=IMAGE_HELP)
    alt_text = models.CharField(
        max_length=250, help_text="Describe the picture for readers who can't see it. An article may give its own."
    )
    caption = models.CharField(
        max_length=300, blank=True, help_text="Shown under the picture, unless the article gives its own."
    )
    credit = models.CharField(max_length=150, blank=True, help_text="Shown after the caption, e.g. “Photo: Ada Park for Flux”.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)

    renditions = Renditions("file")
    thumbnail = Renditions("file", widths=(240,))

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"

    def __str__(self):
        return self.alt_text

    def get_absolute_url(self):
        return reverse("admin:articles_image_change", args=[self.pk])

    @property
    def markdown(self):
        """The reference to paste into a body: ``![alt](image:ID "caption")``."""
        return image_reference(self.pk, alt=self.alt_text, caption=self.caption)


def image_reference(pk, *, alt, caption=""):
    """Markdown placing library image `pk`, with brackets and quotes that would end it early made harmless."""
    alt = " ".join(alt.split()).replace("\\", "").replace("[", "(").replace("]", ")")
    caption = " ".join(caption.split()).replace("\\", "").replace('"', "”")
    return f'![{alt}](image:{pk} "{caption}")' if caption else f"![{alt}](image:{pk})"
