from django.contrib import admin

from articles.models import Article, ArticleAuthor, Author, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "bio"]
    raw_id_fields = ["user"]


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "section", "status", "published_at", "is_featured"]
    list_filter = ["status", "section", "is_featured"]
    search_fields = ["headline", "dek", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    inlines = [ArticleAuthorInline]
    publishing_fields = ["status", "published_at", "is_featured"]

    def get_readonly_fields(self, request, obj=None):
        # Publishing is the Editors' permission: Writers see these fields but can't change them,
        # so a Writer's article stays a draft whatever the form posts.
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("articles.publish_article"):
            fields += [f for f in self.publishing_fields if f not in fields]
        return fields
