from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Sum
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from directory import services
from directory.forms import ToolImportForm
from directory.models import (
    Category,
    DailyClickCount,
    ExchangeRate,
    OutcomeReport,
    Tool,
    ToolChange,
    ToolSubmission,
    Workflow,
)
from fluxsite.cache import bump_generation
from fluxsite.importers import ImportRejected

# Editors typing "maker.example" get https://, not http:// (Django 6's default, chosen now).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "tool_count"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "description"]

    @admin.display(description="tools")
    def tool_count(self, obj):
        return obj.tools.count()


VERIFY_WINDOW_DAYS = 90


class VerifiedFilter(admin.SimpleListFilter):
    title = "last verified"
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("recent", f"Within {VERIFY_WINDOW_DAYS} days"), ("stale", f"Not in {VERIFY_WINDOW_DAYS} days (or never)")]

    def queryset(self, request, queryset):
        since = timezone.now() - timezone.timedelta(days=VERIFY_WINDOW_DAYS)
        if self.value() == "recent":
            return queryset.filter(last_verified_at__gte=since)
        if self.value() == "stale":
            return queryset.filter(models.Q(last_verified_at__lt=since) | models.Q(last_verified_at__isnull=True))
        return queryset


class ToolAdminForm(forms.ModelForm):
    history_note = forms.CharField(
        label="Note for the tool's history",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown to readers with this save's changes to pricing, plans, licence, open weights or URL "
        "(or on its own when nothing else changed).",
    )

    class Meta:
        model = Tool
        fields = ["name"]  # ToolAdmin.fieldsets decide which fields the form has


