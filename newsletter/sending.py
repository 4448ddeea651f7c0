"""Send editions: delivery rows, batches over SMTP, the delivery-state machine, the queue's jobs."""

import itertools
import logging
import select
import smtplib
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, Value
from django.utils import timezone
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued
from psycopg import pq

from fluxsite.cache import bump_generation
from newsletter.emails import EditionMailer
from newsletter.models import Delivery, Edition, Subscriber
from newsletter.services import subscriber_mark_bounced
from newsletter.smtp import SmtpPipeline

logger = logging.getLogger(__name__)


def edition_send_test(*, edition, to, now=None):
    """Send one copy of an edition, marked [TEST], to an editor; no delivery rows. Remembers when and to whom."""
    preview = Subscriber(pk=0, email=to)
    EditionMailer(edition, test=True).message(preview).send(fail_silently=False)
    now = now or timezone.now()
    Edition.objects.filter(pk=edition.pk).update(test_sent_at=now, test_sent_to=to)
    edition.test_sent_at, edition.test_sent_to = now, to


class SmtpUnavailable(Exception):
    """The SMTP server refused or dropped the connection: sending stopped, state is resumable."""


class SendRefused(Exception):
    """Sending can't start: something the law or the receivers require is missing. Nothing changed."""


def editions_check_sendable():
    """Raise SendRefused when a production site (https://) has no postal address for the footer."""
    if settings.SITE_URL.startswith("https://") and not settings.NEWSLETTER_POSTAL_ADDRESS:
        raise SendRefused(
            "Set NEWSLETTER_POSTAL_ADDRESS before sending: commercial email must carry the sender's "
            "postal address (CAN-SPAM), and every footer prints it."
        )


@dataclass
class BatchResult:
    sent: int = 0
    resent: int = 0
    failed: int = 0
    deferred: int = 0
    skipped: int = 0

    def add(self, other):
        for name in ("sent", "resent", "failed", "deferred", "skipped"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def edition_prepare(*, edition_id, now=None):
    """Mark an edition as sending and create a pending delivery for every active subscriber.

    One INSERT … SELECT on the server (no rows pass through Python); rerunning adds only
    subscribers who have no delivery row yet, so a resume never duplicates anyone.
    """
    now = now or timezone.now()
    editions_check_sendable()
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition_id)
        if edition.status == Edition.Status.SENT:
            return edition
        if edition.status != Edition.Status.SENDING:
            edition.status = Edition.Status.SENDING
            edition.started_at = now
            edition.save(update_fields=["status", "started_at", "updated_at"])
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {Delivery._meta.db_table} (edition_id, subscriber_id, state, was_uncertain, attempts, error)
                SELECT %s, s.id, %s, false, 0, '' FROM {Subscriber._meta.db_table} s WHERE s.status = %s
                  AND (%s::bigint IS NULL OR EXISTS (
                    SELECT 1 FROM {Subscriber.topics.through._meta.db_table} t
                    WHERE t.subscriber_id = s.id AND t.topic_id = %s::bigint))
                ON CONFLICT (edition_id, subscriber_id) DO NOTHING
                """,  # noqa: S608 - table names come from model meta, values are parameters
                [edition.pk, Delivery.State.PENDING, Subscriber.Status.ACTIVE, edition.topic_id, edition.topic_id],
            )
        edition.recipients_count = edition.deliveries.count()
        edition.save(update_fields=["recipients_count", "updated_at"])
    return edition


def edition_refresh(*, edition_id, now=None):
    """Recount an edition's deliveries; mark it sent when nothing is left to send."""
    states = Delivery.State
    counts = Delivery.objects.filter(edition_id=edition_id).aggregate(
        total=Count("id"),
        sent=Count("id", filter=Q(state=states.SENT)),
        failed=Count("id", filter=Q(state=states.FAILED)),
        todo=Count("id", filter=Q(state__in=Delivery.TODO_STATES)),
        uncertain=Count("id", filter=Q(was_uncertain=True)),
    )
    todo = counts["todo"]
    Edition.objects.filter(pk=edition_id).update(
        recipients_count=counts["total"],
        sent_count=counts["sent"],
        failed_count=counts["failed"],
        uncertain_count=counts["uncertain"],
    )
    finished = False
    if todo == 0:
        finished = bool(
            Edition.objects.filter(pk=edition_id, status=Edition.Status.SENDING).update(
                status=Edition.Status.SENT, sent_at=now or timezone.now()
            )
        )
        if finished:
            bump_generation()  # the archive and the sitemap list it now
    return todo


