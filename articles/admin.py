"""The newsroom admin: writers draft, editors publish (articles.publish_article)."""

import json
from datetime import date

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import models
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from reversion import is_registered, register, set_comment
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.forms import TagWidget
from taggit.models import Tag, TaggedItem

from articles import services
from articles.calendar import FIRST_DAY, LAST_DAY, VIEWS, build_calendar
from articles.checks import article_warnings
from articles.models import HOUSE_AUTHOR_SLUG, Article, ArticleAuthor, Author, Image, Section
from articles.views import article_page_context
from fluxsite.images import validate_image
from fluxsite.widgets import MarkdownEditor, render_search_preview

# Fields only editors may set: they decide what readers see and when.
PUBLISHING_FIELDS = ("status", "published_at", "is_featured")
TAG_SUGGESTIONS = 10


def site_time(value):
    """Format a datetime in the site's time zone, naming the zone (e.g. “Dec 3, 2026, 9:00 a.m. EST”)."""
    if value is None:
        return "—"
    local = timezone.localtime(value)
    return f"{date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"


def _clock(value):
    """The time of day in the site's time zone, as the editor's status line shows it (“10:42”)."""
    return timezone.localtime(value).strftime("%H:%M")


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
        return [("review", "Awaiting review"), ("draft", "Draft"), ("scheduled", "Scheduled"), ("live", "Published (live)")]

    def queryset(self, request, queryset):
        if self.value() == "review":
            return queryset.awaiting_review()
        if self.value() == "draft":
            return queryset.filter(status=Article.Status.DRAFT)
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "live":
            return queryset.published()
        return queryset


class ArticleAdminForm(forms.ModelForm):
    """The article form; refuses a save when someone else saved the article after this form was opened.

    `opened_version` carries the stored article's last-saved time from when the form was drawn; if the
    article has been saved since, nothing is written and the editor is told who saved it, when, and
    where the stored text differs from theirs (which stays in the form).
    """

    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)
    review_note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Goes with “Submit for review” (to the editors) or “Send back” (to the writer); kept with the article.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned_data = super().clean()
        opened = cleaned_data.get("opened_version")
        article = self.instance
        if article.pk and opened and opened != article.updated_at.isoformat():
            raise forms.ValidationError(self.stale_message(article, cleaned_data), code="stale")
        if "_send_back" in self.data and not cleaned_data.get("review_note", "").strip():
            self.add_error("review_note", "Say what needs changing before sending it back.")
        return cleaned_data

    def stale_message(self, article, cleaned_data):
        latest = Version.objects.get_for_object(article).select_related("revision__user").first()
        who = latest.revision.user if latest and latest.revision.user else "someone"
        differs = [
            str(self.fields[name].label or name)
            for name in self.fields
            if name in cleaned_data and name not in ("opened_version", "tags")
            and _comparable(getattr(article, name, None)) != _comparable(cleaned_data[name])
        ]
        where = f" The stored article differs from yours in: {', '.join(differs)}." if differs else ""
        return (
            f"Not saved: {who} saved this article at {site_time(article.updated_at)}, after you opened it, "
            f"and saving would overwrite their changes.{where} Your text is still below: copy what you need, "
            "reload the page and make your changes again."
        )