@admin.register(Tool)
class ToolAdmin(admin.ModelAdmin):
    form = ToolAdminForm
    list_display = [
        "name", "kind", "pricing_model", "is_open", "origin_country", "editorial_rating", "recent_clicks",
        "has_affiliate_link", "last_verified_at", "is_published",
    ]
    list_filter = ["status", VerifiedFilter, "kind", "pricing_model", "is_open", "categories", "origin_country"]
    search_fields = ["name", "slug", "tagline", "maker"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["categories"]
    autocomplete_fields = ["mentioned_in"]
    readonly_fields = ["recent_clicks", "score", "click_stats_link", "last_verified_at", "history_link"]
    change_list_template = "admin/directory/tool/change_list.html"
    formfield_overrides = URL_FIELDS
    actions = ["verify", "publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "tagline", "description", "logo", "status"]}),
        ("Links", {"fields": ["website_url", "affiliate_url"]}),
        ("Classification", {"fields": [
            "kind", "categories", "tags", "pricing_model", "starting_price", "price_currency", "price_unit", "plans",
        ]}),
        ("Licence and origin", {"fields": ["is_open", "licence", "maker", "origin_country"]}),
        ("History", {"fields": ["history_note", "last_verified_at", "history_link"]}),
        ("Ranking", {"fields": ["editorial_rating", "recent_clicks", "score", "click_stats_link"]}),
        ("Articles", {"classes": ["collapse"], "fields": ["mentioned_in"]}),
    ]

    @admin.display(boolean=True, description="published", ordering="status")
    def is_published(self, obj):
        return obj.is_published

    @admin.display(boolean=True, description="affiliate")
    def has_affiliate_link(self, obj):
        return obj.has_affiliate

    @admin.display(description="click statistics")
    def click_stats_link(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:directory_dailyclickcount_changelist") + f"?tool__id__exact={obj.pk}"
        return format_html('<a href="{}">Clicks per day</a>', url)

    @admin.display(description="history")
    def history_link(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:directory_toolchange_changelist") + f"?tool__id__exact={obj.pk}"
        return format_html('<a href="{}">Recorded changes</a>', url)

    def save_model(self, request, obj, form, change):
        before = None
        if change:
            stored = Tool.objects.filter(pk=obj.pk).first()
            before = services.tool_tracked_values(stored) if stored else None
        super().save_model(request, obj, form, change)
        if before is not None:
            services.tool_changes_record(
                tool=obj, before=before, note=form.cleaned_data.get("history_note", ""), editor=request.user
            )

    @admin.action(description="Verify: the selected tools' facts were checked today", permissions=["change"])
    def verify(self, request, queryset):
        changed = services.tools_verify(tools=queryset)
        messages.success(request, f"Marked {changed} tool(s) verified today.")

    @admin.action(description="Publish selected tools", permissions=["change"])
    def publish(self, request, queryset):
        queryset.update(status=Tool.Status.PUBLISHED, updated_at=timezone.now())
        bump_generation()  # update() sends no signals: tell the page cache ourselves

    @admin.action(description="Unpublish selected tools", permissions=["change"])
    def unpublish(self, request, queryset):
        queryset.update(status=Tool.Status.DRAFT, updated_at=timezone.now())
        bump_generation()

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="directory_tool_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a CSV of tools: all rows saved, or none and each bad line listed."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            return redirect("admin:index")
        form = ToolImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            try:
                result = services.tool_import_csv(
                    data=form.cleaned_data["file"].read(), note=form.cleaned_data["history_note"], editor=request.user
                )
            except ImportRejected as failure:
                errors = failure.errors
                messages.error(request, f"Nothing was imported: {len(errors)} problem(s) found. Fix them and upload again.")
            else:
                messages.success(
                    request, f"Imported {len(result.created)} new and updated {len(result.updated)} existing tools."
                )
                return redirect("admin:directory_tool_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import tools from CSV",
            "form": form,
            "errors": errors,
            "columns": services.CSV_COLUMNS,
        }
        return TemplateResponse(request, "admin/directory/tool/import.html", context)


@admin.register(Workflow)
class WorkflowAdmin(admin.ModelAdmin):
    list_display = [
        "title", "monthly_earnings", "earnings_currency", "reported_by", "reported_at", "report_count", "is_published",
    ]
    list_filter = ["status", "earnings_currency", "reported_at", "tools"]
    search_fields = ["title", "summary", "reported_by"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["tools"]
    date_hierarchy = "reported_at"
    formfield_overrides = URL_FIELDS

    @admin.display(boolean=True, description="published", ordering="status")
    def is_published(self, obj):
        return obj.is_published


@admin.register(DailyClickCount)
class DailyClickCountAdmin(admin.ModelAdmin):
    """Click statistics: per tool per day; filter by tool, drill down by date, see the total."""

    list_display = ["day", "tool", "clicks"]
    list_filter = ["day", ("tool", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["tool__name", "tool__slug"]
    date_hierarchy = "day"
    list_select_related = ["tool"]
    change_list_template = "admin/directory/dailyclickcount/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            queryset = changelist.queryset
            response.context_data["total_clicks"] = queryset.aggregate(total=Sum("clicks"))["total"] or 0
            response.context_data["top_tools"] = (
                queryset.values("tool__name", "tool__slug").annotate(total=Sum("clicks")).order_by("-total")[:10]
            )
        return response


class ModerationForm(forms.ModelForm):
    """An editor moves a reader's item to the statuses `moves` allows from where it is; the reason goes unless rejected."""

    moves = {}  # status -> the other statuses an editor may set from it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = {self.instance.status, *self.moves.get(self.instance.status, ())}
        self.fields["status"].choices = [(s.value, s.label) for s in self._meta.model.Status if s in allowed]

    def clean(self):
        data = super().clean()
        if data.get("status") != self._meta.model.Status.REJECTED:
            data["rejection_reason"] = ""
        return data


class OutcomeReportForm(ModerationForm):
    """Moderation only: editors accept or reject (with a reason); the reporter's answers stay as sent.

    Unconfirmed and withdrawn reports are the reporter's to move.
    """

    Status = OutcomeReport.Status
    moves = dict.fromkeys([Status.PENDING, Status.ACCEPTED, Status.REJECTED], [Status.ACCEPTED, Status.REJECTED])

    class Meta:
        model = OutcomeReport
        fields = ["status", "rejection_reason", "rejection_note"]


@admin.register(OutcomeReport)
class OutcomeReportAdmin(admin.ModelAdmin):
    """Readers' reports: accept, or reject for spam and abuse with a reason; never edit the figures."""

    form = OutcomeReportForm
    list_display = [
        "workflow", "monthly_earnings", "currency", "monthly_costs", "hours_per_week", "months", "outcome",
        "status", "rejection_reason", "created_at",
    ]
    list_filter = ["status", "outcome", "currency", "rejection_reason"]
    search_fields = ["workflow__title", "email", "note"]
    list_select_related = ["workflow"]
    raw_id_fields = ["workflow"]
    date_hierarchy = "created_at"
    actions = ["accept", "reject_as_spam"]
    readonly_fields = [
        "workflow", "monthly_earnings", "currency", "monthly_costs", "hours_per_week", "months", "outcome", "note",
        "email", "created_at", "confirmed_at", "moderated_at", "moderated_by", "withdrawn_at",
    ]
    fieldsets = [
        ("The report, as sent", {"fields": [
            "workflow", "monthly_earnings", "currency", "monthly_costs", "hours_per_week", "months", "outcome", "note",
        ]}),
        ("Moderation", {
            "description": "Accept anything that is a real attempt, however low or negative. Reject only spam, "
            "abuse, duplicates, off-topic or test entries, and pick the reason: it is counted publicly.",
            "fields": ["status", "rejection_reason", "rejection_note", "moderated_at", "moderated_by"],
        }),
        ("Reporter", {"classes": ["collapse"], "fields": ["email", "created_at", "confirmed_at", "withdrawn_at"]}),
    ]

    def has_add_permission(self, request):
        return False  # reports come from readers, confirmed by email

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data or "rejection_reason" in form.changed_data:
            obj.moderated_at = timezone.now()
            obj.moderated_by = request.user
        super().save_model(request, obj, form, change)
        services.workflow_stats_refresh(workflows=Workflow.objects.filter(pk=obj.workflow_id))
        bump_generation()  # the model is private to the page cache; moderation changes public counts

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.workflow_stats_refresh(workflows=Workflow.objects.filter(pk=obj.workflow_id))
        bump_generation()

    def delete_queryset(self, request, queryset):
        workflow_ids = set(queryset.values_list("workflow_id", flat=True))
        super().delete_queryset(request, queryset)
        services.workflow_stats_refresh(workflows=Workflow.objects.filter(pk__in=workflow_ids))
        bump_generation()

    @admin.action(description="Accept selected reports", permissions=["change"])
    def accept(self, request, queryset):
        changed = services.reports_accept(reports=queryset, editor=request.user)
        messages.success(request, f"Accepted {changed} report(s). Unconfirmed and withdrawn reports are left as they are.")

    @admin.action(description="Reject selected reports as spam", permissions=["change"])
    def reject_as_spam(self, request, queryset):
        changed = services.reports_reject(
            reports=queryset, reason=OutcomeReport.RejectionReason.SPAM, editor=request.user
        )
        messages.success(request, f"Rejected {changed} report(s) as spam.")


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    """Dated rates: each currency's latest converts readers' reports; add a new date rather than overwrite."""

    list_display = ["currency", "usd_per_unit", "as_of", "source"]
    list_filter = ["currency"]
    search_fields = ["currency", "source"]
    date_hierarchy = "as_of"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.workflow_stats_refresh()  # every workflow's medians in US dollars may move

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.workflow_stats_refresh()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.workflow_stats_refresh()


@admin.register(ToolChange)
class ToolChangeAdmin(admin.ModelAdmin):
    """The recorded history: written by tool saves; editors may reword a note or delete a mistaken entry."""

    list_display = ["changed_at", "tool", "field", "old_value", "new_value", "note", "changed_by"]
    list_filter = ["field", ("tool", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["tool__name", "note", "old_value", "new_value"]
    list_select_related = ["tool", "changed_by"]
    date_hierarchy = "changed_at"
    fields = ["tool", "field", "old_value", "new_value", "changed_at", "changed_by", "note"]
    readonly_fields = ["tool", "field", "old_value", "new_value", "changed_at", "changed_by"]

    def has_add_permission(self, request):
        return False  # entries come from tool saves (with their note)


class ToolSubmissionForm(ModerationForm):
    """Editors reject (with a reason) or send a wrongly flagged duplicate back to review; accepting is an action."""

    Status = ToolSubmission.Status
    moves = dict.fromkeys([Status.PENDING, Status.DUPLICATE], [Status.REJECTED, Status.PENDING])

    class Meta:
        model = ToolSubmission
        fields = ["status", "rejection_reason"]


@admin.register(ToolSubmission)
class ToolSubmissionAdmin(admin.ModelAdmin):
    """Readers' suggestions: confirmed ones wait here; duplicates are found before an editor sees them."""

    form = ToolSubmissionForm
    list_display = ["name", "domain", "category", "pricing_model", "status", "duplicate_of", "tool", "created_at"]
    list_filter = ["status", "category", "pricing_model", "rejection_reason"]
    search_fields = ["name", "domain", "tagline", "email"]
    list_select_related = ["category", "duplicate_of", "tool"]
    raw_id_fields = ["duplicate_of", "tool"]
    actions = ["accept"]
    fields = [
        "name", "website_url", "domain", "tagline", "category", "pricing_model", "is_open", "origin_country", "note",
        "email", "status", "duplicate_of", "rejection_reason", "tool", "confirmed_at", "moderated_at",
    ]
    readonly_fields = [
        "name", "website_url", "domain", "tagline", "category", "pricing_model", "is_open", "origin_country", "note",
        "email", "duplicate_of", "tool", "confirmed_at", "moderated_at",
    ]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Accept: create a draft tool for each", permissions=["change"])
    def accept(self, request, queryset):
        tools = services.tool_submissions_accept(submissions=queryset)
        messages.success(request, f"Created {len(tools)} draft tool(s); only confirmed, non-duplicate suggestions are accepted.")
