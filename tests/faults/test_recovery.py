"""The way back from a fault: nothing a reader sees is older than what was committed.

Real services, started by the test: gunicorn with production settings, a redis-server of the
test's own (frozen with SIGSTOP, as a hung or partitioned cache looks), `manage.py` in another
process for the edit, and `pg_restore` for the restore.
"""

import subprocess
import sys
import time

import pytest

from tests.dbstate import row_counts
from tests.servers import BASE_DIR, database_url, get, gunicorn, production_env

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _site_env(static_root, **overrides):
    from django.db import connection

    return production_env(
        DATABASE_URL=database_url(connection.settings_dict),
        SITE_URL="http://127.0.0.1",
        STATIC_ROOT=static_root,
        **overrides,
    )


def _body(base, path):
    status, headers, body = get(base, path, timeout=30)
    assert status == 200, (path, status)
    return headers, body.decode()


def _eventually(check, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not (result := check()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return result


def test_an_edit_made_while_redis_is_frozen_is_never_undone(make_article, own_redis, collected_static, tmp_path):
    article = make_article(headline="The original headline")
    path = article.get_absolute_url()
    env = _site_env(collected_static, CACHE_URL=own_redis.url)
    with gunicorn(env, workers=2, log_dir=tmp_path) as base:
        for _ in range(6):  # both workers hold the page, in Redis and in their own copy
            assert "The original headline" in _body(base, path)[1]
        assert _body(base, path)[0]["X-Page-Cache"] == "hit"
        counts = row_counts()

        own_redis.pause()
        # An editor's save in another process, with the site's settings, while the cache hangs.
        edit = "from articles.models import Article; a = Article.objects.get(pk=%d); a.headline = 'Corrected while Redis hung'; a.save()"
        subprocess.run([sys.executable, "manage.py", "shell", "-c", edit % article.pk], cwd=BASE_DIR, env=env,  # noqa: S603
                       check=True, capture_output=True, timeout=120)
        assert "Corrected while Redis hung" in _body(base, path)[1]
        own_redis.resume()

        # Every later request, from either worker, whether the page comes from Redis or a process copy.
        seen = [_body(base, path)[1] for _ in range(20)]
        assert all("Corrected while Redis hung" in body for body in seen)
        assert all("The original headline" not in body for body in seen)
        assert row_counts() == counts


def test_a_restore_is_what_readers_see_next(make_article, collected_static, tmp_path):
    from articles.models import Article
    from fluxsite.backups import backup_create, backup_restore

    make_article(headline="Kept by the backup")
    backup = backup_create(root=tmp_path / "backups")
    counts = row_counts()
    env = _site_env(collected_static, CACHE_URL=f"filecache://{tmp_path / 'cache'}")
    with gunicorn(env, log_dir=tmp_path) as base:
        Article.objects.filter(headline="Kept by the backup").delete()
        for _ in range(3):
            assert "Kept by the backup" not in _body(base, "/")[1]
        assert _body(base, "/")[0]["X-Page-Cache"] == "hit"

        backup_restore(backup=backup)

        assert _eventually(lambda: "Kept by the backup" in _body(base, "/")[1]), "a stale page after the restore"
        assert all("Kept by the backup" in _body(base, "/")[1] for _ in range(5))
    assert row_counts() == counts
