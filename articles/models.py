"""The newsroom: sections, authors and articles."""

from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from fluxsite.images import ImageField, validate_image
from fluxsite.markdown import reading_minutes, render_markdown
from fluxsite.models import TimeStampedModel

PULL_QUOTE_HELP = (
    "Markdown. Subheads: start a line with “## ”. Pull quote: a paragraph whose lines start "
    "with “>> ”, e.g. “>> The cheapest token is the one you never send.” Raw HTML is cleaned."
)


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
    avatar = ImageField(upload_to="authors/", blank=True, validators=[validate_image])
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="author"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def live(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def published(self):
        """Articles the public may see: published, and due (a future date means scheduled)."""
        return self.live().filter(published_at__lte=timezone.now())

    def scheduled(self):
        return self.live().filter(published_at__gt=timezone.now())

    def update_search_vectors(self):
        """Recompute the stored tsvector (headline > dek, tags > body) of these rows in one UPDATE."""
        tag_names = (
            TaggedItem.objects.filter(
                content_type__app_label="articles", content_type__model="article", object_id=OuterRef("pk")
            )
            .values("object_id")
            .annotate(names=StringAgg("tag__name", " "))
            .values("names")
        )
        return self.update(
            search_vector=SearchVector("headline", weight="A", config="english")
            + SearchVector("dek", weight="B", config="english")
            + SearchVector(Coalesce(Subquery(tag_names), Value(""), output_field=models.TextField()), weight="B", config="english")
            + SearchVector("body", weight="C", config="english")
        )

    def for_listing(self):
        """Name what list pages show: section, tags and the byline."""
        return self.select_related("section").prefetch_related("tags", "byline__author")


class Article(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="The article's address: /articles/<slug>/.")
    dek = models.CharField("dek", max_length=300, blank=True, help_text="The standfirst under the headline.")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
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
        validators=[validate_image],
        help_text="JPEG, PNG or WebP, at least 1200 px wide for sharp renditions; 8 MB at most.",
    )
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_alt = models.CharField(
        "hero alt text", max_length=250, blank=True, help_text="Describe the image for readers who can't see it."
    )
    hero_credit = models.CharField(max_length=150, blank=True)
    tags = TaggableManager(blank=True, help_text="Shown as hashtags linking to tag pages.")
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
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        permissions = [("publish_article", "Can publish and unpublish articles")]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_pub_idx"),
            models.Index(fields=["section", "status", "-published_at"], name="article_section_pub_idx"),
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
        return self.status == self.Status.PUBLISHED and self.published_at is not None and self.published_at <= timezone.now()

    @property
    def byline_authors(self):
        """Authors in byline order (uses prefetched `byline__author` rows when present)."""
        return [credit.author for credit in self.byline.all()]

    def update_search_vector(self):
        """Recompute this article's stored tsvector (call after its tags are saved)."""
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
