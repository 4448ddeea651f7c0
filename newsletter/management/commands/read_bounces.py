"""Read bounce messages (RFC 3464 DSNs) from a Maildir; suppress hard bounces, record soft ones."""

import mailbox

from django.core.management.base import BaseCommand, CommandError

from newsletter import feedback, services
from newsletter.models import MailEvent


class Command(BaseCommand):
    help = "Read delivery status notifications from a Maildir (e.g. the bounce address's); safe to rerun."

    def add_arguments(self, parser):
        parser.add_argument("maildir", help="Path of the Maildir the bounce address delivers to.")

    def handle(self, *args, maildir, **options):
        try:
            box = mailbox.Maildir(maildir, factory=None, create=False)
            keys = box.keys()
        except (OSError, mailbox.NoSuchMailboxError) as exc:
            raise CommandError(f"Can't read the Maildir {maildir}: {exc}") from exc
        read = not_dsn = 0
        total = services.FeedbackReport()
        for key in keys:
            message = box.get_message(key)
            if "S" in message.get_flags():
                continue  # read on an earlier run
            events = feedback.parse_dsn(message.as_bytes(), fallback_id=key)
            if not events:
                not_dsn += 1
                continue
            report = services.mail_events_record(events=events, source=MailEvent.Source.MAILDIR)
            total.recorded += report.recorded
            total.suppressed += report.suppressed
            total.duplicates += report.duplicates
            total.unknown += report.unknown
            message.set_subdir("cur")
            message.add_flag("S")
            box[key] = message
            read += 1
        self.stdout.write(
            f"{read} bounce message(s) read: {total.recorded} event(s) recorded, {total.suppressed} address(es) "
            f"suppressed, {total.duplicates} already known, {len(total.unknown)} for unknown addresses "
            f"(ignored{': ' + ', '.join(total.unknown) if total.unknown else ''}); {not_dsn} other message(s) left alone."
        )
