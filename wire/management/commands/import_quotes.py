"""Import market quotes from a CSV or JSON file or URL (format: docs/wire.md); all rows or none."""

import sys
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fluxsite.importers import ImportRejected
from wire import importers, services


class Command(BaseCommand):
    help = "Upsert market quotes from a CSV or JSON file or http(s) URL; a bad row rejects the whole file."

    def add_arguments(self, parser):
        parser.add_argument("source", help="A path, an http(s) URL, or - for standard input.")
        parser.add_argument("--format", dest="fmt", choices=["csv", "json"], help="Default: from the name, Content-Type or content.")
        parser.add_argument("--source-name", default="", help="Credit rows that have no source column value.")

    def handle(self, *args, source, fmt, source_name, **options):
        text, content_type = self._read(source)
        fmt = fmt or importers.detect_format(source, content_type, text)
        default_source = source_name or (urlsplit(source).hostname if "://" in source else "") or "import"
        try:
            result = services.quotes_import(text=text, fmt=fmt, source=default_source)
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(exc.errors)} error(s) in {source}; nothing was imported.") from None
        self.stdout.write(self.style.SUCCESS(f"Imported {source} ({fmt}): {result}."))

    def _read(self, source):
        if "://" in source:
            try:
                return importers.fetch_text(source)
            except importers.SourceUnavailable as exc:
                raise CommandError(f"Could not fetch {exc}") from None
        if source == "-":
            return sys.stdin.read(), ""
        path = Path(source)
        try:
            if path.stat().st_size > settings.WIRE_IMPORT_MAX_BYTES:
                raise CommandError(f"{source} is larger than WIRE_IMPORT_MAX_BYTES ({settings.WIRE_IMPORT_MAX_BYTES} bytes).")
            return path.read_text(encoding="utf-8-sig"), ""
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Could not read {source}: {exc}") from None
