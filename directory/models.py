"""The directory: categories of AI tools, the tools, the workflows people earn with, and outbound clicks."""

import math
from datetime import datetime
from decimal import Decimal

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django_countries.fields import CountryField
from imagekit.cachefiles.strategies import Optimistic
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFit
from taggit.managers import TaggableManager
from taggit.models import Tag

from directory.outcomes import ReportRow, running_cost, summarize
from fluxsite.cache import lazy_cards
from fluxsite.images import ImageField
from fluxsite.markdown import render_markdown
from fluxsite.models import TimeStampedModel
from fluxsite.routes import reverse
from fluxsite.search import ranked_matches
from fluxsite.validators import validate_web_url

MARKDOWN_HELP = "Markdown: **bold**, *italic*, [links](https://…), lists, “## ” subheads. Raw HTML is cleaned."

# Reader interest counts the clicks of this many most recent days (see docs/directory.md).
INTEREST_WINDOW_DAYS = 30
RATING_WEIGHT = 20
INTEREST_WEIGHT = 25


def tool_score(*, editorial_rating, recent_clicks):
    """Rank score: 20 × editorial rating (0–5) + 25 × log10(1 + clicks in the last 30 days)."""
    rating = Decimal(editorial_rating or 0)
    interest = Decimal(str(round(INTEREST_WEIGHT * math.log10(1 + max(recent_clicks or 0, 0)), 3)))
    return (RATING_WEIGHT * rating + interest).quantize(Decimal("0.001"))


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, help_text="The category's address: /tools/categories/<slug>/.")
    description = models.CharField(max_length=300, blank=True, help_text="Shown under the category's heading.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first in filters and lists.")

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:category", kwargs={"slug": self.slug})


class ToolPageRows(models.Func):
    """What the tool page shows besides the tool's row, as one JSON object.

    {"categories": [{id, name, slug}…], "tags": [{id, name, slug}…], "mentions": [{id, headline, slug,
    published_at, section}…], "workflows": [{id, title, slug, monthly_earnings, earnings_currency}…],
    "history": [{id, field, old_value, new_value, note, changed_at}…], "alternatives": [{id, updated_at,
    slug}…]}, from the PL/pgSQL function `directory_tool_page_rows` (migration 0015, which says why it
    is one and how alternatives rank). `now` is the caller's clock, as articles' `published()` uses.
    """

    function = "directory_tool_page_rows"
    output_field = models.JSONField()

    def __init__(self, *, now, mentions, workflows, history, alternatives):
        super().__init__(
            F("pk"), models.Value(Tool.Status.PUBLISHED), models.Value(now), models.Value(mentions), models.Value(workflows),
            models.Value(history), models.Value(alternatives),
        )


def alternative_cards(rows):
    """Card stand-ins for ToolPageRows' alternatives; the tools are fetched (in one query) only if drawn."""
    return lazy_cards(
        [(row["id"], datetime.fromisoformat(row["updated_at"])) for row in rows],
        lambda pks: Tool.objects.for_listing().in_bulk(pks),
    )


class ToolQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Tool.Status.PUBLISHED)

    def for_listing(self):
        """What tool cards need: the row without its long text and search columns (no relations)."""
        return self.defer("description", "description_html", "search_vector")

    def for_detail(self, *, mentions, workflows, history, alternatives):
        """Name what the tool page shows, in one query: the tool (no search vector) and `page_rows`.

        `page_rows` (ToolPageRows) holds the categories, tags, the newest `mentions` published articles
        mentioning the tool, its `workflows` best-earning published workflows, its latest `history`
        entries and its `alternatives` best alternatives; Tool's `category_list`, `tag_list`,
        `mention_list`, `workflow_list`, `history_list` and `alternative_cards` turn them into objects.
        """
        rows = ToolPageRows(
            now=timezone.now(), mentions=mentions, workflows=workflows, history=history, alternatives=alternatives
        )
        return self.defer("search_vector").annotate(page_rows=rows)

    def alternatives(self, tool, *, limit):
        """The `limit` best alternatives to `tool` (see ToolPageRows), as card stand-ins."""
        rows = ToolPageRows(now=timezone.now(), mentions=0, workflows=0, history=0, alternatives=limit)
        found = self.filter(pk=tool.pk).values_list(rows, flat=True).first()
        return alternative_cards(found["alternatives"] if found else [])

    def ranked(self):
        """Default order: the documented score, then name; affiliate links play no part."""
        return self.order_by("-score", "name", "id")

    def search(self, query):
        """Full-text match on the stored vector, best first."""
        return ranked_matches(self, query, "-score", "name", "id")

    def update_scores(self, *, today=None):
        """Recompute recent clicks and score for these tools (one UPDATE per distinct value set)."""
        today = today or timezone.localdate()
        since = today - timezone.timedelta(days=INTEREST_WINDOW_DAYS - 1)
        clicks = dict(
            DailyClickCount.objects.filter(tool__in=self, day__gte=since, day__lte=today)
            .values_list("tool")
            .annotate(total=Sum("clicks"))
        )
        changed = []
        for tool in self.only("id", "editorial_rating", "recent_clicks", "score"):
            recent = clicks.get(tool.pk, 0)
            score = tool_score(editorial_rating=tool.editorial_rating, recent_clicks=recent)
            if tool.recent_clicks != recent or tool.score != score:
                tool.recent_clicks, tool.score = recent, score
                changed.append(tool)
        Tool.objects.bulk_update(changed, ["recent_clicks", "score"], batch_size=1000)
        return len(changed)


