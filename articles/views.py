"""Public magazine pages. Every queryset starts from `Article.objects.published()`."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from articles.models import Article, Author, Section
from articles.seo import article_seo
from fluxsite.seo import absolute_url, website_structured_data

HOME_LATEST = 6
HOME_PICKS = 4
HOME_ROW = 3


class PublishedArticleMixin:
    """Decide what readers may see; list views page through it (a bad or missing page is a 404)."""

    paginate_by = 12

    def get_queryset(self):
        return Article.objects.published().for_listing()


def _cards(ids):
    """Fetch published articles by id for cards, keeping the order of `ids`."""
    found = Article.objects.published().for_listing().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def article_page_context(article):
    """What the article page shows besides the article: related stories and search-engine metadata."""
    return {
        "related": article.related_stories,
        "share_url": absolute_url(article.get_absolute_url()),
        **article_seo(article),
    }


class HomeView(PublishedArticleMixin, TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        articles = self.get_queryset()
        latest = list(articles[: HOME_LATEST + 1])
        lead = next((a for a in latest if a.is_featured), latest[0] if latest else None)
        latest = [a for a in latest if a is not lead][:HOME_LATEST]
        shown = [a.pk for a in latest] + ([lead.pk] if lead else [])
        picks = list(articles.filter(is_featured=True).exclude(pk__in=[lead.pk] if lead else [])[:HOME_PICKS])
        # Each section's newest few ids in one query: a LIMIT per section, read off the
        # section/status/date index, where a window function would read the whole archive.
        newest = (
            Article.objects.published()
            .filter(section=OuterRef("pk"))
            .exclude(pk__in=shown)
            .order_by("-published_at", "-id")
            .values("pk")[:HOME_ROW]
        )
        sections = [s for s in Section.objects.annotate(newest=ArraySubquery(newest)).order_by("order", "name") if s.newest]
        cards = {a.pk: a for a in _cards([pk for s in sections for pk in s.newest])}
        section_rows = [(s, [cards[pk] for pk in s.newest if pk in cards]) for s in sections]
        return super().get_context_data(
            lead=lead,
            latest=latest,
            picks=picks,
            section_rows=section_rows,
            site_structured_data=website_structured_data(),
            **kwargs,
        )


class ArticleDetailView(PublishedArticleMixin, DetailView):
    model = Article
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(article_page_context(self.object))
        return context


class SectionView(PublishedArticleMixin, ListView):
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagView(PublishedArticleMixin, ListView):
    """A tag's stories; a tag that only drafts or scheduled stories carry doesn't exist for readers."""

    template_name = "articles/tag_detail.html"
    allow_empty = False

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorListView(ListView):
    """Everyone with a published story in a byline, with how many; template articles/author_list.html."""

    template_name = "articles/author_list.html"
    context_object_name = "authors"

    def get_queryset(self):
        published = Q(credits__article__in=Article.objects.published())
        return (
            Author.objects.annotate(article_count=Count("credits", filter=published))
            .filter(article_count__gt=0)
            .order_by("name", "id")
        )


class AuthorView(PublishedArticleMixin, ListView):
    """An author's stories; an author with nothing published yet has no public page."""

    template_name = "articles/author_detail.html"
    allow_empty = False

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)
