"""Load the demo content, or with --scale N bulk-create benchmark-sized data."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from articles import demo as articles_demo
from directory import demo as directory_demo
from fluxsite.cache import bump_generation
from newsletter import demo as newsletter_demo
from pages import demo as pages_demo
from readership import demo as readership_demo
from wire import demo as wire_demo

# Each app contributes a `demo` module with `seed(stdout)` and `seed_scale(n, stdout)`;
# order matters where one app's content refers to another's.
DEMO_MODULES = [articles_demo, wire_demo, directory_demo, newsletter_demo, pages_demo, readership_demo]


class Command(BaseCommand):
    help = "Create original demo content (idempotent). --scale N adds N benchmark articles."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=0, help="Bulk-create N articles (and proportional data).")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when articles already exist.")

    def handle(self, *args, scale, if_empty, **options):
        from articles.models import Article

        if if_empty and Article.objects.exists():
            self.stdout.write("Content already present; demo seed skipped.")
            return
        with transaction.atomic():
            for module in DEMO_MODULES:
                module.seed(stdout=self.stdout)
        if scale:
            for module in DEMO_MODULES:
                module.seed_scale(scale, stdout=self.stdout)
            refresh_planner_statistics()
        # bulk_create sends no signals: tell every process's page cache that content changed.
        bump_generation()
        self.stdout.write(self.style.SUCCESS("Demo content ready."))


def refresh_planner_statistics():
    """After a bulk load, give the planner real row counts before anyone reads the pages.

    Until autovacuum comes round, freshly filled tables have no statistics, and the planner
    guesses a handful of rows and picks plans for them (docs/performance.md, "Seeding at scale").
    VACUUM also clears the rows the seed's own UPDATEs left behind; it can't run
    inside a transaction (a test's, say), where ANALYZE alone does.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
