"""Abstract bases shared by the apps."""

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