@contextmanager
def _batch_lock(edition_id, bucket, *, wait):
    """Hold a PostgreSQL advisory lock on one batch, so no two processes send the same rows.

    Session-level: released here, or by the server when a killed process's connection drops.
    """
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_lock(hashtext('newsletter.send'), %s)", [_lock_key(edition_id, bucket)])
            acquired = True
        else:
            cursor.execute(
                "SELECT pg_try_advisory_lock(hashtext('newsletter.send'), %s)", [_lock_key(edition_id, bucket)]
            )
            acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_unlock(hashtext('newsletter.send'), %s)", [_lock_key(edition_id, bucket)]
                )


def _lock_key(edition_id, bucket):
    # The two-int4 advisory lock form: the namespace is the first key, this int4 the second.
    return (edition_id * 1_000_003 + bucket) % 2_147_483_647


_ADVANCE_SQL = f"""
UPDATE {Delivery._meta.db_table} SET
  state = CASE WHEN id = $1::bigint THEN 'sent' ELSE $3::varchar END,
  sent_at = CASE WHEN id = $1::bigint THEN $5::timestamptz ELSE sent_at END,
  was_uncertain = CASE WHEN id = $2::bigint THEN was_uncertain OR $4::boolean ELSE was_uncertain END,
  attempts = CASE WHEN id = $2::bigint THEN attempts + 1 ELSE attempts END
WHERE id IN ($1::bigint, $2::bigint)
"""  # noqa: S608 - the table name comes from model meta

_statement_numbers = itertools.count(1)


class _DeliveryStates:
    """The send loop's state changes: one prepared UPDATE per message, sent through libpq unawaited.

    `start(id)` sends "the last delivered message is `sent`, this one is in flight" as one
    autocommitted UPDATE and returns at once; `wait()` blocks until PostgreSQL has committed it
    (raising on an error). The send loop lets the UPDATE travel while the SMTP envelope is answered
    and calls `wait()` before the message's final "." (SmtpPipeline's commit) and before anything
    else uses the database connection. `delivered()` records the 250; `flush()` marks that message
    `sent` right away (before other writes, at the end of a batch, and in `close()`).
    """

    def __init__(self, db):
        db.ensure_connection()
        self.pgconn = db.connection.pgconn
        self.name = f"flux_newsletter_advance_{next(_statement_numbers)}".encode()
        self.pending = False
        self.current = self.delivered_id = None
        self._check(self.pgconn.prepare(self.name, _ADVANCE_SQL.encode()))

    def start(self, delivery_id, *, uncertain):
        self._send(prev=self.delivered_id, cur=delivery_id, uncertain=uncertain)
        self.current, self.delivered_id = delivery_id, None

    def delivered(self):
        self.delivered_id, self.current = self.current, None

    def flush(self):
        if self.delivered_id is not None:
            self._send(prev=self.delivered_id, cur=None, uncertain=False)
            self.delivered_id = None
        self.wait()

    def wait(self):
        if not self.pending:
            return
        self.pending = False
        self.pgconn.consume_input()
        while self.pgconn.is_busy():
            select.select([self.pgconn.socket], [], [])
            self.pgconn.consume_input()
        error = None
        while (result := self.pgconn.get_result()) is not None:
            error = error or self._error(result)
        if error:
            raise DatabaseError(error)

    def close(self):
        self.flush()
        if self.pgconn.status == pq.ConnStatus.OK:
            self._check(self.pgconn.exec_(b"DEALLOCATE " + self.name))

    def _send(self, *, prev, cur, uncertain):
        self.wait()
        next_state = Delivery.State.UNCERTAIN if uncertain else Delivery.State.SENDING
        params = [
            None if prev is None else str(prev).encode(),
            None if cur is None else str(cur).encode(),
            next_state.encode(),
            b"t" if uncertain else b"f",
            timezone.now().isoformat().encode(),
        ]
        self.pgconn.send_query_prepared(self.name, params)
        self.pending = True
        while self.pgconn.flush():  # only a non-blocking connection with a full socket buffer
            select.select([], [self.pgconn.socket], [])

    @staticmethod
    def _error(result):
        if result.status in (pq.ExecStatus.COMMAND_OK, pq.ExecStatus.TUPLES_OK):
            return None
        return (result.error_message or b"delivery state update failed").decode(errors="replace")

    def _check(self, result):
        if error := self._error(result):
            raise DatabaseError(error)


