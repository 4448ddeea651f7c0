"""Public magazine pages. Every queryset starts from `Article.objects.published()`."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from articles.models import Article, Author, Section


class PublishedArticleMixin:
    """Decide what readers may see; list views page through it."""

    paginate_by = 12

    def get_queryset(self):
        return Article.objects.published().for_listing()


class HomeView(PublishedArticleMixin, TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        articles = self.get_queryset()
        latest = list(articles[:13])
        lead = next((a for a in latest if a.is_featured), latest[0] if latest else None)
        return super().get_context_data(
            lead=lead,
            latest=[a for a in latest if a is not lead][:12],
            **kwargs,
        )


class ArticleDetailView(PublishedArticleMixin, DetailView):
    model = Article
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().for_detail()


class SectionView(PublishedArticleMixin, ListView):
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagView(PublishedArticleMixin, ListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(PublishedArticleMixin, ListView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)
