"""What an article page tells search engines and social cards: meta tags and JSON-LD."""

from django.conf import settings

from articles.models import HOUSE_AUTHOR_SLUG
from fluxsite.routes import reverse
from fluxsite.seo import absolute_url, breadcrumb_list, publisher


def _person(author):
    kind = "Organization" if author.slug == HOUSE_AUTHOR_SLUG else "Person"
    return {"@type": kind, "name": author.name, "url": absolute_url(author.get_absolute_url())}


def article_seo(article):
    """Return the meta title, description, canonical URL, share image and JSON-LD of `article`."""
    canonical = article.canonical_url or absolute_url(article.get_absolute_url())
    description = article.seo_description or article.dek
    image = article.hero.largest() if article.hero else None
    share_image = None
    if image:
        share_image = {
            "url": absolute_url(image.url),
            "width": image.width,
            "height": image.height,
            "alt": article.hero_alt,
        }
    news_article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "description": description,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.last_modified.isoformat() if article.published_at else None,
        "author": [_person(author) for author in article.byline_authors],
        "publisher": publisher(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tag_list],
        "isAccessibleForFree": True,
    }
    if share_image:
        news_article["image"] = [share_image["url"]]
    breadcrumbs = breadcrumb_list(
        [
            (settings.SITE_NAME, "/"),
            (article.section.name, reverse("articles:section", kwargs={"slug": article.section.slug})),
            (article.headline, article.get_absolute_url()),
        ]
    )
    return {
        "meta_title": article.seo_title or article.headline,
        "meta_description": description,
        "canonical_url": canonical,
        "share_image": share_image,
        "structured_data": [news_article, breadcrumbs],
    }