def _close_smtp(smtp):
    try:
        smtp.close()
    except (smtplib.SMTPException, OSError):
        logger.debug("SMTP close failed", exc_info=True)


def _reset_synchronous_commit():
    with connection.cursor() as cursor:
        cursor.execute("RESET synchronous_commit")


def edition_send_batch(*, edition_id, bucket, wait=True, batch_size=None):
    """Send one batch (deliveries with id in [bucket*size, (bucket+1)*size)) over one SMTP connection.

    Crash semantics: a row is marked `sending` (committed) before its SMTP transaction can complete
    and `sent` after it. The UPDATE travels while MAIL/RCPT/DATA are answered and is committed
    before the message's final "."; a server drops a transaction that never saw that ".". A row
    found `sending` (or `uncertain`) later was in flight when a process died: it is marked
    `uncertain` and sent again with the same Message-ID. So nobody is skipped, and each kill
    repeats at most the one message that was inside an SMTP transaction.
    """
    size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    result = BatchResult()
    with _batch_lock(edition_id, bucket, wait=wait) as acquired:
        if not acquired:
            return None  # another worker holds this batch
        edition = Edition.objects.get(pk=edition_id)
        rows = list(
            Delivery.objects.filter(
                edition_id=edition_id, id__gte=bucket * size, id__lt=(bucket + 1) * size, state__in=Delivery.TODO_STATES
            )
            .annotate(wants=_wants_topic(edition.topic_id))
            .order_by("id")
            .values_list("id", "state", "subscriber_id", "subscriber__email", "subscriber__status", "wants")
        )
        if not rows:
            return result
        mailer = EditionMailer(edition)
        with ExitStack() as cleanup:  # on the way out, in reverse: states, SMTP, synchronous_commit
            if not settings.NEWSLETTER_SYNCHRONOUS_COMMIT:
                # Each state change still commits before the next SMTP step, and a killed sender can't
                # lose it (the server has it); only a crash of PostgreSQL itself could forget the last
                # fraction of a second, which then means resends with the same Message-ID.
                with connection.cursor() as cursor:
                    cursor.execute("SET synchronous_commit TO off")
                cleanup.callback(_reset_synchronous_commit)
            smtp = get_connection(fail_silently=False)
            cleanup.callback(_close_smtp, smtp)
            try:
                smtp.open()
                # The console and in-memory backends (local runs, tests) take whole messages.
                pipeline = SmtpPipeline(smtp.connection) if isinstance(smtp, SmtpBackend) else None
            except (smtplib.SMTPException, OSError) as exc:
                raise SmtpUnavailable(f"can't connect to the SMTP server: {exc}") from exc
            states = _DeliveryStates(connection)
            cleanup.callback(states.close)
            for delivery_id, state, subscriber_id, email, status, wants in rows:
                if status != Subscriber.Status.ACTIVE or not wants:
                    states.flush()
                    Delivery.objects.filter(pk=delivery_id).update(
                        state=Delivery.State.SKIPPED,
                        error=f"subscriber is {status}" if status != Subscriber.Status.ACTIVE else "left the topic",
                    )
                    result.skipped += 1
                    continue
                uncertain = state != Delivery.State.PENDING
                states.start(delivery_id, uncertain=uncertain)
                try:
                    copy = mailer.smtp_copy(subscriber_id, email) if pipeline else None
                    if copy:
                        pipeline.send(*copy, commit=states.wait)
                    elif pipeline:  # an address or body the template can't take: smtplib, after the commit
                        states.wait()
                        sender, recipients, raw = mailer.raw_message(Subscriber(pk=subscriber_id, email=email))
                        smtp.connection.sendmail(sender, recipients, raw)
                    else:
                        states.wait()
                        smtp.send_messages([mailer.message(Subscriber(pk=subscriber_id, email=email), connection=smtp)])
                except smtplib.SMTPRecipientsRefused as exc:
                    states.wait()
                    code, reply = next(iter(exc.recipients.values()))
                    _recipient_refused(delivery_id, subscriber_id, code, reply, result)
                    continue
                except smtplib.SMTPDataError as exc:
                    states.wait()
                    _recipient_refused(delivery_id, None, exc.smtp_code, exc.smtp_error, result)
                    continue
                except (smtplib.SMTPException, OSError) as exc:
                    # The row stays `sending`: the next run resends it with the same Message-ID.
                    raise SmtpUnavailable(f"the SMTP server failed mid-batch: {exc}") from exc
                states.delivered()
                if uncertain:
                    result.resent += 1
                else:
                    result.sent += 1
    return result


