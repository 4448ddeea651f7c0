from django.contrib import admin

from fluxsite.widgets import MarkdownEditor
from pages.models import SitePage


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "slug", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "description", "body", "is_published"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = MarkdownEditor(headline_field="title")
        return super().formfield_for_dbfield(db_field, request, **kwargs)
