"""Import tools from a CSV file (idempotent on slug; all rows or none)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.services import tool_import_csv
from fluxsite.importers import ImportRejected


class Command(BaseCommand):
    help = "Create or update directory tools from a CSV file; a bad row saves nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--note", default="", help="shown to readers with each change the file makes to a tool's history")

    def handle(self, *args, path, note, **options):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Can't read {path}: {exc.strerror}") from None
        try:
            result = tool_import_csv(data=data, note=note)
        except ImportRejected as failure:
            lines = "\n".join(f"  {error}" for error in failure.errors)
            raise CommandError(f"Nothing imported; {len(failure.errors)} problem(s):\n{lines}") from None
        self.stdout.write(self.style.SUCCESS(f"Tools: {len(result.created)} created, {len(result.updated)} updated."))