def _wants_topic(topic_id):
    """Whether the delivery's subscriber still gets the edition's topic (they may have left it since)."""
    if not topic_id:
        return Value(True)
    through = Subscriber.topics.through
    return Exists(through.objects.filter(subscriber_id=OuterRef("subscriber_id"), topic_id=topic_id))


def _recipient_refused(delivery_id, subscriber_id, code, reply, result):
    reply = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    error = f"{code} {reply}"[:300]
    if code and code >= 500:
        Delivery.objects.filter(pk=delivery_id).update(state=Delivery.State.FAILED, error=error)
        if subscriber_id is not None:
            subscriber_mark_bounced(subscriber_id=subscriber_id, reason=error)
        result.failed += 1
    else:  # 4xx: try again on the next run
        Delivery.objects.filter(pk=delivery_id).update(state=Delivery.State.PENDING, error=error)
        result.deferred += 1


def edition_buckets(*, edition_id, batch_size=None):
    """The batch numbers that still have something to send (at most rows/size values)."""
    size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT id / %s FROM {Delivery._meta.db_table} WHERE edition_id = %s AND state = ANY(%s) ORDER BY 1",  # noqa: S608
            [size, edition_id, list(Delivery.TODO_STATES)],
        )
        return [row[0] for row in cursor.fetchall()]


def edition_send(*, edition, progress=None, batch_size=None):
    """Send, or resume, an edition to every active subscriber in this process; return the totals.

    Runs the same batch function the queue workers run, one batch after another (keyset over
    delivery ids, so memory stays bounded). Raises SmtpUnavailable with the state left resumable.
    """
    size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    edition = edition_prepare(edition_id=edition.pk)
    total = BatchResult()
    cursor_id = 0
    while edition.status != Edition.Status.SENT:
        next_id = (
            Delivery.objects.filter(edition_id=edition.pk, state__in=Delivery.TODO_STATES, id__gte=cursor_id)
            .order_by("id")
            .values_list("id", flat=True)
            .first()
        )
        if next_id is None:
            break
        bucket = next_id // size
        try:
            result = edition_send_batch(edition_id=edition.pk, bucket=bucket, wait=True, batch_size=size)
        finally:
            edition_refresh(edition_id=edition.pk)
        total.add(result)
        if progress:
            progress(bucket, result, total)
        cursor_id = (bucket + 1) * size
    edition_refresh(edition_id=edition.pk)
    return total


def edition_enqueue(*, edition_id):
    """Prepare an edition and queue one send_batch job per batch, for workers on any machine."""
    edition_prepare(edition_id=edition_id)
    buckets = edition_buckets(edition_id=edition_id)
    for bucket in buckets:
        try:
            # By task name: newsletter.tasks imports this module, never the other way round.
            with transaction.atomic():  # a savepoint: the refused INSERT must not abort an outer transaction
                app.configure_task(
                    "newsletter.tasks.send_batch", allow_unknown=False, queueing_lock=f"send_batch:{edition_id}:{bucket}"
                ).defer(edition_id=edition_id, bucket=bucket)
        except AlreadyEnqueued:  # queued earlier and not picked up yet
            pass
    if not buckets:
        edition_refresh(edition_id=edition_id)
    return len(buckets)


def editions_send_due(*, now=None):
    """Start every scheduled edition whose time has come; return their ids."""
    started = []
    due = Edition.objects.due(now).values_list("pk", flat=True)
    try:
        editions_check_sendable()
    except SendRefused as refused:
        if due:  # left scheduled: they go out the first minute after the setting is there
            logger.error("scheduled editions %s not sent: %s", list(due), refused)
        return started
    for edition_id in due:
        claimed = Edition.objects.filter(pk=edition_id, status=Edition.Status.SCHEDULED).update(
            status=Edition.Status.SENDING, started_at=now or timezone.now()
        )
        if claimed:  # another scheduler run may have taken it first
            edition_enqueue(edition_id=edition_id)
            started.append(edition_id)
    return started
