"""Writes that touch several rows or the outside world: sign-ups, confirmations, imports, drafts."""

import csv
import datetime
import io
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify
from procrastinate.contrib.django import app

from fluxsite.importers import ImportRejected, RowError, read_csv
from fluxsite.security import CONTROL_CHARS
from newsletter.emails import confirmation_message, welcome_message
from newsletter.forms import SignupForm
from newsletter.models import Delivery, Edition, MailEvent, Subscriber, Topic, WelcomeEmail, parse_message_id

logger = logging.getLogger(__name__)

EARNINGS_DISCLAIMER = (
    "Earnings figures are self-reported by the people who run these workflows and are not guarantees "
    "of income; most people earn less, some earn nothing."
)


# --- Subscribers ------------------------------------------------------------------------------


def subscriber_signup(*, email, source_page="", topics=None, now=None):
    """Record consent and queue the confirmation email; say nothing about what was there before.

    New or unsubscribed addresses become pending and get a confirmation; pending ones get it again;
    active and suppressed (bounced, complained) addresses are left alone, topics included.
    `topics` is what the reader ticked (None: the form didn't ask, so the default topics).
    """
    now = now or timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().by_email(email).first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=email, status=Subscriber.Status.PENDING, consented_at=now, source_page=source_page
                    )
                    subscriber.topics.set(Topic.objects.defaults() if topics is None else topics)
            except IntegrityError:  # a concurrent sign-up for the same address won the race
                subscriber = Subscriber.objects.select_for_update().by_email(email).get()
        elif subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            subscriber.status = Subscriber.Status.PENDING
            subscriber.consented_at = now
            subscriber.source_page = source_page
            subscriber.confirmed_at = None
            subscriber.save(update_fields=["status", "consented_at", "source_page", "confirmed_at", "updated_at"])
            if not subscriber.topics.exists() and topics is None:
                subscriber.topics.set(Topic.objects.defaults())
        if subscriber.status != Subscriber.Status.PENDING:
            return subscriber
        if topics is not None:  # still unconfirmed: the latest choice counts
            subscriber.topics.set(topics)
        # Deferred in the same transaction: the job exists exactly when the subscription does,
        # and a worker retries it until the SMTP server takes it. By task name: newsletter.tasks
        # imports this module, never the other way round.
        app.configure_task("newsletter.tasks.send_confirmation", allow_unknown=False).defer(subscriber_id=subscriber.pk)
    return subscriber


def subscriber_send_confirmation(*, subscriber_id):
    """Send the confirmation email to a still-pending subscriber (raises on SMTP errors, for retries)."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id, status=Subscriber.Status.PENDING).first()
    if subscriber is None:
        return False
    confirmation_message(subscriber).send(fail_silently=False)
    Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=timezone.now())
    return True


def subscriber_confirm(*, subscriber, now=None):
    """Activate a pending subscription and queue the welcome email; True when the subscriber is active."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Subscriber.Status.PENDING:
            subscriber.status = Subscriber.Status.ACTIVE
            subscriber.confirmed_at = now or timezone.now()
            subscriber.save(update_fields=["status", "confirmed_at", "updated_at"])
            if subscriber.welcomed_at is None:
                app.configure_task("newsletter.tasks.send_welcome", allow_unknown=False).defer(
                    subscriber_id=subscriber.pk
                )
    return subscriber.status == Subscriber.Status.ACTIVE


def subscriber_send_welcome(*, subscriber_id, now=None):
    """Send the welcome email once to an active subscriber (raises on SMTP errors, for retries)."""
    welcome = WelcomeEmail.objects.current()
    subscriber = Subscriber.objects.active().filter(pk=subscriber_id, welcomed_at__isnull=True).first()
    if welcome is None or subscriber is None:
        return False
    welcome_message(subscriber, welcome).send(fail_silently=False)
    Subscriber.objects.filter(pk=subscriber.pk).update(welcomed_at=now or timezone.now())
    return True


def welcome_send_test(*, welcome, to):
    """Send the welcome email, marked [TEST], to an editor."""
    message = welcome_message(Subscriber(pk=0, email=to), welcome)
    message.subject = f"[TEST] {message.subject}"
    message.send(fail_silently=False)