def _comparable(value):
    # Model instances (section) compare by key; files by name; empty text and None alike.
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, File):
        return value.name or ""
    return "" if value is None else value


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleAdminForm
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
    readonly_fields = ["publication", "share_preview", "checks", "overrides", "review_history"]
    inlines = [ArticleAuthorInline]
    actions = ["publish_selected", "unpublish_selected"]
    change_list_template = "admin/articles/article/change_list.html"  # reversion's, plus the calendar

    class Media:
        css = {"all": ["css/admin-articles.css"]}
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "section", "kicker", "body", "opened_version"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_credit"]}),
        ("Tags", {"fields": ["tags"]}),
        ("Checks before publishing", {"fields": ["checks", "overrides"]}),
        ("Review", {"fields": ["review_history", "review_note"]}),
        ("Publishing", {"fields": ["publication", "status", "published_at", "is_featured"]}),
        (
            "Search engines and sharing",
            {"fields": ["seo_title", "seo_description", "share_preview", "canonical_url"]},
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
        if "body" in form.base_fields:
            # The editor keeps an unsaved copy while the writer types (static/js/admin-writing.js).
            form.base_fields["body"].widget.attrs.update(
                {
                    "data-autosave-url": reverse("admin:articles_article_autosave"),
                    "data-autosave-discard-url": reverse("admin:articles_article_autosave_discard"),
                    "data-article": obj.pk if obj else "",
                    "data-presence-url": reverse("admin:articles_article_presence", args=[obj.pk]) if obj else "",
                }
            )
        if "published_at" in form.base_fields:
            form.base_fields["published_at"].help_text = (
                f"In the site's time zone ({zone_note()}). Empty means “now” when published; "
                "a future time schedules the article: it appears by itself when due."
            )
        return form

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            kwargs["widget"] = TagSuggestWidget(reverse("admin:articles_article_tag_suggestions"))
        if db_field.name == "body":
            kwargs["widget"] = MarkdownEditor(
                headline_field="headline",
                dek_field="dek",
                upload_url=reverse("admin:articles_image_upload"),
                library_url=reverse("admin:articles_image_library"),
            )
        if db_field.name == "canonical_url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # --- Saving -------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        stored = Article.objects.filter(pk=obj.pk).values(*PUBLISHING_FIELDS).first() if change else None
        if not self.has_publish_permission(request):
            # The fields are read-only in the form; this also stops a crafted POST or a revert.
            obj.status = Article.Status.DRAFT
            obj.published_at = stored["published_at"] if stored else None
            obj.is_featured = stored["is_featured"] if stored else False
        super().save_model(request, obj, form, change)
        services.autosave_discard(user=request.user, article=obj)
        if not change:
            services.autosave_discard(user=request.user, article=None)
        was_live = bool(stored) and stored["status"] == Article.Status.PUBLISHED
        note = form.cleaned_data.get("review_note", "")
        request.published_over = services.article_record_publication(
            article=obj, user=request.user, was_live=was_live, note=note
        )
        if "_submit_review" in request.POST and obj.status == Article.Status.DRAFT:
            services.article_submit_for_review(article=obj, user=request.user, note=note)
            messages.info(request, f"“{obj}” is in the editors' review queue (Articles → Awaiting review).")
        elif "_send_back" in request.POST and self.has_publish_permission(request):
            services.article_send_back(article=obj, user=request.user, note=note)
            messages.info(request, f"“{obj}” went back to its writer with your note.")

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if getattr(request, "published_over", None):
            # In the history too: the revision's comment names the warnings the editor published over.
            warnings = "; ".join(map(str, request.published_over))
            set_comment(f"{entry.get_change_message()} Published over the checks' warnings: {warnings}")
        return entry

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
        warnings = getattr(request, "published_over", None) or article_warnings(article)
        if getattr(request, "published_over", None):
            messages.warning(request, f"“{article}” was published over {len(warnings)} warning(s); your override is recorded.")
        for warning in warnings:
            messages.warning(request, f"“{article}”: {warning}")
        if article.is_scheduled:
            messages.info(request, f"“{article}” is scheduled for {site_time(article.published_at)} ({timezone.get_current_timezone_name()}).")

    # --- List columns -------------------------------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request).for_listing()
        if self.is_review_queue(request):
            return queryset.defer(None).defer("search_vector")  # the checks read the text
        return queryset

    def is_review_queue(self, request):
        match = getattr(request, "resolver_match", None)
        return bool(match) and match.url_name == "articles_article_changelist" and request.GET.get("state") == "review"

    def get_ordering(self, request):
        return ["submitted_at"] if self.is_review_queue(request) else super().get_ordering(request)  # oldest first

    def get_list_display(self, request):
        if self.is_review_queue(request):
            # What an editor needs before opening a submission: who wrote it, and what the checks found.
            return ["headline", "section", "byline", "submitted", "review_warnings"]
        return super().get_list_display(request)

    @admin.display(description="submitted", ordering="submitted_at")
    def submitted(self, obj):
        return site_time(obj.submitted_at)

    @admin.display(description="checks before publishing")
    def review_warnings(self, obj):
        warnings = article_warnings(obj)
        if not warnings:
            return mark_safe('<span class="publishing-checks__none">No warnings</span>')
        return format_html(
            '<strong>{} warning{}</strong><ul class="publishing-checks">{}</ul>',
            len(warnings),
            "" if len(warnings) == 1 else "s",
            format_html_join("", "<li>{}</li>", ((warning,) for warning in warnings)),
        )

    @admin.display(description="state", ordering="status")
    def state(self, obj):
        if obj.is_scheduled:
            return "Scheduled"
        if obj.status == Article.Status.DRAFT and obj.submitted_at:
            return "Awaiting review"
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

    @admin.display(description="warnings")
    def checks(self, obj):
        if obj is None or obj.pk is None:
            return "The checks run when the article is saved."
        warnings = article_warnings(obj)
        if not warnings:
            return "No warnings."
        items = format_html_join("", "<li>{}</li>", ((warning,) for warning in warnings))
        return format_html(
            '<ul class="publishing-checks">{}</ul><p class="help">Warnings don’t stop publishing; '
            "an editor who publishes over them is recorded.</p>",
            items,
        )

    @admin.display(description="history")
    def review_history(self, obj):
        if obj is None or obj.pk is None:
            return "Save the draft, then submit it for review."
        notes = obj.review_notes.select_related("user")
        if not notes:
            return "Not submitted yet."
        return format_html_join(
            "",
            '<p class="review-note">{} — {} {}{}</p>',
            (
                (site_time(n.created_at), n.user or "a deleted user", n.get_kind_display(), f": “{n.text}”" if n.text else ".")
                for n in notes
            ),
        )

    @admin.display(description="published over warnings")
    def overrides(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        rows = obj.publishing_overrides.select_related("user")
        if not rows:
            return "Never."
        return format_html_join(
            "",
            "<p>{} by {}: {}</p>",
            ((site_time(row.created_at), row.user or "a deleted user", "; ".join(row.warnings)) for row in rows),
        )

    @admin.display(description="how it will look")
    def share_preview(self, obj):
        image = obj.hero.src if obj is not None and obj.pk and obj.hero else ""
        return render_search_preview(site_url=settings.SITE_URL, site_name=settings.SITE_NAME, image_url=image)

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
            path("calendar/", self.admin_site.admin_view(self.calendar_view), name="articles_article_calendar"),
            path("autosave/", self.admin_site.admin_view(self.autosave_view), name="articles_article_autosave"),
            path(
                "<int:object_id>/presence/",
                self.admin_site.admin_view(require_POST(self.presence_view)),
                name="articles_article_presence",
            ),
            path(
                "autosave/discard/",
                self.admin_site.admin_view(require_POST(self.autosave_discard_view)),
                name="articles_article_autosave_discard",
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

    def calendar_view(self, request):
        """The editorial calendar: live stories (published and scheduled) by day in the site's time zone.

        GET ?view=week|month&day=YYYY-MM-DD (default: this week). Template
        admin/articles/article/calendar.html; context `calendar` (articles.calendar.EditorialCalendar).
        """
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        view = request.GET.get("view", "week")
        if view not in VIEWS:
            messages.warning(request, f"There is no “{view[:20]}” view; showing the week.")
            view = "week"
        anchor = timezone.localdate()
        asked = request.GET.get("day", "").strip()
        if asked and asked != "today":
            try:
                anchor = date.fromisoformat(asked)
            except ValueError:
                messages.warning(request, f"“{asked[:20]}” isn't a date like 2026-12-07; showing today's {view}.")
            else:
                if not FIRST_DAY <= anchor <= LAST_DAY:
                    messages.warning(request, f"The calendar covers {FIRST_DAY.year} to {LAST_DAY.year}.")
        calendar = build_calendar(view=view, anchor=anchor, articles=self.model.objects.all())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Editorial calendar",
            "calendar": calendar,
            "zone": zone_note(),
            "can_add": self.has_add_permission(request),
        }
        return TemplateResponse(request, "admin/articles/article/calendar.html", context)

    def _autosave_article(self, request, article_id):
        """The article an autosave belongs to (None: a new one), if this user may edit it."""
        article = get_object_or_404(Article, pk=article_id) if str(article_id or "").isdigit() else None
        allowed = self.has_change_permission(request, article) if article else self.has_add_permission(request)
        if not allowed:
            raise PermissionDenied
        return article

    def autosave_view(self, request):
        """GET ?article=ID: the user's unsaved copy if newer than the article. POST JSON {article, headline, dek, body}: keep it."""
        if request.method == "GET":
            article = self._autosave_article(request, request.GET.get("article"))
            autosave = services.autosave_pending(user=request.user, article=article)
            if autosave is None:
                return JsonResponse({"autosave": None})
            fields = {name: getattr(autosave, name) for name in services.AUTOSAVED_FIELDS}
            return JsonResponse({"autosave": {**fields, "saved_at": _clock(autosave.updated_at)}})
        if request.method != "POST":
            return JsonResponse({"error": "GET or POST."}, status=405)
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            return JsonResponse({"error": "Send the fields as JSON."}, status=400)
        if not isinstance(data, dict):
            return JsonResponse({"error": "Send the fields as a JSON object."}, status=400)
        article = self._autosave_article(request, data.get("article"))
        autosave = services.autosave_store(user=request.user, article=article, fields=data)
        return JsonResponse({"saved_at": _clock(autosave.updated_at)})

    def autosave_discard_view(self, request):
        """POST article=ID: forget the user's unsaved copy (they chose not to restore it)."""
        article = self._autosave_article(request, request.POST.get("article"))
        services.autosave_discard(user=request.user, article=article)
        return JsonResponse({"discarded": True})

    def presence_view(self, request, object_id):
        """The editor's heartbeat (POST, every 20 s): note this user has the article open; JSON {others: [names]}."""
        article = get_object_or_404(Article.objects.only("pk"), pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return JsonResponse({"others": services.article_presence_beat(article=article, user=request.user)})

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


# --- The media library ------------------------------------------------------------------------

LIBRARY_RESULTS = 12


class ImageUploadForm(forms.ModelForm):
    """What the editor's image dialog sends: the file and its words."""

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit"]


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail_column", "alt_text", "caption", "credit", "dimensions", "uploaded_by", "created_at"]
    list_display_links = ["thumbnail_column", "alt_text"]
    list_select_related = ["uploaded_by"]
    list_per_page = 50
    search_fields = ["alt_text", "caption", "credit", "file"]
    date_hierarchy = "created_at"
    fields = ["file", "picture", "alt_text", "caption", "credit", "reference", "dimensions", "uploaded_by", "used_in"]
    readonly_fields = ["picture", "reference", "dimensions", "uploaded_by", "used_in"]
    view_on_site = False  # pictures appear on the site only inside articles

    class Media:
        css = {"all": ["css/admin-writing.css"]}

    @admin.display(description="image")
    def thumbnail_column(self, image):
        return format_html('<img class="library-thumb" src="{}" alt="" width="120">', image.thumbnail.src) if image.file else "—"

    @admin.display(description="preview")
    def picture(self, image):
        if not image.pk or not image.file:
            return "—"
        return format_html('<img class="library-picture" src="{}" alt="{}">', image.renditions.src, image.alt_text)

    @admin.display(description="size")
    def dimensions(self, image):
        return f"{image.width} × {image.height} px" if image.width else "—"

    @admin.display(description="Markdown to place it")
    def reference(self, image):
        return format_html("<code>{}</code>", image.markdown) if image.pk else "—"

    @admin.display(description="used in")
    def used_in(self, image):
        if not image.pk:
            return "—"
        articles = Article.objects.using_images([image.pk]).only("headline", "status", "published_at")
        if not articles:
            return "No article places it."
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a> ({})',
            ((reverse("admin:articles_article_change", args=[a.pk]), a.headline, a.get_status_display()) for a in articles),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        if change:
            services.images_refresh_articles(image_ids=[obj.pk])  # new caption, alt text or file

    # An image that a published (or scheduled) article places can't be deleted: it would vanish
    # from the page. Django's delete confirmation lists these as protected and offers no "Yes".
    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        ids = [image.pk for image in objs]
        for article in Article.objects.live().using_images(ids).only("headline", "body"):
            protected.append(format_html("Article: {} (published; take the image out of its text first)", article.headline))
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        services.images_refresh_articles(image_ids=[pk])  # drafts placing it now render without it

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        services.images_refresh_articles(image_ids=ids)

    def get_urls(self):
        return [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="articles_image_upload"),
            path("library/", self.admin_site.admin_view(self.library_view), name="articles_image_library"),
            *super().get_urls(),
        ]

    def upload_view(self, request):
        """Store an image sent by the editor (multipart: file, alt_text, caption, credit): JSON {id, markdown} or errors."""
        if request.method != "POST":
            return JsonResponse({"error": "POST an image."}, status=405)
        if not self.has_add_permission(request):
            raise PermissionDenied
        limit = validate_image.max_bytes
        if int(request.META.get("CONTENT_LENGTH") or 0) > limit + 64 * 1024:
            # Refused before reading the body: the validator would say the same after 50 MB of upload.
            return JsonResponse({"error": f"This file is over {limit // 1_048_576} MB, the limit for images."}, status=413)
        form = ImageUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return JsonResponse({"errors": {name: list(errors) for name, errors in form.errors.items()}}, status=400)
        image = form.save(commit=False)
        self.save_model(request, image, form, change=False)
        self.log_addition(request, image, [{"added": {}}])
        return JsonResponse({"id": image.pk, "markdown": image.markdown, "thumbnail": image.thumbnail.src}, status=201)

    def library_view(self, request):
        """The newest library images matching `q` (alt text, caption, credit, file name), as JSON for the editor."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        images = Image.objects.search(request.GET.get("q", "")[:100]).only("file", "alt_text", "caption")[:LIBRARY_RESULTS]
        return JsonResponse(
            {
                "images": [
                    {"id": image.pk, "alt_text": image.alt_text, "markdown": image.markdown, "thumbnail": image.thumbnail.src}
                    for image in images
                ]
            }
        )
