"""The newsroom: sections, authors and articles."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import connections, models, router
from django.db.models import F, Min, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest, TruncDate
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

    Written as SQL rather than ArraySubquery(…values(…)): compiling that took the ORM ten times
    what PostgreSQL spends running it.
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


# --- The wire ---------------------------------------------------------------------------------
# Short dispatches and market figures for the header ticker, /wire/, /markets/ and /api/wire/.

WIRE_HEADLINE_MAX = 140
QUOTE_CLOCK_SKEW = timedelta(minutes=5)  # a feed's clock may run a little ahead of ours
API_TOKEN_PREFIX = "flxw_"  # noqa: S105 - a public marker that makes leaked tokens easy to grep for
QUOTE_SYMBOL_HELP = "Upper-case letters, digits and . - _ : / @, e.g. NVX or LLAMA-70B@NIMBUS."
validate_web_url = URLValidator(schemes=["http", "https"], message="Enter an http:// or https:// address.")
validate_symbol = RegexValidator(r"^[A-Z0-9][A-Z0-9.\-_:/@]{0,31}$", message=f"Not a valid symbol. {QUOTE_SYMBOL_HELP}")


def validate_not_future(moment):
    if moment > timezone.now() + QUOTE_CLOCK_SKEW:
        raise ValidationError("This time is in the future; a figure can only be as of now or earlier.", code="future")


class WireItemQuerySet(models.QuerySet):
    def live(self, at=None):
        """Dispatches on the wire at `at` (default now): published and not yet expired."""
        at = at or timezone.now()
        return self.filter(published_at__lte=at).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))

    def published(self):
        return self.live()

    def for_wire(self):
        """Live dispatches in wire order (pinned first, newest next) with their linked article."""
        return self.live().select_related("article").order_by("-pinned", "-published_at", "-id")


class WireItem(TimeStampedModel):
    """A one-line dispatch on the wire, optionally linking to an article or to another site."""

    headline = models.CharField(max_length=WIRE_HEADLINE_MAX, help_text="One line; the ticker shows it as written.")
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wire_items",
        help_text="Link to one of our articles (shown once it is published)…",
    )
    url = models.CharField(
        "external link",
        max_length=500,
        blank=True,
        validators=[validate_web_url],
        help_text="…or to another site (http or https). Leave both empty for a dispatch without a link.",
    )
    source = models.CharField(max_length=80, blank=True, help_text="Who reports it, e.g. “Flux desk”.")
    published_at = models.DateTimeField(
        default=timezone.now, help_text="A future time schedules the dispatch."
    )
    pinned = models.BooleanField(default=False, help_text="Pinned dispatches lead the ticker until unpinned or expired.")
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Optional: the dispatch leaves the wire at this time.")

    objects = WireItemQuerySet.as_manager()

    class Meta:
        ordering = ["-pinned", "-published_at", "-id"]
        get_latest_by = "published_at"
        verbose_name = "wire dispatch"
        verbose_name_plural = "wire dispatches"
        indexes = [models.Index(fields=["-published_at"], name="wireitem_pub_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=True) | Q(url=""),
                name="wireitem_one_link_at_most",
                violation_error_message="Link to an article or to an external address, not both.",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=F("published_at")),
                name="wireitem_expires_after_publishing",
                violation_error_message="The expiry must come after the publishing time.",
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return f"{reverse('wire:page')}#dispatch-{self.pk}"

    def clean(self):
        super().clean()
        errors = {}
        if self.article_id and self.url:
            errors["url"] = "Link to an article or to an external address, not both."
        if self.expires_at and self.published_at and self.expires_at <= self.published_at:
            errors["expires_at"] = "The expiry must come after the publishing time."
        if errors:
            raise ValidationError(errors)

    @property
    def link(self):
        """Where the headline points: the published article, the external address, or nothing."""
        if self.url:
            return self.url
        if self.article_id and self.article.is_published:
            return self.article.get_absolute_url()
        return ""

    @property
    def is_live(self):
        now = timezone.now()
        return self.published_at <= now and (self.expires_at is None or self.expires_at > now)


LATEST_QUOTE_IDS_SQL = """
WITH RECURSIVE symbols(symbol) AS (
    (SELECT symbol FROM articles_marketquote ORDER BY symbol LIMIT 1)
    UNION ALL
    SELECT (SELECT q.symbol FROM articles_marketquote q WHERE q.symbol > symbols.symbol ORDER BY q.symbol LIMIT 1)
    FROM symbols WHERE symbols.symbol IS NOT NULL
)
SELECT (SELECT q.id FROM articles_marketquote q WHERE q.symbol = symbols.symbol ORDER BY q.as_of DESC LIMIT 1)
FROM symbols WHERE symbols.symbol IS NOT NULL
"""


class MarketQuoteQuerySet(models.QuerySet):
    def with_change(self):
        """Annotate `previous_value`: the same symbol's figure just before this one."""
        previous = (
            MarketQuote.objects.filter(symbol=OuterRef("symbol"), as_of__lt=OuterRef("as_of"))
            .order_by("-as_of")
            .values("value")[:1]
        )
        return self.annotate(previous_value=Subquery(previous))

    def current(self):
        """The latest figure of every symbol, with its change; stale ones included (see `is_stale`)."""
        # Pick the rows first, then look up each one's previous figure. The pick hops from symbol to
        # symbol on the (symbol, as_of) index (a "skip scan"): a handful of index probes, where
        # DISTINCT ON sorted the whole history (and annotating first ran the lookup for every row):
        # 114 ms at 10,000 figures before, under 1 ms now.
        return self.filter(pk__in=RawSQL(LATEST_QUOTE_IDS_SQL, ())).order_by("symbol").with_change()  # noqa: S611 - a constant, no parameters

    def fresh(self, at=None):
        return self.filter(as_of__gte=(at or timezone.now()) - settings.WIRE_QUOTE_MAX_AGE)

    def daily_closes(self, *, since, symbols=None):
        """Each symbol's last figure per day since `since` (the sparkline series), oldest first."""
        rows = self.filter(as_of__gte=since)
        if symbols is not None:
            rows = rows.filter(symbol__in=symbols)
        return (
            rows.annotate(day=TruncDate("as_of"))
            .order_by("symbol", "day", "-as_of")
            .distinct("symbol", "day")
            .values_list("symbol", "day", "value")
        )


