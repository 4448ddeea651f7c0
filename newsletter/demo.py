"""Demo content for The Sauce Drop: a few sent and draft editions, and bulk subscribers for benchmarks.

`seed_scale(n)` creates n × 10 benchmark subscribers, and at least 100,000 once n ≥ 10,000
(so `seed_demo --scale 10000` gives the 100k list the send benchmark uses). They are written
with PostgreSQL COPY, about a second per 100k rows.
"""

import io
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from newsletter.models import Delivery, Edition, MailEvent, Subscriber, Topic

BENCH_DOMAIN = "bench.flux.example"
DISCLAIMER = (
    "*Earnings figures are self-reported by the people who run these workflows and are not guarantees of "
    "income; most people earn less, some earn nothing.*"
)

EDITIONS = [
    {
        "slug": "sauce-drop-transcripts-to-newsletters",
        "subject": "🔥 Podcast transcripts into paid newsletters: $6,800/mo",
        "preheader": "Three workflows that turn one recording into five products.",
        "days_ago": 21,
        "status": Edition.Status.SENT,
        "body": """
This week's leader doesn't make anything new. It repackages what a client already said out loud.

## 1. Podcast transcripts into paid newsletters

**$6,800 a month**, self-reported by a two-person studio in Lisbon.

They record a 40-minute interview for a niche B2B podcast, run the audio through a speech-to-text model,
then have a language model draft a 1,200-word issue in the client's voice. A human editor spends
about 50 minutes on each draft. Eleven clients pay a flat monthly fee.

>> The transcript is the raw material; the edit is the product.

## 2. Local-business review replies

**$2,150 a month**, self-reported by a freelancer in Ohio.

A small tool pulls new reviews for 30 restaurants and clinics every morning and drafts replies that
the owner approves from their phone. The pitch is time, not prose.

## 3. Spreadsheet clean-up for bookkeepers

**$1,400 a month**, self-reported.

Bookkeepers send messy exports; a script with a model in the loop normalises vendor names and flags
duplicates, and a person checks anything the model marks as unsure.

---

""" + DISCLAIMER,
    },
    {
        "slug": "sauce-drop-voice-agents-for-clinics",
        "subject": "🔥 Voice agents that book dental appointments: $9,200/mo",
        "preheader": "Plus a translation shop that prices by the minute of video.",
        "days_ago": 14,
        "status": Edition.Status.SENT,
        "body": """
Phone calls are back, and this time a model answers them.

## 1. After-hours booking agents for clinics

**$9,200 a month**, self-reported by a three-person agency.

Each clinic gets a phone number that answers outside office hours, checks the calendar, books or
moves appointments and sends a text confirmation. The agency charges a setup fee and a monthly
retainer per location, and keeps a person on call for the calls the agent hands over.

## 2. Subtitles and dubbing for course creators

**$3,900 a month**, self-reported.

Transcribe, translate, review, then generate a dubbed track for the two most-requested languages.
Pricing is per finished minute of video, which makes quotes easy.

## 3. Menu photos for delivery apps

**$1,100 a month**, self-reported.

Restaurants send phone snapshots; an image model relights and crops them to each app's format.
The owner of this workflow says the real work is getting the first ten restaurants to say yes.

---

""" + DISCLAIMER,
    },
    {
        "slug": "sauce-drop-support-inbox-triage",
        "subject": "🔥 Support-inbox triage for Shopify stores: $5,400/mo",
        "preheader": "The boring workflows keep winning.",
        "days_ago": 7,
        "status": Edition.Status.SENT,
        "body": """
Nothing glamorous on this week's list, which is exactly why it pays.

## 1. Support-inbox triage for online stores

**$5,400 a month**, self-reported by a solo operator.

Incoming emails are sorted into returns, shipping questions and complaints; the model drafts an
answer from the store's policies and order data, and a human sends it. Clients pay per store.

## 2. Grant-application first drafts

**$2,700 a month**, self-reported.

Non-profits send last year's application and this year's numbers; the workflow produces a first
draft that a grant writer revises. The writer says the model saves the first two days, not the last.

## 3. Product-description refreshes

**$980 a month**, self-reported.

Rewrites thin catalogue copy in batches of 500 and checks every claim against the product sheet.

---

""" + DISCLAIMER,
    },
    {
        "slug": "sauce-drop-draft-contract-review",
        "subject": "🔥 Contract-review checklists for freelancers (draft)",
        "preheader": "Draft: still checking the earnings screenshots.",
        "days_ago": 0,
        "status": Edition.Status.DRAFT,
        "body": """
## 1. Contract-review checklists for freelancers

A workflow that highlights payment terms, IP clauses and termination notice in client contracts,
with a plain-English summary. Waiting on the owner's earnings evidence before this goes out.

---

""" + DISCLAIMER,
    },
    {
        "slug": "sauce-drop-draft-holiday-special",
        "subject": "🔥 The holiday special: gift-guide sites that pay for themselves",
        "preheader": "Draft for December.",
        "days_ago": 0,
        "status": Edition.Status.DRAFT,
        "body": """
A seasonal edition on affiliate gift guides built with research agents: what worked last year,
what got sites penalised, and the numbers their owners shared.

---

""" + DISCLAIMER,
    },
]

