"""make backup / make restore: pg_dump + media tar, and a round trip that brings everything back."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from PIL import Image

from fluxsite.backups import BackupError, backup_create, backup_find, backup_restore
from tests.dbstate import snapshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

GENERATION = "fluxsite_contentgeneration"


def _png(colour):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="avatar.png")


def _files(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def content(make_article, house_author, settings):
    """Articles with tags and bylines, an avatar on disk, a user: a bit of everything."""
    from django.contrib.auth import get_user_model

    house_author.avatar.save("avatar.png", _png("orange"))
    make_article(tags=["open-weights", "café"])
    make_article(status="draft", published_at=None, body="Draft with **Markdown** and <script>x</script>")
    get_user_model().objects.create_user("restore-me", password="pw-for-tests-1")
    return Path(settings.MEDIA_ROOT)


def test_round_trip_restores_every_table_and_the_media_exactly(content, tmp_path):
    from articles.models import Article, Section

    before, media_before = snapshot(), _files(content)
    assert media_before, "the avatar is on disk"
    backup = backup_create(root=tmp_path / "backups")
    assert sorted(p.name for p in backup.iterdir()) == ["database.dump", "manifest.json", "media.tar.gz"]
    assert set(json.loads((backup / "manifest.json").read_text())["files"]) == {"database.dump", "media.tar.gz"}
    assert [p.name for p in backup.parent.iterdir()] == [backup.name], "no half-written folders left"

    # Everything changes after the backup: rows deleted, edited and added, files lost and added.
    Article.objects.all().delete()
    Section.objects.update(name="Renamed")
    Section.objects.create(name="After the backup", slug="after")
    for path in content.rglob("*.png"):
        path.unlink()
    (content / "stray.txt").write_text("not in the backup")
    assert snapshot() != before

    backup_restore(backup=backup)

    after = snapshot()
    # The one row a restore moves on purpose: the content generation, past every page cached since.
    (generation_before,), (generation_after,) = before.pop(GENERATION), after.pop(GENERATION)
    assert dict(generation_after)["value"] > dict(generation_before)["value"]
    assert after == before
    assert _files(content) == media_before


def test_a_damaged_backup_is_refused_before_anything_changes(content, tmp_path):
    backup = backup_create(root=tmp_path)
    dump = backup / "database.dump"
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    before, media_before = snapshot(), _files(content)
    with pytest.raises(BackupError, match="damaged"):
        backup_restore(backup=backup)
    assert snapshot() == before
    assert _files(content) == media_before


def test_commands_restore_the_latest_or_a_named_backup(content, tmp_path):
    from articles.models import Article

    out = io.StringIO()
    call_command("backup", "--dir", str(tmp_path), stdout=out)
    first = backup_find(root=tmp_path)
    count = Article.objects.count()
    Article.objects.first().delete()
    call_command("backup", "--dir", str(tmp_path), stdout=out)
    assert "Backup written to" in out.getvalue()
    second = backup_find(root=tmp_path)
    assert second != first and backup_find(name=first.name, root=tmp_path) == first

    Article.objects.all().delete()
    call_command("restore", "--dir", str(tmp_path), "--noinput", stdout=out)  # the latest
    assert Article.objects.count() == count - 1
    call_command("restore", first.name, "--dir", str(tmp_path), "--noinput", stdout=out)
    assert Article.objects.count() == count
    with pytest.raises(CommandError, match="No backup named"):
        call_command("restore", "19990101-000000", "--dir", str(tmp_path), "--noinput")
