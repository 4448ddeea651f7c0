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

    # Everything changes after the backup: rows deleted, edited and added, files lost and added.
    Article.objects.all().delete()
    Section.objects.update(name="Renamed")
    Section.objects.create(name="After the backup", slug="after")
    for path in content.rglob("*.png"):
        path.unlink()
    (content / "stray.txt").write_text("not in the backup")
    assert snapshot() != before

    backup_restore(backup=backup)

    assert snapshot() == before
    assert _files(content) == media_before


def test_backup_folder_holds_a_dump_media_and_a_manifest(content, tmp_path):
    backup = backup_create(root=tmp_path)
    assert sorted(p.name for p in backup.iterdir()) == ["database.dump", "manifest.json", "media.tar.gz"]
    manifest = json.loads((backup / "manifest.json").read_text())
    assert set(manifest["files"]) == {"database.dump", "media.tar.gz"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no half-written folders left"


def test_a_damaged_backup_is_refused_before_anything_changes(content, tmp_path):
    backup = backup_create(root=tmp_path)
    dump = backup / "database.dump"
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    before, media_before = snapshot(), _files(content)
    with pytest.raises(BackupError, match="damaged"):
        backup_restore(backup=backup)
    assert snapshot() == before
    assert _files(content) == media_before


def test_latest_and_named_backups_are_found(content, tmp_path):
    first = backup_create(root=tmp_path)
    second = backup_create(root=tmp_path)
    assert first != second
    assert backup_find(root=tmp_path) == second
    assert backup_find(name=first.name, root=tmp_path) == first
    with pytest.raises(BackupError, match="No backup named"):
        backup_find(name="19990101-000000", root=tmp_path)


def test_commands_back_up_and_restore_without_prompting(content, tmp_path):
    from articles.models import Article

    out = io.StringIO()
    call_command("backup", "--dir", str(tmp_path), stdout=out)
    assert "Backup written to" in out.getvalue()
    count = Article.objects.count()
    Article.objects.all().delete()
    call_command("restore", "latest", "--dir", str(tmp_path), "--noinput", stdout=out)
    assert Article.objects.count() == count
    with pytest.raises(CommandError, match="No backup named"):
        call_command("restore", "nope", "--dir", str(tmp_path), "--noinput")