class Tool(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Kind(models.TextChoices):
        APP = "app", "App"
        MODEL = "model", "Model"
        PROVIDER = "provider", "Inference / API provider"
        FRAMEWORK = "framework", "Framework"
        AGENT = "agent", "Agent"

    class Pricing(models.TextChoices):
        FREE = "free", "Free"
        FREEMIUM = "freemium", "Freemium"
        PAID = "paid", "Paid"
        USAGE = "usage", "Usage-based"
        OPEN_SOURCE = "open-source", "Open source"

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True, help_text="The tool's address: /tools/<slug>/ and /go/<slug>/.")
    tagline = models.CharField(max_length=160, help_text="One neutral line shown on cards and in search results.")
    description = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    description_html = models.TextField(editable=False, default="")
    logo = ImageField(
        upload_to="tools/logos/",
        blank=True,
        help_text="Square PNG, JPEG or WebP, at least 256 px; 8 MB at most. Renditions are made on upload.",
    )
    logo_card = ImageSpecField(
        source="logo",
        processors=[ResizeToFit(96, 96)],
        format="WEBP",
        options={"quality": 82},
        cachefile_strategy=Optimistic(),
    )
    logo_large = ImageSpecField(
        source="logo",
        processors=[ResizeToFit(192, 192)],
        format="WEBP",
        options={"quality": 85},
        cachefile_strategy=Optimistic(),
    )
    website_url = models.URLField("website URL", max_length=500, validators=[validate_web_url])
    affiliate_url = models.URLField(
        "affiliate URL",
        max_length=500,
        blank=True,
        validators=[validate_web_url],
        help_text="When set, /go/ sends readers here and the link is marked sponsored. Never affects rankings.",
    )
    categories = models.ManyToManyField(Category, related_name="tools", blank=True)
    tags = TaggableManager(blank=True, help_text="Shared tags make tools each other's alternatives.")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.APP, db_index=True)
    pricing_model = models.CharField(max_length=12, choices=Pricing.choices, default=Pricing.FREEMIUM, db_index=True)
    starting_price = models.DecimalField(
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Lowest paid price, if any. Leave empty when unknown.",
    )
    price_currency = models.CharField(max_length=3, default="USD", help_text="ISO 4217 code, e.g. USD, EUR.")
    price_unit = models.CharField(max_length=40, blank=True, help_text="e.g. “per month”, “per 1M tokens”.")
    plans = models.TextField(
        blank=True,
        max_length=2000,
        help_text="One plan per line, e.g. “Pro: 20 USD per month, 500 credits”. Changes are recorded in the tool's history.",
    )
    is_open = models.BooleanField(
        "open source / open weights",
        default=False,
        db_index=True,
        help_text="Tick when the code (software) or weights (models) are published under a licence anyone may use.",
    )
    licence = models.CharField(max_length=80, blank=True, help_text="e.g. Apache-2.0, MIT, a custom model licence.")
    maker = models.CharField(max_length=100, blank=True, help_text="The company, lab or community behind it.")
    origin_country = CountryField(
        "maker's country of origin", blank=True, db_index=True, help_text="Readers filter by it (procurement)."
    )
    editorial_rating = models.DecimalField(
        max_digits=2,
        decimal_places=1,
        default=Decimal("3.0"),
        validators=[MinValueValidator(0), MaxValueValidator(5)],
        help_text="0.0–5.0. Part of the ranking score (see docs/directory.md).",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    mentioned_in = models.ManyToManyField(
        "articles.Article",
        related_name="tools_mentioned",
        blank=True,
        help_text="Articles that mention this tool: shown on both pages.",
    )
    last_verified_at = models.DateTimeField(
        "last verified", null=True, blank=True, editable=False,
        help_text="When an editor last checked the facts against the maker's site (the Verify action).",
    )
    recent_clicks = models.PositiveIntegerField(editable=False, default=0, help_text="Outbound clicks, last 30 days.")
    score = models.DecimalField(max_digits=8, decimal_places=3, editable=False, default=Decimal("0"))
    # Filled by PostgreSQL triggers on every write of the text or the tags (migration 0007).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ToolQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "name", "id"]
        get_latest_by = "created_at"
        indexes = [
            models.Index(F("status"), F("score").desc(), F("name"), F("id"), name="tool_status_score_idx"),
            models.Index(fields=["status", "-created_at"], name="tool_status_created_idx"),
            models.Index(fields=["status", "-recent_clicks"], name="tool_status_clicks_idx"),
            GinIndex(fields=["search_vector"], name="tool_search_idx"),
            # What ranking alternatives reads of every candidate (ToolPageRows), without the tool rows.
            models.Index(fields=["id"], include=["status", "score", "name"], name="tool_alternatives_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(editorial_rating__gte=0) & Q(editorial_rating__lte=5), name="tool_rating_0_5"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:tool", kwargs={"slug": self.slug})

    def get_outbound_url(self):
        return reverse("directory:go", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        self.description_html = render_markdown(self.description)
        self.score = tool_score(editorial_rating=self.editorial_rating, recent_clicks=self.recent_clicks)
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def starting_price_display(self):
        """“0.0006 USD per GPU-second”, “20 USD per month”: no float rounding, no exponent."""
        if self.starting_price is None:
            return ""
        price = self.starting_price
        if price == price.to_integral_value():
            amount = f"{price:,.0f}"
        else:
            amount = f"{price:,.4f}".rstrip("0")
            if len(amount.split(".")[1]) < 2:
                amount = f"{price:,.2f}"
        return " ".join(part for part in [amount, self.price_currency, self.price_unit] if part)

    @property
    def has_affiliate(self):
        return bool(self.affiliate_url)

    @property
    def outbound_rel(self):
        return "sponsored noopener" if self.affiliate_url else "noopener"

    @cached_property
    def category_list(self):
        """Categories in display order, from `for_detail()`'s rows when present."""
        rows = getattr(self, "page_rows", None)
        if rows is not None:
            return [Category(**row) for row in rows["categories"]]
        return list(self.categories.all())

    @cached_property
    def tag_list(self):
        """Tags by name, from `for_detail()`'s rows when present."""
        rows = getattr(self, "page_rows", None)
        if rows is not None:
            return [Tag(**row) for row in rows["tags"]]
        return sorted(self.tags.all(), key=lambda tag: (tag.name, tag.pk))

    @property
    def mention_list(self):
        """`for_detail()`'s articles mentioning the tool, as unsaved articles with their section."""
        from articles.models import Article, Section

        return [
            Article(
                id=row["id"], headline=row["headline"], slug=row["slug"],
                published_at=datetime.fromisoformat(row["published_at"]), section=Section(name=row["section"]),
            )
            for row in self.page_rows["mentions"]
        ]

    @property
    def workflow_list(self):
        """`for_detail()`'s published workflows using the tool, as unsaved workflows."""
        return [
            Workflow(**{**row, "monthly_earnings": Decimal(row["monthly_earnings"])}) for row in self.page_rows["workflows"]
        ]

    @cached_property
    def alternative_cards(self):
        """`for_detail()`'s alternatives as card stand-ins (read only if a card must be drawn)."""
        return alternative_cards(self.page_rows["alternatives"])

    @cached_property
    def alternative_slugs(self):
        """The slugs of `for_detail()`'s alternatives, best first (for the compare link)."""
        return [row["slug"] for row in self.page_rows["alternatives"]]

    @property
    def history_list(self):
        """`for_detail()`'s latest history entries, as unsaved ToolChanges."""
        return [
            ToolChange(**{**row, "changed_at": datetime.fromisoformat(row["changed_at"])})
            for row in self.page_rows["history"]
        ]

    @property
    def plan_lines(self):
        return [line.strip() for line in self.plans.splitlines() if line.strip()]


# Tool fields whose changes readers see in the tool's history, in display order.
TRACKED_TOOL_FIELDS = (
    "pricing_model", "starting_price", "price_currency", "price_unit", "plans", "licence", "is_open", "website_url",
)


class ToolChangeQuerySet(models.QuerySet):
    def public(self):
        """Entries of published tools, newest first."""
        return self.filter(tool__status=Tool.Status.PUBLISHED).order_by("-changed_at", "-id")


class ToolChange(models.Model):
    """One dated change to a tool's pricing, plans, licence, open-weights status or URL, or an editor's note."""

    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(
        max_length=20,
        blank=True,
        choices=[(name, name) for name in TRACKED_TOOL_FIELDS],
        help_text="The field that changed; empty for a note on its own.",
    )
    old_value = models.TextField(blank=True, editable=False)
    new_value = models.TextField(blank=True, editable=False)
    note = models.TextField(blank=True, max_length=1000, help_text="Shown to readers with the change.")
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    changed_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = ToolChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]
        get_latest_by = "changed_at"
        indexes = [models.Index(fields=["tool", "-changed_at"], name="toolchange_tool_date_idx")]

    def __str__(self):
        return f"{self.tool}: {self.label} on {self.changed_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return self.tool.get_absolute_url() + "#history"

    @property
    def label(self):
        """The field's name as readers know it."""
        if not self.field:
            return "Editor's note"
        return Tool._meta.get_field(self.field).verbose_name.capitalize()

    @property
    def summary(self):
        """“Starting price: 20 → 25”, “Plans changed”, or the note's first line."""
        if not self.field:
            return self.note.splitlines()[0][:120] if self.note else "Note"
        if self.field == "plans":
            return "Plans changed"
        return f"{self.label}: {self.old_value or '(none)'} → {self.new_value or '(none)'}"


# `Tool.objects.published().filter(mentioned_in=article).ranked()`, as SQL (mentioned_tool_cards).
MENTIONED_TOOLS_SQL = """
SELECT tool.id, tool.updated_at
FROM directory_tool tool JOIN directory_tool_mentioned_in mention ON mention.tool_id = tool.id
WHERE mention.article_id = %s AND tool.status = %s
ORDER BY tool.score DESC, tool.name, tool.id
"""


def mentioned_tool_cards(article):
    """The published tools `article` mentions, ranked, as card stand-ins (fluxsite.cache.lazy_cards).

    One SQL statement: compiling the ORM's version through the many-to-many join cost more than
    running it (docs/performance.md, "Lean renders"). tests/directory/test_views.py holds it to the
    ORM's answer.
    """
    with connection.cursor() as cursor:
        cursor.execute(MENTIONED_TOOLS_SQL, [article.pk, Tool.Status.PUBLISHED])
        rows = cursor.fetchall()
    return lazy_cards(rows, lambda pks: Tool.objects.for_listing().in_bulk(pks))


# Approximate USD value of one unit, used only to order workflows across currencies; the page
# always shows the figure in the currency it was reported in.
CURRENCIES = {
    "USD": ("US dollar", Decimal("1")),
    "EUR": ("Euro", Decimal("1.08")),
    "GBP": ("Pound sterling", Decimal("1.27")),
    "CAD": ("Canadian dollar", Decimal("0.73")),
    "AUD": ("Australian dollar", Decimal("0.66")),
    "INR": ("Indian rupee", Decimal("0.012")),
    "JPY": ("Japanese yen", Decimal("0.0067")),
    "BRL": ("Brazilian real", Decimal("0.19")),
    "NGN": ("Nigerian naira", Decimal("0.00065")),
    "PHP": ("Philippine peso", Decimal("0.017")),
}
CURRENCY_CHOICES = [(code, f"{code} — {name}") for code, (name, _) in CURRENCIES.items()]


class ExchangeRateQuerySet(models.QuerySet):
    def current(self):
        """{currency: (usd_per_unit, as_of)} from each currency's latest rate (USD itself is always 1)."""
        latest = self.exclude(currency="USD").order_by("currency", "-as_of").distinct("currency")
        return {rate.currency: (rate.usd_per_unit, rate.as_of) for rate in latest.only("currency", "usd_per_unit", "as_of")}


class ExchangeRate(models.Model):
    """How many US dollars one unit of a currency was worth on a date; readers' reports are converted with the latest."""

    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    usd_per_unit = models.DecimalField(
        "US dollars per unit",
        max_digits=18,
        decimal_places=8,
        validators=[MinValueValidator(Decimal("0.00000001"))],
        help_text="e.g. 1.08 for the euro. Workflow pages convert readers' figures with each currency's latest rate.",
    )
    as_of = models.DateField("rate date", default=timezone.localdate, help_text="Shown next to converted figures.")
    source = models.CharField(max_length=200, blank=True, help_text="Where the rate came from (for editors).")

    objects = ExchangeRateQuerySet.as_manager()

    class Meta:
        ordering = ["currency", "-as_of"]
        get_latest_by = "as_of"
        constraints = [
            models.UniqueConstraint(fields=["currency", "as_of"], name="unique_rate_per_day"),
            models.CheckConstraint(condition=Q(usd_per_unit__gt=0), name="rate_positive"),
        ]

    def __str__(self):
        return f"1 {self.currency} = {self.usd_per_unit.normalize():f} USD on {self.as_of}"


class WorkflowQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Workflow.Status.PUBLISHED)

    def by_earnings(self):
        """Highest self-reported monthly earnings first (compared in approximate USD)."""
        return self.order_by("-earnings_usd", "title", "id")

    def report_summaries(self):
        """{workflow id: outcomes.Summary} in US dollars for these workflows (two queries)."""
        rates = ExchangeRate.objects.current()
        rows = {}
        for workflow_id, *values in (
            OutcomeReport.objects.counted()
            .filter(workflow__in=self)
            .order_by()
            .values_list("workflow_id", *REPORT_ROW_FIELDS)
        ):
            rows.setdefault(workflow_id, []).append(report_row(values))
        return {pk: summarize(rows.get(pk, []), currency="USD", rates=rates) for pk in self.values_list("pk", flat=True)}

    def search(self, query):
        return ranked_matches(self, query, "-earnings_usd", "id")


class Workflow(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=160, unique=True, help_text="The workflow's address: /workflows/<slug>/.")
    summary = models.CharField(max_length=300, help_text="One or two sentences: what is made, for whom.")
    steps = models.TextField(help_text=MARKDOWN_HELP + " Number the steps (1., 2., …).")
    steps_html = models.TextField(editable=False, default="")
    tools = models.ManyToManyField(Tool, related_name="workflows", blank=True, help_text="The tools the steps use.")
    monthly_earnings = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text="As reported by the person, per month. Always shown labelled “self-reported”.",
    )
    earnings_currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, default="USD")
    earnings_usd = models.DecimalField(max_digits=14, decimal_places=2, editable=False, default=Decimal("0"))
    reported_by = models.CharField(max_length=120, help_text="Who reported the figure (name or handle).")
    reported_at = models.DateField(default=timezone.localdate, help_text="When the figure was reported.")
    source_url = models.URLField(
        "source link", max_length=500, blank=True, validators=[validate_web_url], help_text="Where it was reported, if public."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    # Filled by a PostgreSQL trigger on every write of the text (migration 0007).
    search_vector = SearchVectorField(null=True, editable=False)
    # Readers' accepted reports, summed up for sorting and filtering /workflows/ (in US dollars; the
    # medians stay empty below outcomes.MIN_REPORTS_FOR_MEDIAN). Kept by services.workflow_stats_refresh.
    report_count = models.PositiveIntegerField(editable=False, default=0)
    median_earnings_usd = models.DecimalField(max_digits=12, decimal_places=2, null=True, editable=False)
    median_costs_usd = models.DecimalField(max_digits=12, decimal_places=2, null=True, editable=False)
    median_hours = models.DecimalField(max_digits=5, decimal_places=2, null=True, editable=False)

    objects = WorkflowQuerySet.as_manager()

    class Meta:
        ordering = ["-earnings_usd", "title", "id"]
        get_latest_by = "reported_at"
        indexes = [
            models.Index(F("status"), F("earnings_usd").desc(), F("title"), F("id"), name="workflow_status_earn_idx"),
            GinIndex(fields=["search_vector"], name="workflow_search_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(monthly_earnings__gte=0), name="workflow_earnings_not_negative"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("directory:workflow", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:160]
        self.steps_html = render_markdown(self.steps)
        rate = CURRENCIES.get(self.earnings_currency, (None, Decimal("1")))[1]
        self.earnings_usd = (Decimal(self.monthly_earnings or 0) * rate).quantize(Decimal("0.01"))
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def report_summary(self):
        """The typical-results box: accepted reports, money in the currency of the creator's claim."""
        values = self.reports.counted().order_by().values_list(*REPORT_ROW_FIELDS)
        return summarize(
            [report_row(row) for row in values], currency=self.earnings_currency, rates=ExchangeRate.objects.current()
        )

    def running_cost(self):
        """Its published tools' current prices as a monthly cost in the creator's currency."""
        tools = self.tools.published().only(
            "name", "slug", "pricing_model", "starting_price", "price_currency", "price_unit"
        ).order_by("name")
        return running_cost(tools, currency=self.earnings_currency, rates=ExchangeRate.objects.current())

    def report_counts(self):
        """How many readers' reports were accepted and rejected (both are public)."""
        return self.reports.aggregate(
            accepted=Count("pk", filter=Q(status="accepted")), rejected=Count("pk", filter=Q(status="rejected"))
        )


class DailyClickCount(models.Model):
    """Outbound clicks on one tool on one day: a counter, nothing about who clicked."""

    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="daily_clicks")
    day = models.DateField()
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "tool"]
        get_latest_by = "day"
        verbose_name = "daily click count"
        constraints = [models.UniqueConstraint(fields=["tool", "day"], name="unique_tool_click_day")]
        indexes = [models.Index(fields=["day"], name="click_day_idx")]

    def __str__(self):
        return f"{self.tool} on {self.day}: {self.clicks}"


# --- Reader outcome reports ----------------------------------------------------------------------

REPORT_ROW_FIELDS = ("monthly_earnings", "monthly_costs", "currency", "hours_per_week", "months", "created_at")


def report_row(values):
    earnings, costs, currency, hours, months, created_at = values
    return ReportRow(earnings, costs, currency, hours, months, timezone.localdate(created_at))

# Anything above this is not a monthly figure a person earns or spends (docs/directory.md).
MAX_MONTHLY_AMOUNT = Decimal("10000000")


class OutcomeReportQuerySet(models.QuerySet):
    def counted(self):
        """Reports that count in a workflow's numbers: confirmed by their reporter and accepted by an editor."""
        return self.filter(status=OutcomeReport.Status.ACCEPTED)

    def rejected(self):
        return self.filter(status=OutcomeReport.Status.REJECTED)

    def awaiting_review(self):
        return self.filter(status=OutcomeReport.Status.PENDING)


class OutcomeReport(TimeStampedModel):
    """What one reader says happened when they tried a workflow: held until confirmed by email."""

    # A flood of unconfirmed reports must not empty the page cache; moderation bumps it itself.
    affects_public_pages = False

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", "Waiting for the reporter's confirmation"
        PENDING = "pending", "Confirmed, waiting for review"
        ACCEPTED = "accepted", "Accepted (counts)"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn by the reporter"

    class Outcome(models.TextChoices):
        ONGOING = "ongoing", "Still doing it"
        STOPPED = "stopped", "Stopped"
        NEVER_EARNED = "never", "Never earned anything"

    class RejectionReason(models.TextChoices):
        # There is deliberately no reason for a report being negative, low or unwelcome.
        SPAM = "spam", "Spam or advertising"
        ABUSE = "abuse", "Abusive, or names or exposes a person"
        DUPLICATE = "duplicate", "Duplicate of another report"
        OFF_TOPIC = "off-topic", "Not about this workflow"
        NONSENSE = "nonsense", "Test entry or gibberish"

    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="reports")
    email = models.EmailField(max_length=254, help_text="Only for the confirmation and withdraw links; never shown.")
    monthly_earnings = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_MONTHLY_AMOUNT)],
        help_text="Typical monthly earnings from the workflow, as reported (0 allowed).",
    )
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, default="USD")
    months = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(240)], help_text="For how many months they tried it."
    )
    monthly_costs = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_MONTHLY_AMOUNT)],
        help_text="Tools, services and other spending per month, same currency.",
    )
    hours_per_week = models.PositiveSmallIntegerField(validators=[MaxValueValidator(168)])
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    note = models.TextField(
        blank=True, max_length=1000, help_text="The reporter's note for editors. Not published."
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNCONFIRMED, db_index=True)
    rejection_reason = models.CharField(
        max_length=12,
        choices=RejectionReason.choices,
        blank=True,
        help_text="Required to reject. Reports are never rejected for being negative.",
    )
    rejection_note = models.TextField(blank=True, max_length=1000, help_text="Optional detail for other editors.")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = OutcomeReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        indexes = [models.Index(fields=["workflow", "status"], name="report_workflow_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""), name="report_rejection_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(monthly_earnings__gte=0, monthly_earnings__lte=MAX_MONTHLY_AMOUNT)
                & Q(monthly_costs__gte=0, monthly_costs__lte=MAX_MONTHLY_AMOUNT)
                & Q(hours_per_week__lte=168)
                & Q(months__gte=1),
                name="report_amounts_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="never") | Q(monthly_earnings=0), name="report_never_earned_is_zero"
            ),
            # One counted (or queued) report per address per workflow: a newer one replaces it.
            models.UniqueConstraint(
                Lower("email"), "workflow", condition=Q(status__in=["pending", "accepted"]), name="one_live_report_per_address"
            ),
        ]

    def __str__(self):
        return f"{self.workflow}: {self.monthly_earnings} {self.currency}/month ({self.get_status_display()})"

    def get_absolute_url(self):
        return self.workflow.get_absolute_url() + "#reports"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.status == self.Status.REJECTED and not self.rejection_reason:
            raise ValidationError(
                {"rejection_reason": "Pick the reason for rejecting. A report is never rejected for being negative."}
            )
        if self.outcome == self.Outcome.NEVER_EARNED and self.monthly_earnings:
            raise ValidationError({"monthly_earnings": "“Never earned anything” goes with earnings of 0."})

    @property
    def is_counted(self):
        return self.status == self.Status.ACCEPTED


