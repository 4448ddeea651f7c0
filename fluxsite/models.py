"""Abstract bases shared by the apps, the content generation, and the newsroom's team."""

from django.contrib.auth.models import User, UserManager
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ContentGeneration(models.Model):
    """One row: the content generation that cached pages are checked against (fluxsite.generation)."""

    value = models.BigIntegerField()

    class Meta:
        db_table = "fluxsite_contentgeneration"

    def __str__(self):
        return str(self.value)


class RateLimitCounter(models.Model):
    """One fixed window's request count for one key, when the cache can't count atomically.

    Written only by fluxsite.ratelimit with INSERT … ON CONFLICT DO UPDATE … RETURNING, so
    concurrent requests in every process get distinct counts.
    """

    key = models.CharField(max_length=120, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["expires_at"]

    def __str__(self):
        return f"{self.key}: {self.count}"


class TeamMemberQuerySet(models.QuerySet):
    def newsroom(self):
        """Everyone an Editor may manage: staff and former staff, never a superuser."""
        return self.filter(is_superuser=False)


class TeamMemberManager(UserManager.from_queryset(TeamMemberQuerySet)):
    pass


class TeamMember(User):
    """A person of the newsroom as Editors manage them (Flux site → Team): a role, not permissions.

    The role is membership of the Writers or Editors group (created by articles' migrations).
    """

    WRITER, EDITOR = "Writers", "Editors"
    ROLES = [(WRITER, "Writer: drafts articles"), (EDITOR, "Editor: publishes, runs the directory and newsletter")]

    objects = TeamMemberManager()

    class Meta:
        proxy = True
        verbose_name = "team member"

    @property
    def role(self):
        names = {group.name for group in self.groups.all()}
        return self.EDITOR if self.EDITOR in names else self.WRITER if self.WRITER in names else None