def subscriber_unsubscribe(*, subscriber, now=None):
    """Stop all mail to this address (idempotent); a suppressed address stays suppressed.

    The unsubscribe is counted against the last edition the subscriber was sent.
    """
    now = now or timezone.now()
    with transaction.atomic():
        changed = (
            Subscriber.objects.filter(pk=subscriber.pk)
            .exclude(status__in=[*Subscriber.SUPPRESSED, Subscriber.Status.UNSUBSCRIBED])
            .update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=now, updated_at=now)
        )
        if changed:
            MailEvent.objects.create(
                kind=MailEvent.Kind.UNSUBSCRIBE,
                source=MailEvent.Source.LINK,
                subscriber_id=subscriber.pk,
                edition_id=_latest_edition_id(subscriber.pk),
                occurred_at=now,
            )


def subscriber_set_topics(*, subscriber, topics, now=None):
    """Keep exactly these topics; choosing none unsubscribes from everything."""
    with transaction.atomic():
        subscriber.topics.set(topics)
        if not topics:
            subscriber_unsubscribe(subscriber=subscriber, now=now)


def subscriber_drop_topic(*, subscriber, topic, now=None):
    """Stop one topic (idempotent); the last one going unsubscribes from everything."""
    with transaction.atomic():
        subscriber.topics.remove(topic)
        if not subscriber.topics.exists():
            subscriber_unsubscribe(subscriber=subscriber, now=now)


def subscriber_mark_bounced(*, subscriber_id, reason="", now=None):
    """Suppress an address for good after a hard bounce."""
    Subscriber.objects.filter(pk=subscriber_id).update(
        status=Subscriber.Status.BOUNCED, bounced_at=now or timezone.now(), updated_at=timezone.now()
    )
    logger.info("subscriber %s suppressed after a hard bounce: %s", subscriber_id, reason)


# --- Bounces and complaints -------------------------------------------------------------------


@dataclass
class FeedbackReport:
    recorded: int = 0
    suppressed: int = 0
    duplicates: int = 0
    unknown: list = field(default_factory=list)  # addresses we have no subscriber for (nothing stored)

    def as_dict(self):
        return {"recorded": self.recorded, "suppressed": self.suppressed, "duplicates": self.duplicates,
                "unknown_addresses": self.unknown}


def _latest_edition_id(subscriber_id):
    return (
        Delivery.objects.filter(subscriber_id=subscriber_id, state=Delivery.State.SENT)
        .order_by("-sent_at", "-id")
        .values_list("edition_id", flat=True)
        .first()
    )


def mail_events_record(*, events, source, now=None):
    """Store bounce and complaint events in one transaction; hard bounces and complaints suppress for good.

    Events for unknown addresses and events already seen (same external id) change nothing.
    """
    now = now or timezone.now()
    report = FeedbackReport()
    with transaction.atomic():
        for event in events:
            subscriber = Subscriber.objects.select_for_update().by_email(event.email).first()
            if subscriber is None:
                report.unknown.append(event.email)
                continue
            if MailEvent.objects.filter(external_id=event.external_id).exists():
                report.duplicates += 1
                continue
            parsed = parse_message_id(event.message_id)
            edition_id = None
            if parsed and parsed[1] == subscriber.pk and Edition.objects.filter(pk=parsed[0]).exists():
                edition_id = parsed[0]
            try:
                with transaction.atomic():  # a concurrent copy of the same event may have won
                    MailEvent.objects.create(
                        kind=event.kind,
                        source=source,
                        subscriber=subscriber,
                        edition_id=edition_id or _latest_edition_id(subscriber.pk),
                        external_id=event.external_id,
                        detail=event.detail,
                        occurred_at=event.occurred_at or now,
                    )
            except IntegrityError:
                report.duplicates += 1
                continue
            report.recorded += 1
            status = {
                MailEvent.Kind.HARD_BOUNCE: Subscriber.Status.BOUNCED,
                MailEvent.Kind.COMPLAINT: Subscriber.Status.COMPLAINED,
            }.get(event.kind)
            if status and subscriber.status not in Subscriber.SUPPRESSED:
                Subscriber.objects.filter(pk=subscriber.pk).update(status=status, bounced_at=now, updated_at=now)
                report.suppressed += 1
                logger.info("subscriber %s suppressed: %s (%s)", subscriber.pk, event.kind, event.detail)
    return report


