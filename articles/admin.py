"""The newsroom admin: writers draft, editors publish (articles.publish_article)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from reversion import is_registered, register, set_comment
from reversion.admin import VersionAdmin
from taggit.forms import TagWidget
from taggit.models import Tag, TaggedItem

from articles import services
from articles.models import HOUSE_AUTHOR_SLUG, Article, ArticleAuthor, Author, Section
from articles.views import article_page_context

# Fields only editors may set: they decide what readers see and when.
PUBLISHING_FIELDS = ("status", "published_at", "is_featured")
TAG_SUGGESTIONS = 10


def site_time(value):
    """Format a datetime in the site's time zone, naming the zone (e.g. “Dec 3, 2026, 9:00 a.m. EST”)."""
    if value is None:
        return "—"
    local = timezone.localtime(value)
    return f"{date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"


def zone_note():
    """Name the site's time zone for editors (e.g. “America/New_York, now EST”)."""
    return f"{timezone.get_current_timezone_name()}, now {timezone.localtime().tzname()}"


@admin.register(Section)
class SectionAdmin(VersionAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(VersionAdmin):
    list_display = ["name", "slug", "user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "bio"]
    raw_id_fields = ["user"]


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = "byline author"
    verbose_name_plural = "Byline (in order; empty means the house byline, Flux Desk)"


class TagSuggestWidget(TagWidget):
    """taggit's comma-separated input, with existing tags suggested as you type (static/js/admin-tags.js)."""

    class Media:
        js = ["js/admin-tags.js"]

    def __init__(self, suggest_url, attrs=None):
        super().__init__(attrs={"autocomplete": "off", "data-tag-suggest": suggest_url, **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id', name)}-suggestions"
        html = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        return html + format_html('<datalist id="{}"></datalist>', list_id)


class StateFilter(admin.SimpleListFilter):
    """Status as readers experience it: a published article with a future time is still scheduled."""

    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("draft", "Draft"), ("scheduled", "Scheduled"), ("live", "Published (live)")]

    def queryset(self, request, queryset):
        if self.value() == "draft":
            return queryset.filter(status=Article.Status.DRAFT)
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "live":
            return queryset.published()
        return queryset


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    list_display = ["headline", "section", "state", "when", "is_published", "is_featured", "byline"]
    list_filter = [
        StateFilter,
        "section",
        ("tags", admin.RelatedOnlyFieldListFilter),
        ("authors", admin.RelatedOnlyFieldListFilter),
        "is_featured",
    ]
    list_select_related = ["section"]
    search_fields = ["headline", "dek", "slug", "authors__name", "tags__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    readonly_fields = ["publication"]
    inlines = [ArticleAuthorInline]
    actions = ["publish_selected", "unpublish_selected"]

    class Media:
        css = {"all": ["css/admin-articles.css"]}
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "section", "kicker", "body"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_credit"]}),
        ("Tags", {"fields": ["tags"]}),
        ("Publishing", {"fields": ["publication", "status", "published_at", "is_featured"]}),
        (
            "Search engines and sharing",
            {"classes": ["collapse"], "fields": ["seo_title", "seo_description", "canonical_url"]},
        ),
    ]

    # --- Revisions ----------------------------------------------------------------------------

    def reversion_register(self, model, **options):
        if model is Article:
            # Keep the tags in each revision so restoring one restores them too.
            options["follow"] = (*options.get("follow", ()), "tagged_items")
            if not is_registered(Tag):
                register(Tag)
            if not is_registered(TaggedItem):
                register(TaggedItem, follow=("tag",))
        super().reversion_register(model, **options)

    # --- Permissions --------------------------------------------------------------------------

    def has_publish_permission(self, request):
        return request.user.has_perm(services.PUBLISH_PERMISSION)

    def has_change_permission(self, request, obj=None):
        # Once an article is live or scheduled, changing it changes what readers get: editors only.
        if obj is not None and obj.status == Article.Status.PUBLISHED and not self.has_publish_permission(request):
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields += PUBLISHING_FIELDS
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "published_at" in form.base_fields:
            form.base_fields["published_at"].help_text = (
                f"In the site's time zone ({zone_note()}). Empty means “now” when published; "
                "a future time schedules the article: it appears by itself when due."
            )
        return form

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            kwargs["widget"] = TagSuggestWidget(reverse("admin:articles_article_tag_suggestions"))
        if db_field.name == "canonical_url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # --- Saving -------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request):
            # The fields are read-only in the form; this also stops a crafted POST or a revert.
            stored = Article.objects.filter(pk=obj.pk).values(*PUBLISHING_FIELDS).first() if change else None
            obj.status = Article.Status.DRAFT
            obj.published_at = stored["published_at"] if stored else None
            obj.is_featured = stored["is_featured"] if stored else False
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if not article.byline.exists():
            house = Author.objects.filter(slug=HOUSE_AUTHOR_SLUG).first()
            if house:
                ArticleAuthor.objects.create(article=article, author=house)
        # No search-vector refresh needed here: PostgreSQL triggers redo it as the tags are saved.
        self._warn_about(request, article)

    def _warn_about(self, request, article):
        if not article.seo_description:
            if article.dek:
                messages.warning(request, f"“{article}” has no meta description; search engines will be shown the dek.")
            else:
                messages.warning(request, f"“{article}” has no meta description and no dek; search engines will guess one.")
        if article.hero_image and not article.hero_alt.strip():
            messages.warning(request, f"“{article}” has a hero image without alt text; describe it for readers who can't see it.")
        if article.is_scheduled:
            messages.info(request, f"“{article}” is scheduled for {site_time(article.published_at)} ({timezone.get_current_timezone_name()}).")

    # --- List columns -------------------------------------------------------------------------

    def get_queryset(self, request):
        return super().get_queryset(request).for_listing()

    @admin.display(description="state", ordering="status")
    def state(self, obj):
        if obj.is_scheduled:
            return "Scheduled"
        return obj.get_status_display()

    @admin.display(description="publication time", ordering="published_at")
    def when(self, obj):
        return site_time(obj.published_at) if obj.published_at else "—"

    @admin.display(description="live", boolean=True)
    def is_published(self, obj):
        return obj.is_published

    @admin.display(description="byline")
    def byline(self, obj):
        return ", ".join(obj.byline_names)

    @admin.display(description="publication")
    def publication(self, obj):
        if obj is None or obj.pk is None:
            return "Draft — not yet saved."
        if obj.is_scheduled:
            return f"Scheduled: appears on the site at {site_time(obj.published_at)}."
        if obj.is_published:
            return f"Live since {site_time(obj.published_at)}."
        return "Draft — readers can't see it. Use “Preview” to see it as readers would."

    # --- Actions ------------------------------------------------------------------------------

    @admin.action(description="Publish selected articles (future times stay scheduled)", permissions=["publish"])
    def publish_selected(self, request, queryset):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        live, scheduled = 0, 0
        for article in queryset.select_related("section"):
            services.article_publish(article=article, user=request.user)
            if article.is_scheduled:
                scheduled += 1
            else:
                live += 1
        set_comment("Published from the article list.")
        messages.success(request, f"{live} published, {scheduled} scheduled.")

    @admin.action(description="Unpublish selected articles (back to draft)", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        count = 0
        for article in queryset.filter(status=Article.Status.PUBLISHED).select_related("section"):
            services.article_unpublish(article=article, user=request.user)
            count += 1
        set_comment("Unpublished from the article list.")
        messages.success(request, f"{count} unpublished.")

    # --- Preview, view on site, tag suggestions -----------------------------------------------

    def view_on_site(self, obj):
        if obj.is_published:
            return obj.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[obj.pk])

    def get_urls(self):
        return [
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "tag-suggestions/",
                self.admin_site.admin_view(self.tag_suggestions_view),
                name="articles_article_tag_suggestions",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """Show any article (draft, scheduled or live) as readers would see it; staff with view rights only."""
        article = get_object_or_404(
            Article.objects.for_detail(), pk=object_id
        )
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        context = {"article": article, "preview": True, **article_page_context(article)}
        response = TemplateResponse(request, "articles/article_detail.html", context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response

    def tag_suggestions_view(self, request):
        """Existing tags matching what is being typed, most used first (JSON)."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        term = request.GET.get("q", "").strip()[:100]
        if not term:
            return JsonResponse({"tags": []})
        tags = (
            Tag.objects.filter(Q(name__istartswith=term) | Q(name__icontains=f" {term}") | Q(slug__istartswith=term))
            .annotate(uses=Count("taggit_taggeditem_items"))
            .order_by("-uses", "name")
            .values_list("name", flat=True)[:TAG_SUGGESTIONS]
        )
        return JsonResponse({"tags": list(tags)})
