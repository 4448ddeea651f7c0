"""Editorial writes: publishing and unpublishing (checked against the publishing permission), image upkeep."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles.checks import article_warnings
from articles.models import Article, Autosave, PublishingOverride, ReviewNote
from fluxsite.cache import bump_generation
from fluxsite.markdown import render_markdown

PUBLISH_PERMISSION = "articles.publish_article"


def _require_publisher(user):
    if not user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied("Only editors can publish or unpublish articles.")


def article_publish(*, article: Article, user) -> Article:
    """Publish `article` now, or keep it scheduled when its publication time is in the future."""
    _require_publisher(user)
    was_live = Article.objects.filter(pk=article.pk, status=Article.Status.PUBLISHED).exists()
    article.status = Article.Status.PUBLISHED
    article.save()  # fills published_at with now when it is empty
    article_record_publication(article=article, user=user, was_live=was_live)
    return article


def article_unpublish(*, article: Article, user) -> Article:
    """Take `article` off the site (back to draft); its publication time is kept for republishing."""
    _require_publisher(user)
    article.status = Article.Status.DRAFT
    article.save()
    return article


def images_refresh_articles(*, image_ids) -> int:
    """Re-render the stored HTML of articles placing these library images (changed or deleted).

    An update of the derived column only: the story itself wasn't edited, so its "Updated" time stays.
    """
    count = 0
    for article in Article.objects.using_images(image_ids).only("body"):
        Article.objects.filter(pk=article.pk).update(body_html=render_markdown(article.body))
        count += 1
    if count:
        bump_generation()
    return count


def article_record_publication(*, article: Article, user, was_live: bool, note: str = "") -> list:
    """After a save that published `article`: close its review, and record an override of the checks' warnings.

    Returns the warnings it was published over (none when it was already live, or isn't published).
    """
    if was_live or article.status != Article.Status.PUBLISHED:
        return []
    if article.submitted_at:
        _review_step(article=article, user=user, kind=ReviewNote.Kind.APPROVED, note=note, submitted_at=None)
    warnings = article_warnings(article)
    if warnings:
        PublishingOverride.objects.create(article=article, user=user, warnings=[warning.message for warning in warnings])
    return warnings


AUTOSAVED_FIELDS = ("headline", "dek", "body")


def autosave_store(*, user, article: Article | None, fields: dict) -> Autosave:
    """Keep `user`'s unsaved headline, dek and body of `article` (None: a new one), replacing the last copy."""
    values = {name: str(fields.get(name, ""))[: Autosave._meta.get_field(name).max_length or None] for name in AUTOSAVED_FIELDS}
    autosave, _ = Autosave.objects.update_or_create(user=user, article=article, defaults=values)
    return autosave


def autosave_pending(*, user, article: Article | None) -> Autosave | None:
    """`user`'s unsaved copy of `article` if it is newer than the article's last save (else it is stale and goes)."""
    autosave = Autosave.objects.filter(user=user, article=article).first()
    if autosave and article is not None and autosave.updated_at <= article.updated_at:
        autosave.delete()
        return None
    return autosave


def autosave_discard(*, user, article: Article | None) -> None:
    Autosave.objects.filter(user=user, article=article).delete()


PRESENCE_SECONDS = 60  # someone whose editor hasn't called in for this long has left


def article_presence_beat(*, article: Article, user) -> list[str]:
    """Note that `user` has `article` open now; return who else has had it open in the last minute.

    Kept in the shared cache, not the database: a notice, not a lock. Two beats at the same moment may
    drop one of them; the next beat (every 20 s) puts it back.
    """
    key = f"article-presence:{article.pk}"
    now = timezone.now().timestamp()
    seen = {
        user_id: (name, when)
        for user_id, (name, when) in (cache.get(key) or {}).items()
        if now - when < PRESENCE_SECONDS
    }
    seen[user.pk] = (user.get_username(), now)
    cache.set(key, seen, PRESENCE_SECONDS * 2)
    return sorted(name for user_id, (name, _when) in seen.items() if user_id != user.pk)


def _review_step(*, article, user, kind, note, submitted_at):
    # An update of the one column: the story's text didn't change, so open forms stay current.
    Article.objects.filter(pk=article.pk).update(submitted_at=submitted_at)
    article.submitted_at = submitted_at
    return ReviewNote.objects.create(article=article, user=user, kind=kind, text=note.strip())


def article_submit_for_review(*, article: Article, user, note: str = "") -> ReviewNote:
    """Put a draft in the editors' review queue, with the writer's note."""
    if article.status != Article.Status.DRAFT:
        raise PermissionDenied("Only drafts go to review.")
    return _review_step(article=article, user=user, kind=ReviewNote.Kind.SUBMITTED, note=note, submitted_at=timezone.now())


def article_send_back(*, article: Article, user, note: str) -> ReviewNote:
    """Take a draft out of the review queue and back to its writer, saying what needs changing."""
    _require_publisher(user)
    return _review_step(article=article, user=user, kind=ReviewNote.Kind.RETURNED, note=note, submitted_at=None)