class MarketQuote(TimeStampedModel):
    """One figure of a market series: a share price, or an inference price in $/M tokens."""

    symbol = models.CharField(max_length=32, validators=[validate_symbol], help_text=QUOTE_SYMBOL_HELP)
    label = models.CharField(max_length=80, help_text="Readable name, e.g. “Llama 3.3 70B at Nimbus (input)”.")
    value = models.DecimalField(max_digits=18, decimal_places=6)
    unit = models.CharField(max_length=20, help_text="USD for share prices, “$/M tokens” for inference prices.")
    as_of = models.DateTimeField("as of", help_text="When the figure was true (not when it was entered).")
    source = models.CharField(max_length=80, blank=True)

    objects = MarketQuoteQuerySet.as_manager()

    class Meta:
        ordering = ["symbol", "-as_of"]
        get_latest_by = "as_of"
        indexes = [models.Index(fields=["as_of"], name="marketquote_as_of_idx")]
        constraints = [
            models.UniqueConstraint(fields=["symbol", "as_of"], name="marketquote_unique_symbol_as_of"),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="marketquote_value_not_negative", violation_error_message="A figure can't be negative."
            ),
        ]

    def __str__(self):
        return f"{self.symbol} {self.value} {self.unit} @ {self.as_of:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return f"{reverse('wire:markets')}#quote-{self.symbol}"

    def clean(self):
        super().clean()
        if self.as_of:
            try:
                validate_not_future(self.as_of)
            except ValidationError as exc:
                raise ValidationError({"as_of": exc.messages}) from None

    @property
    def is_stale(self):
        """True when the figure is older than WIRE_QUOTE_MAX_AGE: never shown as live."""
        return self.as_of < timezone.now() - settings.WIRE_QUOTE_MAX_AGE

    @property
    def change(self):
        """Value minus the previous figure (needs `with_change()`); None for a first figure."""
        previous = getattr(self, "previous_value", None)
        return None if previous is None else self.value - previous

    @property
    def change_percent(self):
        previous = getattr(self, "previous_value", None)
        if not previous:
            return None
        return (self.value - previous) / previous * 100


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(TimeStampedModel):
    """A newsroom script's key to the wire API; only a SHA-256 digest of the secret is stored."""

    name = models.CharField(max_length=80, unique=True, help_text="Which client uses it, e.g. “markets-bot on ops-1”.")
    prefix = models.CharField(max_length=16, editable=False, help_text="The token's first characters, to recognise it.")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )
    last_used_at = models.DateTimeField("last used", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("revoked", null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "API token"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:articles_apitoken_change", args=[self.pk])

    @property
    def is_active(self):
        return self.revoked_at is None

    @staticmethod
    def digest_for(secret):
        # The secret carries 256 random bits, so a plain SHA-256 is enough (no salt or slow hash needed).
        return hashlib.sha256(secret.encode()).hexdigest()

    def issue_secret(self):
        """Fill `prefix` and `digest` for a new random secret and return the secret (shown once, never stored)."""
        secret = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.prefix = secret[: len(API_TOKEN_PREFIX) + 6]
        self.digest = self.digest_for(secret)
        return secret
