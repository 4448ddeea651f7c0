"""The Sauce Drop: subscribers, editions and one delivery row per (edition, subscriber)."""

import re
from email.utils import parseaddr

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from fluxsite.markdown import render_markdown
from fluxsite.models import TimeStampedModel
from fluxsite.routes import reverse


class TopicQuerySet(models.QuerySet):
    def defaults(self):
        return self.filter(is_default=True)


class Topic(TimeStampedModel):
    """Something readers can choose to get: the weekly Sauce Drop, wire alerts, directory changes."""

    name = models.CharField(max_length=80, help_text="What readers see on their preferences page.")
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=200, blank=True, help_text="One line under the name.")
    is_default = models.BooleanField(
        default=False, help_text="New subscribers (sign-ups and imports) get it until they choose otherwise."
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("newsletter:landing")


class SubscriberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Subscriber.Status.ACTIVE)

    def audience(self, topic_id):
        """Who an edition for this topic goes to (every active subscriber for an edition without one)."""
        return self.active().filter(topics=topic_id) if topic_id else self.active()

    def by_email(self, email):
        """Match an address case-insensitively (uses the lower(email) unique index)."""
        return self.alias(email_lower=Lower("email")).filter(email_lower=email.lower())

    def by_email_in(self, emails):
        """Rows for any of these addresses, annotated with `email_lower`."""
        return self.annotate(email_lower=Lower("email")).filter(email_lower__in=[e.lower() for e in emails])

    def counts_by_status(self):
        """{status: count} for every status, zeros included."""
        counts = dict.fromkeys(Subscriber.Status.values, 0)
        counts.update(self.order_by().values_list("status").annotate(n=models.Count("id")))
        return counts


