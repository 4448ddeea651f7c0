"""Readership numbers: daily totals per page, per referring domain and per sign-up form's page.

Nothing here is about a reader: no address, user agent, cookie or session; a row is a day, a
page or a domain, and a number (docs/privacy.md, tests/readership/test_privacy.py).
"""

from django.db import models

PATH_MAX = 300
DOMAIN_MAX = 253


class DailyPageView(models.Model):
    """Views of one page on one day, counted by the page's beacon (readership.counting)."""

    day = models.DateField()
    path = models.CharField(max_length=PATH_MAX, help_text="The page's path, without a query string.")
    route = models.CharField(max_length=60, help_text="What kind of page: the URL's name, e.g. articles:detail.")
    slug = models.CharField(max_length=200, blank=True, help_text="The article, section, tool … the page shows.")
    views = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "-views"]
        get_latest_by = "day"
        constraints = [models.UniqueConstraint(fields=["day", "path", "route", "slug"], name="unique_page_view_day")]
        indexes = [models.Index(fields=["route", "day"], name="page_view_route_day_idx")]

    def __str__(self):
        return f"{self.path} on {self.day}: {self.views}"


class DailyReferrer(models.Model):
    """Views that arrived from another site's page, by that site's domain name, on one day."""

    day = models.DateField()
    domain = models.CharField(max_length=DOMAIN_MAX)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "-views"]
        get_latest_by = "day"
        constraints = [models.UniqueConstraint(fields=["day", "domain"], name="unique_referrer_day")]

    def __str__(self):
        return f"{self.domain} on {self.day}: {self.views}"


class DailySignup(models.Model):
    """Newsletter sign-ups made through the form on one page, on one day; never tied to the subscriber."""

    day = models.DateField()
    path = models.CharField(max_length=PATH_MAX, blank=True, help_text="The page the form was on; empty when unknown.")
    signups = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "-signups"]
        get_latest_by = "day"
        constraints = [models.UniqueConstraint(fields=["day", "path"], name="unique_signup_day")]

    def __str__(self):
        return f"{self.path or 'unknown page'} on {self.day}: {self.signups}"