def subscriber_export(*, subscriber):
    """Everything we hold about one subscriber, as JSON-ready data."""

    def iso(value):
        return value.isoformat() if value else None

    return {
        "email": subscriber.email,
        "status": subscriber.status,
        "subscribed_at": iso(subscriber.created_at),
        "consented_at": iso(subscriber.consented_at),
        "confirmed_at": iso(subscriber.confirmed_at),
        "welcomed_at": iso(subscriber.welcomed_at),
        "unsubscribed_at": iso(subscriber.unsubscribed_at),
        "bounced_at": iso(subscriber.bounced_at),
        "source_page": subscriber.source_page,
        "import_source": subscriber.import_source,
        "deliveries": [
            {"edition": subject, "state": state, "sent_at": iso(sent_at)}
            for subject, state, sent_at in subscriber.deliveries.order_by("id").values_list(
                "edition__subject", "state", "sent_at"
            )
        ],
        "mail_events": [
            {"kind": kind, "edition": subject, "occurred_at": iso(occurred_at), "detail": detail}
            for kind, subject, occurred_at, detail in subscriber.mail_events.order_by("id").values_list(
                "kind", "edition__subject", "occurred_at", "detail"
            )
        ],
    }


def subscriber_delete(*, subscriber):
    """Erase a subscriber and their delivery records."""
    Subscriber.objects.filter(pk=subscriber.pk).delete()


# --- CSV import and export --------------------------------------------------------------------


SUBSCRIBER_COLUMNS = ("email", "consented_at", "source_page")


@dataclass
class ImportReport:
    created: int = 0
    existing: int = 0
    suppressed: int = 0
    duplicates: int = 0
    emails: list = field(default_factory=list, repr=False)


def _parse_consent(value):
    value = value.strip()
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise ValueError
        parsed = datetime.datetime(day.year, day.month, day.day)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    return parsed


def subscribers_import_csv(*, data: bytes, source_name, now=None):
    """Import active subscribers from CSV, all or nothing; raise ImportRejected listing bad lines."""
    now = now or timezone.now()
    errors, rows, seen = [], [], set()
    report = ImportReport()
    for (_, line), row in read_csv(data, columns=SUBSCRIBER_COLUMNS, required={"email"}):
        form = SignupForm(data={"email": row.get("email") or "", "source": ""})
        if not form.is_valid():
            errors.append(RowError(" ".join(form.errors["email"]), line=line, field="email"))
            continue
        email = form.cleaned_data["email"]
        try:
            consented_at = _parse_consent(row.get("consented_at") or "")
        except ValueError:
            errors.append(RowError("Use a date or date-time like 2026-05-01 or 2026-05-01T09:30.", line=line, field="consented_at"))
            continue
        source_page = (row.get("source_page") or "").strip()
        if len(source_page) > 200 or CONTROL_CHARS.search(source_page):
            errors.append(RowError("Use one line of at most 200 characters.", line=line, field="source_page"))
            continue
        if email.lower() in seen:
            report.duplicates += 1
            continue
        seen.add(email.lower())
        rows.append((email, consented_at or now, source_page))
    if errors:
        raise ImportRejected(errors)

    source_name = (source_name or "CSV import")[:200]
    with transaction.atomic():
        for start in range(0, len(rows), 1000):
            chunk = rows[start : start + 1000]
            existing = dict(
                Subscriber.objects.by_email_in([email for email, _, _ in chunk]).values_list("email_lower", "status")
            )
            new = []
            for email, consented_at, source_page in chunk:
                status = existing.get(email.lower())
                if status is None:
                    new.append(
                        Subscriber(
                            email=email,
                            status=Subscriber.Status.ACTIVE,
                            consented_at=consented_at,
                            source_page=source_page,
                            import_source=source_name,
                        )
                    )
                elif status in (*Subscriber.SUPPRESSED, Subscriber.Status.UNSUBSCRIBED):
                    report.suppressed += 1
                else:
                    report.existing += 1
            created = Subscriber.objects.bulk_create(new, ignore_conflicts=True)
            report.created += len(created)
            through = Subscriber.topics.through
            defaults = list(Topic.objects.defaults().values_list("pk", flat=True))
            created_ids = Subscriber.objects.by_email_in([s.email for s in new]).filter(import_source=source_name)
            through.objects.bulk_create(
                [through(subscriber_id=pk, topic_id=topic) for pk in created_ids.values_list("pk", flat=True)
                 for topic in defaults],
                ignore_conflicts=True,
            )
    return report


