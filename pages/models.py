"""Pages about the site itself (About, Privacy, Terms, …) that editors keep up to date in the admin."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import Resolver404, resolve

from fluxsite.markdown import render_markdown
from fluxsite.models import TimeStampedModel
from fluxsite.routes import reverse


class SitePageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class SitePage(TimeStampedModel):
    slug = models.SlugField(
        max_length=60, unique=True, help_text="The page's address: /<slug>/. Changing it breaks links to the old one."
    )
    title = models.CharField(max_length=120)
    description = models.CharField(
        max_length=200, blank=True, help_text="One or two sentences for search results and link previews."
    )
    body = models.TextField(help_text="Markdown, as in articles.")
    body_html = models.TextField(editable=False, default="")
    is_published = models.BooleanField(
        "published", default=True, db_index=True, help_text="Unticked, the page answers 404 to readers."
    )

    objects = SitePageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        get_latest_by = "updated_at"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def clean(self):
        # Site pages are routed last: a slug another part of the site answers would never be shown.
        try:
            match = resolve(f"/{self.slug}/")
        except Resolver404:
            return
        if match.view_name != "pages:detail":
            raise ValidationError({"slug": f"/{self.slug}/ is already another page of the site; choose another slug."})
