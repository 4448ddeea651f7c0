"""RSS and Atom feeds: the latest stories, and each section's and tag's."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from articles.models import Article, Section
from fluxsite.routes import reverse
from fluxsite.seo import absolute_url

ITEMS = 30


class LatestArticlesFeed(Feed):
    """The newest published stories (RSS 2.0)."""

    title = "Flux — The state of AI, in flux"
    description = "The newest stories from Flux, the magazine for AI tools and the workflows people use to make money with them."

    def link(self, obj=None):
        return absolute_url("/")

    def feed_url(self, obj=None):
        return absolute_url(reverse("articles:feed"))

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return self.articles(obj).for_listing().prefetch_related("tags")[:ITEMS]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.dek

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.last_modified

    def item_author_name(self, item):
        return ", ".join(item.byline_names)

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description

    def feed_url(self, obj=None):
        return absolute_url(reverse("articles:feed_atom"))


class SectionFeed(LatestArticlesFeed):
    """A section's newest stories (RSS 2.0)."""

    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj):
        return f"Flux — {obj.name}"

    def description(self, obj):
        return obj.description or f"The newest {obj.name} stories from Flux."

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def feed_url(self, obj):
        return absolute_url(reverse("articles:section_feed", kwargs={"slug": obj.slug}))

    def articles(self, obj):
        return Article.objects.published().filter(section=obj)


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)

    def feed_url(self, obj):
        return absolute_url(reverse("articles:section_feed_atom", kwargs={"slug": obj.slug}))


class TagFeed(LatestArticlesFeed):
    """A tag's newest stories (RSS 2.0); a tag without published stories has no feed."""

    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published_tags(), slug=slug)

    def title(self, obj):
        return f"Flux — #{obj.name}"

    def description(self, obj):
        return f"The newest Flux stories tagged #{obj.name}."

    def link(self, obj):
        return absolute_url(reverse("articles:tag", kwargs={"slug": obj.slug}))

    def feed_url(self, obj):
        return absolute_url(reverse("articles:tag_feed", kwargs={"slug": obj.slug}))

    def articles(self, obj):
        return Article.objects.published().filter(tags=obj)


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)

    def feed_url(self, obj):
        return absolute_url(reverse("articles:tag_feed_atom", kwargs={"slug": obj.slug}))