def _csv_cell(value):
    text = "" if value is None else str(value)
    # Spreadsheet formula injection: a leading = + - @ would run as a formula when opened.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


EXPORT_COLUMNS = ["email", "status", "consented_at", "confirmed_at", "source_page", "import_source", "created_at"]


def subscribers_export_rows(queryset):
    """Yield CSV lines (header first) for a queryset, streaming in chunks (bounded memory)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush():
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return value

    writer.writerow(EXPORT_COLUMNS)
    yield flush()
    for row in queryset.order_by("id").values_list(*EXPORT_COLUMNS).iterator(chunk_size=2000):
        writer.writerow([_csv_cell(v.isoformat() if hasattr(v, "isoformat") else v) for v in row])
        yield flush()


# --- Editions ---------------------------------------------------------------------------------

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$"}


def _money(amount: Decimal, currency):
    symbol = CURRENCY_SYMBOLS.get(currency)
    number = f"{amount:,.0f}"
    return f"{symbol}{number}" if symbol else f"{number} {currency}"


def edition_draft_from_workflows(*, now=None, limit=5):
    """Draft an edition from the week's highest-earning published workflows."""
    from directory.models import Workflow

    now = timezone.localtime(now or timezone.now())  # the date in the slug and subject is the site's (TIME_ZONE)
    week_start = (now - datetime.timedelta(days=7)).date()
    published = Workflow.objects.published()
    # by_earnings() compares figures across currencies (in approximate USD).
    picks = list(published.filter(reported_at__gte=week_start).by_earnings()[:limit])
    intro = "The highest-earning AI workflows reported this week, with what their owners say they make."
    if not picks:
        picks = list(published.by_earnings()[:limit])
        intro = "No new earnings reports this week, so here are the standing leaders in the directory."
    lines = [intro, ""]
    for number, workflow in enumerate(picks, start=1):
        url = f"{settings.SITE_URL}{workflow.get_absolute_url()}"
        money = _money(workflow.monthly_earnings, workflow.earnings_currency)
        reported = f" by {workflow.reported_by}" if workflow.reported_by else ""
        when = f" on {workflow.reported_at:%b %-d, %Y}" if workflow.reported_at else ""
        lines += [
            f"## {number}. [{workflow.title}]({url})",
            "",
            f"**{money} a month**, self-reported{reported}{when}.",
            "",
            workflow.summary,
            "",
        ]
    lines += ["---", "", f"*{EARNINGS_DISCLAIMER}*"]
    date_label = f"{now:%b %-d, %Y}"
    if picks:
        lead = picks[0]
        subject = f"🔥 {lead.title}: {_money(lead.monthly_earnings, lead.earnings_currency)}/mo"
        if len(picks) > 1:
            subject += f" + {len(picks) - 1} more"
    else:
        subject = f"🔥 The Sauce Drop — {date_label}"
    base_slug = slugify(f"sauce-drop-{now:%Y-%m-%d}")
    slug, n = base_slug, 2
    while Edition.objects.filter(slug=slug).exists():
        slug, n = f"{base_slug}-{n}", n + 1
    return Edition.objects.create(
        topic=Topic.objects.filter(slug="weekly").first(),
        subject=subject[:150],
        preheader=f"The week's highest-earning AI workflows, {date_label}."[:200],
        slug=slug,
        body="\n".join(lines),
    )


def edition_schedule(*, edition, when):
    if edition.status not in (Edition.Status.DRAFT, Edition.Status.SCHEDULED):
        raise forms.ValidationError("Only drafts can be scheduled.")
    edition.status = Edition.Status.SCHEDULED
    edition.scheduled_at = when
    edition.save(update_fields=["status", "scheduled_at", "updated_at"])
