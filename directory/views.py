"""Public directory pages. Every queryset starts from `published()`; staff may preview drafts."""


from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag, TaggedItem

from articles.models import Article
from directory import services
from directory.forms import WORKFLOW_SORTS, ToolFilterForm
from directory.models import Category, Tool, Workflow
from fluxsite.cache import is_anonymous
from fluxsite.seo import absolute_url

ALTERNATIVES_SHOWN = 6
COMPARE_MIN, COMPARE_MAX = 2, 4


class LenientPaginationMixin:
    """A malformed page number shows page 1, one past the end shows the last page: never an error."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class DirectoryMixin:
    """Readers see published rows; signed-in staff may preview drafts on detail pages."""

    def visible(self, queryset):
        # Only a visitor with a session can be staff. Asking anyone else's `request.user` reads
        # the session, which marks the page `Vary: Cookie` and keeps it out of the page cache.
        if not is_anonymous(self.request):
            user = self.request.user
            if user.is_authenticated and user.is_staff:
                return queryset
        return queryset.published()


class ToolListView(LenientPaginationMixin, ListView):
    """/tools/ with GET filters. Template directory/tool_list.html; context: form, page_obj, filters."""

    template_name = "directory/tool_list.html"
    context_object_name = "tools"
    paginate_by = 24
    category = None

    def get_form(self):
        published = Tool.objects.published()
        origin_codes = (
            published.exclude(origin_country="").order_by().values_list("origin_country", flat=True).distinct()
        )
        self.categories = list(Category.objects.all())
        return ToolFilterForm(self.request.GET, categories=self.categories, origin_codes=list(origin_codes))

    def get_queryset(self):
        self.form = self.get_form()
        queryset = Tool.objects.published().for_listing()
        if self.category:
            queryset = queryset.filter(categories=self.category)
        return self.form.apply(queryset)

    def get_context_data(self, **kwargs):
        filters = self.form.valid_filters()
        tag = None
        if "tag" in filters:
            tag = Tag.objects.filter(slug=filters["tag"]).first()
        return super().get_context_data(
            form=self.form,
            filters=filters,
            filtered=bool(set(filters) - {"sort"}),
            tag=tag,
            category=self.category,
            categories=self.categories,
            **kwargs,
        )


class CategoryView(ToolListView):
    template_name = "directory/category_detail.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)


class ToolDetailView(DirectoryMixin, DetailView):
    """One tool. Template directory/tool_detail.html; context: tool, alternatives, mentions, workflows, jsonld."""

    context_object_name = "tool"
    template_name = "directory/tool_detail.html"

    def get_queryset(self):
        return self.visible(Tool.objects.all()).prefetch_related("categories", "tags")

    def get_context_data(self, **kwargs):
        tool = self.object
        return super().get_context_data(
            alternatives=alternatives_for(tool),
            mentions=list(
                Article.objects.published().filter(tools_mentioned=tool).select_related("section")[:8]
            ),
            workflows=list(tool.workflows.published().by_earnings()[:6]),
            jsonld=tool_jsonld(tool),
            **kwargs,
        )


def alternatives_for(tool, limit=ALTERNATIVES_SHOWN):
    """Published tools sharing a category with `tool`, most shared tags first, then by score."""
    category_ids = [category.pk for category in tool.categories.all()]
    tag_ids = [tag.pk for tag in tool.tags.all()]
    if not category_ids:
        return []
    through = Tool.categories.through
    shared_categories = (
        through.objects.filter(tool_id=OuterRef("pk"), category_id__in=category_ids)
        .order_by()
        .values("tool_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    shared_tags = (
        TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Tool), object_id=OuterRef("pk"), tag_id__in=tag_ids
        )
        .order_by()
        .values("object_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    zero = Value(0, output_field=IntegerField())
    return list(
        Tool.objects.published()
        .exclude(pk=tool.pk)
        .filter(pk__in=through.objects.filter(category_id__in=category_ids).values("tool_id"))
        .annotate(
            shared_categories=Coalesce(Subquery(shared_categories, output_field=IntegerField()), zero),
            shared_tags=Coalesce(Subquery(shared_tags, output_field=IntegerField()), zero),
        )
        .for_listing()
        .order_by("-shared_tags", "-shared_categories", "-score", "name", "id")[:limit]
    )


def tool_jsonld(tool):
    data = {
        "@context": "https://schema.org",
        "@type": "SoftwareApplication",
        "name": tool.name,
        "description": tool.tagline,
        "url": absolute_url(tool.get_absolute_url()),
        "applicationCategory": tool.get_kind_display(),
        "operatingSystem": "Web",
    }
    if tool.maker:
        data["author"] = {"@type": "Organization", "name": tool.maker}
    if tool.starting_price is not None:
        data["offers"] = {"@type": "Offer", "price": str(tool.starting_price), "priceCurrency": tool.price_currency}
    elif tool.pricing_model in (Tool.Pricing.FREE, Tool.Pricing.OPEN_SOURCE):
        data["offers"] = {"@type": "Offer", "price": "0", "priceCurrency": tool.price_currency}
    if tool.licence:
        data["license"] = tool.licence
    data["review"] = {
        "@type": "Review",
        "author": {"@type": "Organization", "name": settings.SITE_NAME},
        "reviewRating": {
            "@type": "Rating", "ratingValue": str(tool.editorial_rating), "bestRating": "5", "worstRating": "0",
        },
    }
    return data


class CompareView(TemplateView):
    """2–4 tools side by side: /tools/compare/?tools=a,b (or repeated tools=). Template directory/tool_compare.html."""

    template_name = "directory/tool_compare.html"

    def get(self, request, *args, **kwargs):
        raw = [part for value in request.GET.getlist("tools") for part in value.split(",")]
        slugs = list(dict.fromkeys(slug.strip().lower() for slug in raw if slug.strip()))[: COMPARE_MAX + 1]
        context = self.get_context_data(requested=bool(raw), tools=[], problem="")
        if not raw:
            return self.render_to_response(context)
        found = {
            tool.slug: tool
            for tool in Tool.objects.published().filter(slug__in=slugs[:COMPARE_MAX]).prefetch_related("categories")
        }
        missing = [slug for slug in slugs[:COMPARE_MAX] if slug not in found]
        if len(slugs) > COMPARE_MAX:
            context["problem"] = f"Pick at most {COMPARE_MAX} tools to compare."
        elif missing:
            context["problem"] = "We couldn't find a published tool called " + ", ".join(f"“{s[:60]}”" for s in missing) + "."
        elif len(found) < COMPARE_MIN:
            context["problem"] = f"Pick at least {COMPARE_MIN} tools to compare."
        if context["problem"]:
            return self.render_to_response(context, status=400)
        context["tools"] = [found[slug] for slug in slugs]
        return self.render_to_response(context)


class WorkflowListView(LenientPaginationMixin, ListView):
    """/workflows/, highest self-reported earnings first. Template directory/workflow_list.html."""

    template_name = "directory/workflow_list.html"
    context_object_name = "workflows"
    paginate_by = 20

    def get_queryset(self):
        self.sort = self.request.GET.get("sort")
        if self.sort not in WORKFLOW_SORTS:
            self.sort = "earnings"
        return (
            Workflow.objects.published()
            .prefetch_related(Prefetch("tools", queryset=Tool.objects.published().order_by("name")))
            .order_by(*WORKFLOW_SORTS[self.sort][1])
        )

    def get_context_data(self, **kwargs):
        sorts = [(key, label) for key, (label, _) in WORKFLOW_SORTS.items()]
        return super().get_context_data(sort=self.sort, sorts=sorts, **kwargs)


class WorkflowDetailView(DirectoryMixin, DetailView):
    context_object_name = "workflow"
    template_name = "directory/workflow_detail.html"

    def get_queryset(self):
        return self.visible(Workflow.objects.all()).prefetch_related(
            Prefetch("tools", queryset=Tool.objects.published().for_listing().order_by("name"))
        )


@never_cache
@require_safe
def go(request, slug):
    """Count a reader's outbound click and 302 to the tool's affiliate URL, else its website.

    The target comes only from the database; unknown or unpublished tools are 404.
    """
    tool = Tool.objects.published().filter(slug=slug).only("id", "website_url", "affiliate_url").first()
    if tool is None:
        raise Http404("No such tool.")
    if services.request_is_countable(request):
        services.tool_click_record(tool=tool)
    response = HttpResponseRedirect(tool.affiliate_url or tool.website_url)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "origin"
    return response