class Subscriber(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending confirmation"
        ACTIVE = "active", "Active"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Bounced (suppressed)"
        COMPLAINED = "complained", "Marked as spam (suppressed)"

    SUPPRESSED = (Status.BOUNCED, Status.COMPLAINED)  # never mailed again, imports and sign-ups included

    email = models.EmailField(max_length=254, help_text="Stored as typed, with the domain lower-cased.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    consented_at = models.DateTimeField(null=True, blank=True, help_text="When the reader asked to subscribe.")
    source_page = models.CharField(max_length=200, blank=True, help_text="The page whose form they used.")
    confirmed_at = models.DateTimeField(null=True, blank=True, help_text="When they followed the confirmation link.")
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(
        null=True, blank=True,
        help_text="A hard bounce or a spam complaint suppresses the address for good, imports included.",
    )
    welcomed_at = models.DateTimeField(null=True, blank=True, help_text="When the welcome email went out.")
    import_source = models.CharField(
        max_length=200, blank=True, help_text="The CSV file an imported address came from; blank for sign-ups."
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="subscribers", help_text="What this reader chose to get."
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="subscriber_email_ci_unique"),
        ]
        indexes = [
            # Keyset pagination over the active list: WHERE status = 'active' AND id > %s ORDER BY id.
            models.Index(fields=["status", "id"], name="subscriber_status_id_idx"),
        ]

    def __str__(self):
        return self.email

    def get_absolute_url(self):
        return reverse("newsletter:landing")


class EditionQuerySet(models.QuerySet):
    def published(self):
        """Editions the public archive shows: those that went out."""
        return self.filter(status=Edition.Status.SENT, sent_at__isnull=False)

    def due(self, now=None):
        return self.filter(status=Edition.Status.SCHEDULED, scheduled_at__lte=now or timezone.now())


class Edition(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    subject = models.CharField(max_length=150, help_text="The email subject and the archive page's headline.")
    preheader = models.CharField(
        max_length=200, blank=True, help_text="The grey preview line mail apps show after the subject."
    )
    slug = models.SlugField(max_length=160, unique=True, help_text="The archive address: /newsletter/archive/<slug>/.")
    topic = models.ForeignKey(
        Topic, null=True, blank=False, on_delete=models.PROTECT, related_name="editions",
        help_text="Only subscribers who chose this topic get the edition.",
    )
    body = models.TextField(help_text="Markdown. Raw HTML is cleaned. Shown in the email and on the archive page.")
    body_html = models.TextField(editable=False, default="")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    scheduled_at = models.DateTimeField(
        null=True, blank=True, help_text="For scheduled editions: the queue sends it by itself at this time."
    )
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    recipients_count = models.PositiveIntegerField(default=0, editable=False)
    sent_count = models.PositiveIntegerField(default=0, editable=False)
    failed_count = models.PositiveIntegerField(default=0, editable=False)
    uncertain_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Messages resent after a crash (same Message-ID)."
    )
    test_sent_at = models.DateTimeField(null=True, blank=True, editable=False, help_text="When the last test copy went out.")
    test_sent_to = models.EmailField(blank=True, editable=False, help_text="Who got the last test copy.")

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-created_at", "-id"]
        get_latest_by = "sent_at"
        permissions = [("send_edition", "Can send an edition to subscribers")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(scheduled_at__isnull=False),
                name="edition_scheduled_has_time",
            ),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("newsletter:archive_detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.subject)[:160] or "edition"
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.status == self.Status.SENT


class Delivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"  # inside an SMTP transaction; still here after a crash = uncertain
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        UNCERTAIN = "uncertain", "Uncertain (resending)"
        SKIPPED = "skipped", "Skipped (no longer subscribed)"

    TODO_STATES = (State.PENDING, State.SENDING, State.UNCERTAIN)

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    was_uncertain = models.BooleanField(
        default=False, help_text="A crash left it mid-send; it was sent again with the same Message-ID."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["edition", "subscriber"], name="delivery_edition_subscriber_unique"),
        ]
        indexes = [
            models.Index(fields=["edition", "state", "id"], name="delivery_edition_state_idx"),
        ]

    def __str__(self):
        return f"{self.edition_id} → {self.subscriber_id}: {self.state}"

    @property
    def message_id(self):
        return message_id_for(self.edition_id, self.subscriber_id)


class EditionLink(models.Model):
    """One link in an edition's body and how often readers followed it; no reader is recorded.

    Each edition's mail links to /newsletter/click/<signed id>/ (newsletter.clicks), which counts
    here and redirects to `url`. Rows are made when the edition's mail is built.
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(max_length=2000)
    position = models.PositiveSmallIntegerField(help_text="Where the link first appears in the body (1 = first).")
    clicks = models.PositiveIntegerField(default=0, help_text="Clicks by readers after the send; tests and bots not counted.")

    class Meta:
        ordering = ["edition", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "url"], name="editionlink_edition_url_unique"),
        ]

    def __str__(self):
        return self.url

    def get_absolute_url(self):
        return self.url


class WelcomeEmailQuerySet(models.QuerySet):
    def current(self):
        """The welcome email new subscribers get, or None when editors switched it off."""
        return self.filter(is_active=True).order_by("-updated_at").first()


class WelcomeEmail(TimeStampedModel):
    """The one email a reader gets right after confirming; editors write it in the admin."""

    subject = models.CharField(max_length=150, help_text="The subject line new subscribers see.")
    body = models.TextField(
        help_text="Markdown. A link to the latest edition is added under it, and the usual footer after that."
    )
    body_html = models.TextField(editable=False, default="")
    is_active = models.BooleanField(
        default=True, help_text="Untick to stop sending a welcome email; confirmations still work."
    )

    objects = WelcomeEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        get_latest_by = "updated_at"

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("newsletter:landing")

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)


class MailEventQuerySet(models.QuerySet):
    def counts_by_edition(self, edition_ids):
        """{edition_id: {kind: number of subscribers}} for these editions."""
        counts = {}
        rows = (
            self.filter(edition_id__in=edition_ids)
            .order_by()
            .values_list("edition_id", "kind")
            .annotate(n=models.Count("subscriber_id", distinct=True))
        )
        for edition_id, kind, n in rows:
            counts.setdefault(edition_id, {})[kind] = n
        return counts


class MailEvent(models.Model):
    """Something a mailbox provider or a reader told us about a message: a bounce, a complaint, an unsubscribe.

    Only events for known subscribers are kept (they go when the subscriber's data is deleted);
    `external_id` is the provider's event id, unique, so a replayed event changes nothing.
    """

    class Kind(models.TextChoices):
        HARD_BOUNCE = "hard_bounce", "Hard bounce"
        SOFT_BOUNCE = "soft_bounce", "Soft bounce"
        COMPLAINT = "complaint", "Spam complaint"
        UNSUBSCRIBE = "unsubscribe", "Unsubscribe"

    class Source(models.TextChoices):
        WEBHOOK = "webhook", "Webhook (generic JSON)"
        POSTMARK = "postmark", "Postmark webhook"
        MAILDIR = "maildir", "Bounce message (DSN) in a Maildir"
        LINK = "link", "Unsubscribe link"

    kind = models.CharField(max_length=12, choices=Kind.choices, db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="mail_events")
    edition = models.ForeignKey(
        Edition, null=True, blank=True, on_delete=models.SET_NULL, related_name="mail_events",
        help_text="The edition the message was, from its Message-ID, else the subscriber's latest.",
    )
    external_id = models.CharField(max_length=200, null=True, blank=True, unique=True)
    detail = models.CharField(max_length=300, blank=True)
    occurred_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MailEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        get_latest_by = "occurred_at"
        indexes = [models.Index(fields=["edition", "kind"], name="mailevent_edition_kind_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subscriber_id}"


def message_id_domain():
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "flux.example"


_EDITION_MESSAGE_ID = re.compile(r"<?sauce-drop\.e(\d+)\.s(\d+)@")


def parse_message_id(value):
    """(edition_id, subscriber_id) from an edition copy's Message-ID, or None."""
    match = _EDITION_MESSAGE_ID.search(value or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def message_id_for(edition_id, subscriber_id, *, domain=None):
    """The stable Message-ID of one edition's copy for one subscriber, so receivers collapse repeats.

    A sender of many copies passes `domain` (message_id_domain(), looked up once).
    """
    return f"<sauce-drop.e{edition_id}.s{subscriber_id}@{domain or message_id_domain()}>"