# --- Readers' tool submissions ------------------------------------------------------------------


def url_domain(url):
    """The host of `url`, lower-cased, without a leading “www.” (how duplicates are matched)."""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


class ToolSubmissionQuerySet(models.QuerySet):
    def awaiting_review(self):
        return self.filter(status=ToolSubmission.Status.PENDING)


class ToolSubmission(TimeStampedModel):
    """A tool a reader suggests for the directory: confirmed by email, checked for duplicates, then moderated."""

    affects_public_pages = False

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", "Waiting for the submitter's confirmation"
        PENDING = "pending", "Confirmed, waiting for review"
        DUPLICATE = "duplicate", "Duplicate (found automatically)"
        ACCEPTED = "accepted", "Accepted (draft tool created)"
        REJECTED = "rejected", "Rejected"

    class RejectionReason(models.TextChoices):
        SPAM = "spam", "Spam or advertising copy"
        NOT_AI = "not-ai", "Not an AI tool"
        UNAVAILABLE = "unavailable", "Not available to the public"
        DUPLICATE = "duplicate", "Already listed"

    name = models.CharField(max_length=100)
    website_url = models.URLField("website URL", max_length=500, validators=[validate_web_url])
    domain = models.CharField(max_length=255, editable=False, db_index=True)
    tagline = models.CharField(max_length=160, help_text="One line: what it does.")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    pricing_model = models.CharField(max_length=12, choices=Tool.Pricing.choices)
    is_open = models.BooleanField("open source / open weights", default=False)
    origin_country = CountryField("maker's country of origin", blank=True)
    email = models.EmailField(max_length=254, help_text="Only for the confirmation link; never shown.")
    note = models.TextField(blank=True, max_length=1000, help_text="The submitter's note for editors.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNCONFIRMED, db_index=True)
    duplicate_of = models.ForeignKey(
        Tool, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The tool already in the directory this one matches (same domain or name).",
    )
    rejection_reason = models.CharField(max_length=12, choices=RejectionReason.choices, blank=True)
    tool = models.ForeignKey(
        Tool, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions",
        help_text="The draft tool created when the submission was accepted.",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)

    objects = ToolSubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""), name="submission_rejection_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.domain}): {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("directory:submit")

    def save(self, *args, **kwargs):
        self.domain = url_domain(self.website_url)
        super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.status == self.Status.REJECTED and not self.rejection_reason:
            raise ValidationError({"rejection_reason": "Pick the reason for rejecting."})
