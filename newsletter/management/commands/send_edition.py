"""Send, or resume, an edition to every active subscriber in this process, then exit."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsletter import sending
from newsletter.models import Edition


class Command(BaseCommand):
    help = "Send (or resume) an edition to every active subscriber; safe to rerun after a crash."

    def add_arguments(self, parser):
        parser.add_argument("edition_id", type=int)
        parser.add_argument("--batch-size", type=int, default=None, help="Messages per SMTP connection.")

    def handle(self, *args, edition_id, batch_size, verbosity, **options):
        edition = Edition.objects.filter(pk=edition_id).first()
        if edition is None:
            raise CommandError(f"No edition with id {edition_id}.")
        if edition.status == Edition.Status.SENT:
            self.stdout.write(f"“{edition}” was already sent to {edition.sent_count} subscribers.")
            return

        def progress(bucket, result, total):
            if verbosity > 1:
                self.stdout.write(f"batch {bucket}: {result.sent} sent, {result.resent} resent; {total.sent + total.resent} so far")

        if verbosity > 1:
            self.stdout.write(f"Links in this edition point to {settings.SITE_URL}.")
        try:
            total = sending.edition_send(edition=edition, progress=progress, batch_size=batch_size)
        except sending.SendRefused as exc:
            raise CommandError(f"Not sent: {exc}") from exc
        except sending.SmtpUnavailable as exc:
            edition.refresh_from_db()
            raise CommandError(
                f"Stopped: {exc}. {edition.sent_count} of {edition.recipients_count} sent so far; "
                f"run `manage.py send_edition {edition.pk}` again to resume."
            ) from exc
        edition.refresh_from_db()
        self.stdout.write(
            f"“{edition}”: {total.sent} sent, {total.resent} resent after an interruption (same Message-ID), "
            f"{total.failed} bounced, {total.deferred} deferred, {total.skipped} skipped. "
            f"Status: {edition.get_status_display()} ({edition.sent_count}/{edition.recipients_count})."
        )
        if total.deferred:
            self.stdout.write(f"Rerun `manage.py send_edition {edition.pk}` later to retry the deferred addresses.")
