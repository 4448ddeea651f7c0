"""The wire in the admin: dispatches, market figures and the API tokens of newsroom scripts."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone

from wire.models import ApiToken, MarketQuote, WireItem


@admin.register(WireItem)
class WireItemAdmin(admin.ModelAdmin):
    list_display = ["headline", "link_kind", "source", "published_at", "expires_at", "pinned", "is_live"]
    list_filter = ["pinned", "published_at", "source"]
    list_editable = ["pinned"]
    list_select_related = ["article"]
    search_fields = ["headline", "source", "url"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["article"]
    fieldsets = [
        (None, {"fields": ["headline", "source", "pinned"]}),
        ("Link (one or none)", {"fields": ["article", "url"]}),
        ("Timing", {"fields": ["published_at", "expires_at"]}),
    ]

    @admin.display(description="link")
    def link_kind(self, item):
        return "article" if item.article_id else "external" if item.url else "—"

    @admin.display(boolean=True, description="on the wire")
    def is_live(self, item):
        return item.is_live


@admin.register(MarketQuote)
class MarketQuoteAdmin(admin.ModelAdmin):
    list_display = ["symbol", "label", "value", "unit", "as_of", "change", "is_fresh", "source"]
    list_filter = ["symbol", "unit", "source"]
    search_fields = ["symbol", "label"]
    date_hierarchy = "as_of"

    def get_queryset(self, request):
        return super().get_queryset(request).with_change()

    @admin.display(description="change vs previous")
    def change(self, quote):
        return "first figure" if quote.change is None else f"{quote.change:+f}"

    @admin.display(boolean=True, description="fresh")
    def is_fresh(self, quote):
        return not quote.is_stale


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens for newsroom scripts: the secret is shown once, on creation; revoke rather than delete."""

    list_display = ["name", "prefix", "created_at", "created_by", "last_used_at", "is_active"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name"]
        return ["name", "prefix", "created_by", "created_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]

    @admin.display(boolean=True, description="active")
    def is_active(self, token):
        return token.is_active

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            request.wire_token_secret = obj.issue_secret()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        secret = getattr(request, "wire_token_secret", None)
        if secret is None:
            return super().response_add(request, obj, post_url_continue)
        # Rendered straight from the POST (no redirect) so the secret never enters a session or a message.
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Token for {obj.name}",
            "token": obj,
            "secret": secret,
        }
        return TemplateResponse(request, "wire/admin_token_created.html", context)

    @admin.action(description="Revoke selected tokens (scripts using them get 403)", permissions=["change"])
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"{count} token(s) revoked.", messages.SUCCESS)