DEMO_SUBSCRIBERS = ["ada@flux.example", "grace@flux.example", "linus@flux.example"]


def seed(stdout):
    """Create the demo editions and a few demo subscribers; rerunning adds nothing."""
    now = timezone.now()
    for email in DEMO_SUBSCRIBERS:
        if not Subscriber.objects.by_email(email).exists():
            Subscriber.objects.create(
                email=email, status=Subscriber.Status.ACTIVE, consented_at=now, confirmed_at=now, source_page="/"
            )
    subscribers = list(Subscriber.objects.filter(email__in=DEMO_SUBSCRIBERS))
    weekly = Topic.objects.filter(slug="weekly").first()
    for subscriber in subscribers:
        if weekly and not subscriber.topics.exists():
            subscriber.topics.add(weekly)
    created = 0
    for data in EDITIONS:
        if Edition.objects.filter(slug=data["slug"]).exists():
            continue
        sent = data["status"] == Edition.Status.SENT
        when = now - timedelta(days=data["days_ago"], hours=3)
        edition = Edition.objects.create(
            slug=data["slug"],
            topic=weekly,
            subject=data["subject"],
            preheader=data["preheader"],
            body=data["body"].strip(),
            status=data["status"],
            started_at=when if sent else None,
            sent_at=when if sent else None,
            recipients_count=len(subscribers) if sent else 0,
            sent_count=len(subscribers) if sent else 0,
        )
        if sent:  # the delivery log a sent edition leaves behind
            Delivery.objects.bulk_create(
                Delivery(edition=edition, subscriber=s, state=Delivery.State.SENT, attempts=1, sent_at=when)
                for s in subscribers
            )
        created += 1
    latest = Edition.objects.published().order_by("-sent_at").first()
    if latest and subscribers and not MailEvent.objects.exists():  # what a full mailbox reports back
        MailEvent.objects.create(
            kind=MailEvent.Kind.SOFT_BOUNCE, source=MailEvent.Source.MAILDIR, subscriber=subscribers[-1],
            edition=latest, external_id="demo:soft-bounce", detail="4.2.2 smtp; 452 4.2.2 Mailbox full",
            occurred_at=latest.sent_at + timedelta(minutes=4),
        )
    stdout.write(f"Newsletter: {created} editions created ({len(EDITIONS)} in the demo set).")


def scale_count(n):
    return max(n * 10, 100_000) if n >= 10_000 else n * 10


def seed_scale(n, stdout):
    """COPY benchmark subscribers (active, confirmed) into the table; rerunning tops up only."""
    count = scale_count(n)
    existing = Subscriber.objects.filter(email__endswith=f"@{BENCH_DOMAIN}").count()
    if existing >= count:
        stdout.write(f"Newsletter: {existing} benchmark subscribers already present.")
        return
    now = timezone.now().isoformat()
    buffer = io.StringIO()
    for i in range(existing, count):
        buffer.write(f"reader{i}@{BENCH_DOMAIN}\tactive\t{now}\t{now}\t/\t\t{now}\t{now}\n")
    columns = "email, status, consented_at, confirmed_at, source_page, import_source, created_at, updated_at"
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {Subscriber._meta.db_table} ({columns}) FROM STDIN") as copy:
            copy.write(buffer.getvalue())
    stdout.write(f"Newsletter: {count - existing} benchmark subscribers created.")
