"""Demo content for site pages: the default pages, for a database whose migration data was flushed."""

from pages.defaults import PAGES
from pages.models import SitePage


def seed(stdout):
    """Create the default site pages that are missing; rerunning adds nothing."""
    created = sum(SitePage.objects.get_or_create(slug=page["slug"], defaults=page)[1] for page in PAGES)
    stdout.write(f"Site pages: {created} created.")


def seed_scale(n, stdout):
    """Site pages don't grow with the benchmark's scale."""
