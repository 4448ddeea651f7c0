"""Editorial writes: publishing and unpublishing, checked against the publishing permission."""

from django.core.exceptions import PermissionDenied

from articles.models import Article

PUBLISH_PERMISSION = "articles.publish_article"


def _require_publisher(user):
    if not user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied("Only editors can publish or unpublish articles.")


def article_publish(*, article: Article, user) -> Article:
    """Publish `article` now, or keep it scheduled when its publication time is in the future."""
    _require_publisher(user)
    article.status = Article.Status.PUBLISHED
    article.save()  # fills published_at with now when it is empty
    return article


def article_unpublish(*, article: Article, user) -> Article:
    """Take `article` off the site (back to draft); its publication time is kept for republishing."""
    _require_publisher(user)
    article.status = Article.Status.DRAFT
    article.save()
    return article
