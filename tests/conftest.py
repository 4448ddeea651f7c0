"""Shared fixtures: users in the editorial groups, content factories, the browser."""

import io
import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# there unless told it's fine (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's cost is the point in production and a second per user in tests (editor, writer, logins).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    from fluxsite.cache import clear_process_copies

    cache.clear()
    clear_process_copies()
    yield
    cache.clear()
    clear_process_copies()


@pytest.fixture(autouse=True)
def _fresh_tallies():
    """Counts a test made but didn't flush (views, clicks, sign-ups) must not reach another test's rows."""
    from fluxsite import tally

    tally.discard_all()
    yield
    tally.discard_all()


@pytest.fixture(scope="session", autouse=True)
def _generation_listener_closed(django_db_setup):
    """Close this process's LISTEN connection (fluxsite.generation) before the test database is dropped."""
    from fluxsite import generation

    yield
    generation.watcher.close()


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def section(db):
    from articles.models import Section

    return Section.objects.create(name="AI Tools", slug="ai-tools", order=1)


@pytest.fixture
def house_author(db):
    from articles.models import Author

    return Author.objects.create(name="Flux Desk", slug="flux-desk", bio="The house byline.")


@pytest.fixture
def make_article(db, section, house_author):
    """Create an article; published an hour ago unless told otherwise."""
    from articles.models import Article, ArticleAuthor

    counter = iter(range(1, 10_000))

    def make(*, tags=(), authors=None, **fields):
        n = next(counter)
        fields.setdefault("headline", f"Open weights, closed wallets: part {n}")
        fields.setdefault("slug", f"article-{n}")
        fields.setdefault("dek", "What it costs to run the new models.")
        fields.setdefault("section", section)
        fields.setdefault("body", "## A subhead\n\nSome words about inference prices.\n\n>> A pull quote.")
        fields.setdefault("status", Article.Status.PUBLISHED)
        if fields["status"] == Article.Status.PUBLISHED:
            fields.setdefault("published_at", timezone.now() - timedelta(hours=n))
        article = Article.objects.create(**fields)
        for order, author in enumerate(authors or [house_author]):
            ArticleAuthor.objects.create(article=article, author=author, order=order)
        if tags:
            article.tags.set(list(tags))
        article.update_search_vector()
        return article

    return make


@pytest.fixture
def site_pages(db):
    """The default site pages (a transactional test elsewhere may have flushed the migration's rows)."""
    from pages import demo

    demo.seed(stdout=io.StringIO())


def _user(django_user_model, username, group):
    user = django_user_model.objects.create_user(username=username, password="pw-for-tests-1", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return _user(django_user_model, "eddie", "Editors")


@pytest.fixture
def writer(db, django_user_model):
    return _user(django_user_model, "wanda", "Writers")


@pytest.fixture
def writer_client(writer):
    """A writer's logged-in client that checks CSRF as a browser session would (the admin's scripts send the token)."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(writer)
    return client


def admin_csrf_token(client):
    """The token in the article add form's hidden input, which the admin's scripts read (not the cookie)."""
    html = client.get("/admin/articles/article/add/").content.decode()
    return html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]


# --- Browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("Browser tests need Debian's chromium: sudo apt-get install -y chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


def assert_accessible(page):
    """Run axe-core on the current page; fail on serious or critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in bad)
