"""Back up the database and uploaded media into BACKUP_DIR/<timestamp>/."""

from django.core.management.base import BaseCommand, CommandError

from fluxsite.backups import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and MEDIA_ROOT (tar) into BACKUP_DIR/<timestamp>/."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Folder to keep backups in (default: BACKUP_DIR).")

    def handle(self, *args, dir=None, **options):
        try:
            backup = backup_create(root=dir)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written to {backup}"))
