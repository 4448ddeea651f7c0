"""Restore the database and uploaded media from a backup (the latest unless named)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from fluxsite.backups import BackupError, backup_find, backup_restore, backup_verify


class Command(BaseCommand):
    help = "Replace the database and MEDIA_ROOT with a backup from BACKUP_DIR (default: the latest)."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", default="latest", help="Backup folder name or path, or 'latest'.")
        parser.add_argument("--dir", help="Folder the backups are kept in (default: BACKUP_DIR).")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, name, dir=None, interactive=True, **options):
        try:
            backup = backup_find(name=name, root=dir)
            manifest = backup_verify(backup=backup)
            if interactive:
                answer = input(
                    f"Replace database {connection.settings_dict['NAME']!r} and the media folder with backup "
                    f"{backup.name} (made {manifest['created']})? Stop the site first. Type 'yes' to continue: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled; nothing was changed.")
            backup_restore(backup=backup)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {backup.name}."))
