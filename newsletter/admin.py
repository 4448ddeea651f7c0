from csp.constants import NONE, SELF
from csp.decorators import csp_replace
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from fluxsite.importers import ImportRejected
from fluxsite.widgets import MarkdownEditor
from newsletter import sending, services
from newsletter.emails import EditionMailer
from newsletter.forms import SubscriberImportForm
from newsletter.models import Delivery, Edition, MailEvent, Subscriber, Topic, WelcomeEmail


@csp_replace({"style-src": ["'unsafe-inline'"], "script-src": [NONE], "form-action": [NONE], "frame-ancestors": [SELF]})
def _email_html_response(html):
    # Email HTML is styled inline (mail apps drop stylesheets); the preview may run those styles, nothing else.
    return HttpResponse(html)


COMPLAINT_LINE = 0.003  # Gmail refuses bulk mail from senders above 0.3 % spam complaints


def complaint_rate(complained, delivered):
    """The rate as text, marked when at or over Gmail's 0.3 % line."""
    if not delivered:
        return "—"
    rate = complained / delivered
    text = f"{rate:.2%}"
    if rate >= COMPLAINT_LINE:
        return format_html('<strong style="color:#b3261e">{} (over the 0.3 % line)</strong>', text)
    return text


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "source_page", "import_source", "consented_at", "confirmed_at", "created_at"]
    list_filter = ["status", "topics", ("import_source", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["email", "source_page", "import_source"]
    readonly_fields = [
        "consented_at", "confirmed_at", "confirmation_sent_at", "welcomed_at", "unsubscribed_at", "bounced_at",
        "source_page", "import_source", "created_at", "updated_at",
    ]
    fields = ["email", "status", "topics", *readonly_fields]
    filter_horizontal = ["topics"]
    date_hierarchy = "created_at"
    show_full_result_count = False  # no COUNT(*) over 100k rows on every page
    actions = ["mark_bounced", "mark_unsubscribed"]

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="newsletter_subscriber_import"),
            path("export/", self.admin_site.admin_view(self.export_view), name="newsletter_subscriber_export"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        counts = Subscriber.objects.counts_by_status()
        extra_context = {
            **(extra_context or {}),
            "status_counts": [(value, label, counts[value]) for value, label in Subscriber.Status.choices],
            "total_count": sum(counts.values()),
        }
        return super().changelist_view(request, extra_context)

    def export_view(self, request):
        """Download the subscribers the changelist currently shows (filters and search apply)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        queryset = self.get_changelist_instance(request).get_queryset(request)
        response = StreamingHttpResponse(services.subscribers_export_rows(queryset), content_type="text/csv")
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="sauce-drop-subscribers-{stamp}.csv"'
        return response

    def import_view(self, request):
        """Upload a CSV: every row valid or nothing saved; errors listed with line numbers."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        errors = []
        form = SubscriberImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            source = f"{upload.name} ({timezone.localdate():%Y-%m-%d})"
            try:
                report = services.subscribers_import_csv(data=upload.read(), source_name=source)
            except ImportRejected as rejected:
                errors = rejected.errors
            else:
                self.message_user(
                    request,
                    f"Imported {upload.name}: {report.created} new, {report.existing} already subscribed, "
                    f"{report.suppressed} suppressed (bounced or unsubscribed, left alone), "
                    f"{report.duplicates} duplicate rows ignored.",
                    messages.SUCCESS,
                )
                return redirect("admin:newsletter_subscriber_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import subscribers from CSV",
            "form": form,
            "errors": errors,
        }
        return TemplateResponse(request, "admin/newsletter/subscriber/import.html", context)

    @admin.action(description="Mark as bounced (suppress for good)", permissions=["change"])
    def mark_bounced(self, request, queryset):
        for pk in queryset.values_list("pk", flat=True):
            services.subscriber_mark_bounced(subscriber_id=pk, reason=f"marked by {request.user}")
        self.message_user(request, "Suppressed the selected addresses.", messages.SUCCESS)

    @admin.action(description="Unsubscribe", permissions=["change"])
    def mark_unsubscribed(self, request, queryset):
        for subscriber in queryset:
            services.subscriber_unsubscribe(subscriber=subscriber)
        self.message_user(request, "Unsubscribed the selected addresses.", messages.SUCCESS)


class MarkdownBodyAdmin(admin.ModelAdmin):
    """The body is written in the articles' editor, with the same server-rendered preview beside it."""

    preview_heading = {"headline_field": "subject"}  # form fields the preview shows above the body

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = MarkdownEditor(**self.preview_heading)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Edition)
class EditionAdmin(MarkdownBodyAdmin):
    list_display = [
        "subject", "topic", "status", "scheduled_at", "sent_at", "progress", "uncertain_count", "complaints",
        "is_published",
    ]
    list_filter = ["status", "topic"]
    list_select_related = ["topic"]
    search_fields = ["subject", "preheader", "body"]
    preview_heading = {"headline_field": "subject", "dek_field": "preheader"}
    prepopulated_fields = {"slug": ["subject"]}
    readonly_fields = ["status", "delivery_progress", "reception", "link_clicks", "started_at", "sent_at"]
    fieldsets = [
        (None, {"fields": ["subject", "preheader", "slug", "topic", "body"]}),
        ("Sending", {"fields": ["status", "scheduled_at", "delivery_progress", "started_at", "sent_at"]}),
        ("How it was received", {"fields": ["reception", "link_clicks"]}),
    ]

    def get_queryset(self, request):
        complaint = Q(mail_events__kind=MailEvent.Kind.COMPLAINT)
        return super().get_queryset(request).annotate(
            complained=Count("mail_events__subscriber", filter=complaint, distinct=True)
        )

    @admin.display(description="complaints")
    def complaints(self, obj):
        if not obj.sent_count:
            return "—"
        return format_html("{} · {}", obj.complained, complaint_rate(obj.complained, obj.sent_count))

    @admin.display(description="delivered, bounced, complained, unsubscribed")
    def reception(self, obj):
        if obj is None or obj.status not in (Edition.Status.SENDING, Edition.Status.SENT):
            return "Not sent yet."
        events = MailEvent.objects.counts_by_edition([obj.pk]).get(obj.pk, {})
        bounced = obj.failed_count + events.get(MailEvent.Kind.HARD_BOUNCE, 0)
        complained = events.get(MailEvent.Kind.COMPLAINT, 0)
        return format_html(
            "Delivered: {} · Bounced: {} (hard; {} soft) · Complained: {} · Unsubscribed: {}<br>"
            "Complaint rate: {} of delivered. Gmail starts refusing bulk mail above 0.3 %; aim under 0.1 %."
            ' <a href="{}?edition__id__exact={}">Events</a>',
            f"{obj.sent_count:,}", f"{bounced:,}", f"{events.get(MailEvent.Kind.SOFT_BOUNCE, 0):,}",
            f"{complained:,}", f"{events.get(MailEvent.Kind.UNSUBSCRIBE, 0):,}",
            complaint_rate(complained, obj.sent_count),
            reverse("admin:newsletter_mailevent_changelist"), obj.pk,
        )

    @admin.display(description="clicks per link")
    def link_clicks(self, obj):
        links = list(obj.links.values_list("position", "url", "clicks")) if obj and obj.pk else []
        if not links:
            return "No links yet: they are listed once the email is built (preview, test copy or send)."
        rows = format_html_join(
            "", '<tr><td>{}</td><td><a href="{}" rel="noopener">{}</a></td><td>{}</td></tr>',
            ((position, url, url, f"{clicks:,}") for position, url, clicks in links),
        )
        return format_html(
            "<table><thead><tr><th>#</th><th>Link</th><th>Clicks</th></tr></thead><tbody>{}</tbody></table>"
            "<p>Counted when a reader follows the link in a sent edition; nothing about the reader is stored, "
            "so this counts clicks, not people. Previews, test copies and link scanners aren't counted.</p>",
            rows,
        )

    actions = ["send_test_to_me", "send_now", "schedule"]

    def get_urls(self):
        def view(func, name):
            return path(f"<int:object_id>/{name}/", self.admin_site.admin_view(func), name=f"newsletter_edition_{name.replace('-', '_')}")

        return [
            path(
                "draft-from-workflows/",
                self.admin_site.admin_view(self.draft_from_workflows_view),
                name="newsletter_edition_draft_from_workflows",
            ),
            view(self.preview_view, "preview"),
            view(self.email_view, "email"),
            view(self.send_test_view, "send-test"),
            view(self.send_view, "send"),
            *super().get_urls(),
        ]

    def view_on_site(self, obj):
        if obj.is_published:
            return obj.get_absolute_url()
        return reverse("admin:newsletter_edition_preview", args=[obj.pk])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_send": self.has_send_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _viewable(self, request, object_id):
        edition = get_object_or_404(Edition, pk=object_id)
        if not self.has_view_or_change_permission(request, edition):
            raise PermissionDenied
        return edition

    def preview_view(self, request, object_id):
        """The archive page of any edition (draft, scheduled or sent) as readers will see it; staff only."""
        edition = self._viewable(request, object_id)
        response = TemplateResponse(request, "newsletter/edition_detail.html", {"edition": edition, "preview": True})
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response

    def email_view(self, request, object_id):
        """The email as a subscriber's mail app gets it (HTML, or ?part=text); links are the viewer's own."""
        edition = self._viewable(request, object_id)
        message = EditionMailer(edition).message(Subscriber(pk=0, email=request.user.email or "preview@flux.example"))
        if request.GET.get("part") == "text":
            response = HttpResponse(message.body, content_type="text/plain; charset=utf-8")
        else:
            response = _email_html_response(message.alternatives[0][0])
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response

    def send_test_view(self, request, object_id):
        """POST: send the editor a [TEST] copy, then back to the edition."""
        edition = self._viewable(request, object_id)
        if request.method != "POST":
            return redirect("admin:newsletter_edition_change", edition.pk)
        if not request.user.email:
            self.message_user(request, "Add an email address to your user account first.", messages.ERROR)
        else:
            sending.edition_send_test(edition=edition, to=request.user.email)
            self.message_user(request, f"Sent a test copy to {request.user.email}.", messages.SUCCESS)
        return redirect("admin:newsletter_edition_change", edition.pk)

    def send_view(self, request, object_id):
        """GET: what is about to go out and to how many; POST: queue it."""
        if not self.has_send_permission(request):
            raise PermissionDenied
        edition = get_object_or_404(Edition, pk=object_id)
        sendable = edition.status in (Edition.Status.DRAFT, Edition.Status.SCHEDULED)
        refused = None
        if request.method == "POST" and sendable:
            try:
                batches = sending.edition_enqueue(edition_id=edition.pk)
            except sending.SendRefused as error:
                refused = f"Not sent. {error}"
            else:
                self.message_user(request, f"Queued “{edition}” in {batches} batch(es).", messages.SUCCESS)
                return redirect("admin:newsletter_edition_change", edition.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Send “{edition.subject}”?",
            "edition": edition,
            "audience": Subscriber.objects.audience(edition.topic_id).count(),
            "sendable": sendable,
            "refused": refused,
        }
        return TemplateResponse(request, "admin/newsletter/edition/send_confirm.html", context, status=400 if refused else 200)

    def has_send_permission(self, request):
        return request.user.has_perm("newsletter.send_edition")

    def get_prepopulated_fields(self, request, obj=None):
        if obj and obj.status in (Edition.Status.SENDING, Edition.Status.SENT):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj and obj.status in (Edition.Status.SENDING, Edition.Status.SENT):
            fields += ["subject", "preheader", "slug", "topic", "body", "scheduled_at"]  # what went out stays as it was
        return fields

    @admin.display(boolean=True, description="in archive")
    def is_published(self, obj):
        return obj.is_published

    @admin.display(description="sent")
    def progress(self, obj):
        if not obj.recipients_count:
            return "—"
        return f"{obj.sent_count:,} / {obj.recipients_count:,}"

    @admin.display(description="delivery progress")
    def delivery_progress(self, obj):
        if obj is None or not obj.pk:
            return "—"
        counts = dict(obj.deliveries.order_by().values_list("state").annotate(n=Count("id")))
        total = sum(counts.values())
        if not total:
            return "Not sent yet."
        parts = ", ".join(f"{label}: {counts.get(value, 0):,}" for value, label in Delivery.State.choices)
        done = counts.get(Delivery.State.SENT, 0) + counts.get(Delivery.State.FAILED, 0) + counts.get(
            Delivery.State.SKIPPED, 0
        )
        return format_html(
            '<progress max="{}" value="{}"></progress> {} of {} done ({}). Resent after a crash: {}.'
            ' <a href="{}?edition__id__exact={}">Deliveries</a>',
            total, done, f"{done:,}", f"{total:,}", parts, f"{obj.uncertain_count:,}",
            reverse("admin:newsletter_delivery_changelist"), obj.pk,
        )

    def draft_from_workflows_view(self, request):
        if request.method != "POST" or not self.has_add_permission(request):
            raise PermissionDenied
        edition = services.edition_draft_from_workflows()
        self.message_user(request, f"Drafted “{edition.subject}” from this week's workflows.", messages.SUCCESS)
        return redirect("admin:newsletter_edition_change", edition.pk)

    @admin.action(description="Send a test copy to me", permissions=["view"])
    def send_test_to_me(self, request, queryset):
        if not request.user.email:
            self.message_user(request, "Add an email address to your user account first.", messages.ERROR)
            return
        for edition in queryset:
            sending.edition_send_test(edition=edition, to=request.user.email)
        self.message_user(request, f"Sent {queryset.count()} test copy(ies) to {request.user.email}.", messages.SUCCESS)

    @admin.action(description="Send now… (asks first)", permissions=["send"])
    def send_now(self, request, queryset):
        editions = list(queryset[:2])
        if len(editions) != 1:
            self.message_user(request, "Choose one edition to send.", messages.ERROR)
            return None
        return redirect("admin:newsletter_edition_send", editions[0].pk)

    @admin.action(description="Schedule at the time set on the edition", permissions=["send"])
    def schedule(self, request, queryset):
        for edition in queryset:
            if not edition.scheduled_at:
                self.message_user(request, f"Set a scheduled time on “{edition}” first.", messages.ERROR)
                continue
            try:
                services.edition_schedule(edition=edition, when=edition.scheduled_at)
            except forms.ValidationError as error:
                self.message_user(request, f"“{edition}”: {error.messages[0]}", messages.ERROR)
                continue
            when = timezone.localtime(edition.scheduled_at)
            self.message_user(request, f"Scheduled “{edition}” for {when:%b %d, %H:%M %Z}.", messages.SUCCESS)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """What readers can choose on their preferences page; each edition goes to one topic's readers."""

    list_display = ["name", "slug", "is_default", "order", "active_subscribers"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description", "is_default", "order"]

    def get_queryset(self, request):
        active = Q(subscribers__status=Subscriber.Status.ACTIVE)
        return super().get_queryset(request).annotate(active_count=Count("subscribers", filter=active))

    @admin.display(description="active subscribers", ordering="active_count")
    def active_subscribers(self, obj):
        return f"{obj.active_count:,}"

    def has_delete_permission(self, request, obj=None):
        # Editions point at their topic; a topic with editions can't go (PROTECT) and none should vanish silently.
        return super().has_delete_permission(request, obj) and not (obj and obj.editions.exists())


@admin.register(WelcomeEmail)
class WelcomeEmailAdmin(MarkdownBodyAdmin):
    """The one welcome email: edited here, sent by the queue right after a reader confirms."""

    list_display = ["subject", "is_active", "updated_at"]
    search_fields = ["subject", "body"]
    fields = ["subject", "body", "is_active"]
    actions = ["send_test_to_me"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not WelcomeEmail.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False  # untick "active" instead: there is always one to edit

    @admin.action(description="Send a test copy to me", permissions=["view"])
    def send_test_to_me(self, request, queryset):
        if not request.user.email:
            self.message_user(request, "Add an email address to your user account first.", messages.ERROR)
            return
        for welcome in queryset:
            services.welcome_send_test(welcome=welcome, to=request.user.email)
        self.message_user(request, f"Sent a test copy to {request.user.email}.", messages.SUCCESS)


@admin.register(MailEvent)
class MailEventAdmin(admin.ModelAdmin):
    """Bounces, complaints and unsubscribes as they came in; read-only."""

    list_display = ["occurred_at", "kind", "subscriber", "edition", "source", "detail"]
    list_filter = ["kind", "source", "edition"]
    search_fields = ["subscriber__email", "detail"]
    list_select_related = ["subscriber", "edition"]
    raw_id_fields = ["subscriber", "edition"]
    date_hierarchy = "occurred_at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["edition", "subscriber", "state", "was_uncertain", "attempts", "sent_at", "error"]
    list_filter = ["state", "was_uncertain", "edition"]
    search_fields = ["subscriber__email"]
    list_select_related = ["edition", "subscriber"]
    raw_id_fields = ["edition", "subscriber"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
