"""Demo content for the directory: the written tools and workflows, and bulk data for benchmarks."""

import io
import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont
from taggit.models import Tag, TaggedItem

from articles.demo import search_triggers_paused
from articles.models import Article
from directory.demo_content import CATEGORIES, HISTORY_NOTES, MENTIONS, REPORT_NOTES, SPAM_NOTES, TOOLS, WORKFLOWS
from directory.models import (
    CURRENCIES,
    Category,
    DailyClickCount,
    OutcomeReport,
    Tool,
    ToolChange,
    ToolSubmission,
    Workflow,
    tool_score,
)
from fluxsite.markdown import render_markdown

BENCH_PREFIX = "bench-"
LOGO_COLOURS = ["#0b0f14", "#f5a524", "#0b5cad", "#146c2e", "#b42318", "#6941c6", "#1d2530"]


def logo_image(name: str) -> ContentFile:
    """Draw a square monogram logo for a demo tool."""
    rng = random.Random(name)
    background = rng.choice(LOGO_COLOURS)
    image = Image.new("RGB", (256, 256), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse([28, 28, 228, 228], outline="#ffffff", width=10)
    font = ImageFont.load_default(size=120)
    draw.text((128, 132), name[0].upper(), fill="#ffffff", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{slugify(name)}.png")


def _description(tool_kind_label, text, maker, licence):
    parts = [text, "", "## What to check before you rely on it", ""]
    parts.append(f"- **Who makes it:** {maker}.")
    if licence:
        parts.append(f"- **Licence:** {licence}. Read it before commercial use.")
    parts.append(f"- **Kind:** {tool_kind_label}. Prices on Flux are illustrative; confirm on the maker's site.")
    return "\n".join(parts)


def seed(stdout):
    """Create the categories, tools, workflows and article mentions; rerunning adds nothing."""
    categories = {}
    for order, (name, slug, description) in enumerate(CATEGORIES):
        categories[slug], _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )
    tools, created = {}, 0
    for row in TOOLS:
        (name, tagline, kind, pricing, price, is_open, licence, maker, country, rating,
         tool_categories, tags, affiliate, text) = row
        slug = slugify(name)
        existing = Tool.objects.filter(slug=slug).first()
        if existing:
            tools[name] = existing
            continue
        tool = Tool(
            name=name,
            slug=slug,
            tagline=tagline,
            kind=kind,
            pricing_model=pricing,
            starting_price=Decimal(price[0]) if price else None,
            price_unit=price[1] if price else "",
            is_open=is_open,
            licence=licence,
            maker=maker,
            origin_country=country,
            editorial_rating=Decimal(rating),
            website_url=f"https://{slug}.example/",
            affiliate_url=f"https://partners.{slug}.example/?ref=flux" if affiliate else "",
            status=Tool.Status.PUBLISHED,
            description=_description(Tool.Kind(kind).label, text, maker, licence),
        )
        tool.logo.save(f"{slug}.png", logo_image(name), save=False)
        tool.save()
        tool.categories.set([categories[c] for c in tool_categories])
        tool.tags.set(tags)
        tools[name] = tool
        created += 1
        # A little reader interest so "popular" and the score have something to show.
        rng = random.Random(slug)
        today = timezone.localdate()
        DailyClickCount.objects.bulk_create(
            [DailyClickCount(tool=tool, day=today - timedelta(days=d), clicks=rng.randint(1, 12)) for d in range(14)],
            ignore_conflicts=True,
        )
    Tool.objects.filter(pk__in=[t.pk for t in tools.values()]).update_scores()
    for article_slug, names in MENTIONS.items():
        article = Article.objects.filter(slug=article_slug).first()
        if article:
            article.tools_mentioned.add(*[tools[name] for name in names])
    workflows = 0
    today = timezone.localdate()
    for title, summary, earnings, currency, reporter, days_ago, tool_names, steps in WORKFLOWS:
        slug = slugify(title)
        if Workflow.objects.filter(slug=slug).exists():
            continue
        workflow = Workflow.objects.create(
            title=title,
            slug=slug,
            summary=summary,
            steps=steps,
            monthly_earnings=Decimal(earnings),
            earnings_currency=currency,
            reported_by=reporter,
            reported_at=today - timedelta(days=days_ago),
            status=Workflow.Status.PUBLISHED,
        )
        workflow.tools.set([tools[name] for name in tool_names])
        workflows += 1
    seed_history(list(tools.values()))
    seed_submissions(categories)
    reports = seed_reports()
    stdout.write(
        f"Directory: {created} tools and {workflows} workflows created "
        f"({len(TOOLS)} tools, {len(WORKFLOWS)} workflows in the demo set); {reports} reader reports."
    )


def seed_submissions(categories):
    """Three readers' tool suggestions: one waiting for review, one found to be a duplicate, one unconfirmed."""
    if ToolSubmission.objects.exists():
        return
    listed = Tool.objects.published().order_by("name").first()
    now = timezone.now()
    rows = [
        ("Quillmate", "https://quillmate.example/", "Turns meeting recordings into follow-up emails.", "business",
         "freemium", ToolSubmission.Status.PENDING, None),
        (listed.name if listed else "Duplicate", listed.website_url if listed else "https://duplicate.example/",
         "Suggested again by a reader.", "chat-writing", "paid", ToolSubmission.Status.DUPLICATE, listed),
        ("Pixelprose", "https://pixelprose.example/", "Writes alt text for product images.", "image-video",
         "usage", ToolSubmission.Status.UNCONFIRMED, None),
    ]
    for n, (name, url, tagline, category, pricing, status, duplicate_of) in enumerate(rows):
        ToolSubmission.objects.create(
            name=name, website_url=url, tagline=tagline, category=categories[category], pricing_model=pricing,
            email=f"suggester{n}@example.com", status=status, duplicate_of=duplicate_of,
            confirmed_at=None if status == ToolSubmission.Status.UNCONFIRMED else now,
        )


def seed_history(tools):
    """Recorded changes, plans and “last verified” stamps on the demo tools; tools with history are left alone."""
    now = timezone.now()
    for index, tool in enumerate(tools):
        if tool.changes.exists() or tool.last_verified_at:
            continue
        rng = random.Random(f"history-{tool.slug}")
        days = rng.randint(5, 160)
        # Two in three were checked; some of those long enough ago to show in the admin's 90-day filter.
        verified = now - timedelta(days=rng.randint(1, 150)) if index % 3 else None
        entries = []
        if tool.starting_price is not None and index % 2 == 0:
            old = (tool.starting_price * Decimal("0.8")).quantize(Decimal("0.01"))
            entries.append(ToolChange(
                tool=tool, field="starting_price", old_value=f"{old.normalize():f}",
                new_value=f"{tool.starting_price.normalize():f}", note=HISTORY_NOTES[0] if index % 4 == 0 else "",
                changed_at=now - timedelta(days=days),
            ))
        if tool.licence and index % 5 == 1:
            entries.append(ToolChange(
                tool=tool, field="licence", old_value="Research only", new_value=tool.licence, note=HISTORY_NOTES[2],
                changed_at=now - timedelta(days=days + 30),
            ))
        if index % 7 == 3:
            entries.append(ToolChange(
                tool=tool, field="website_url", old_value=f"https://{tool.slug}-app.example/", new_value=tool.website_url,
                note=HISTORY_NOTES[3], changed_at=now - timedelta(days=days + 60),
            ))
        if index % 6 == 2:
            entries.append(ToolChange(tool=tool, note=HISTORY_NOTES[1], changed_at=now - timedelta(days=days // 2 + 1)))
        ToolChange.objects.bulk_create(entries)
        plans = ""
        if tool.starting_price is not None:
            price = f"{tool.starting_price.normalize():f} {tool.price_currency} {tool.price_unit}".strip()
            plans = f"Starter: {price}\nTeam: about three times Starter, with shared workspaces"
        Tool.objects.filter(pk=tool.pk).update(last_verified_at=verified, plans=plans)


# How many accepted reports the demo workflows get, in WORKFLOWS order: filled boxes, sparse ones
# (fewer than 5: no median shown) and empty ones.
DEMO_REPORT_COUNTS = [14, 11, 9, 8, 7, 6, 5, 4, 3, 2, 1]


def seed_reports():
    """Readers' outcome reports on the demo workflows; workflows that have any are left alone."""
    now = timezone.now()
    made, dates = [], []
    for index, row in enumerate(WORKFLOWS):
        workflow = Workflow.objects.filter(slug=slugify(row[0])).first()
        if workflow is None or workflow.reports.exists():
            continue
        rng = random.Random(workflow.slug)
        accepted = DEMO_REPORT_COUNTS[index] if index < len(DEMO_REPORT_COUNTS) else 0
        claim = workflow.monthly_earnings
        for n in range(accepted + (2 if accepted >= 5 else 0) + (1 if accepted else 0)):
            status = OutcomeReport.Status.ACCEPTED
            if n >= accepted:
                status = [OutcomeReport.Status.PENDING, OutcomeReport.Status.REJECTED, OutcomeReport.Status.WITHDRAWN][
                    n - accepted
                ]
            luck = rng.random()
            if luck < 0.25:
                outcome, earnings = OutcomeReport.Outcome.NEVER_EARNED, Decimal(0)
            else:
                outcome = OutcomeReport.Outcome.ONGOING if luck > 0.55 else OutcomeReport.Outcome.STOPPED
                earnings = (claim * Decimal(rng.uniform(0.05, 1.1))).quantize(Decimal("1"))
            currency = workflow.earnings_currency if rng.random() < 0.8 else rng.choice(["USD", "EUR", "GBP", "INR"])
            if currency != workflow.earnings_currency:
                # The same money in the reporter's own currency (by the demo's rough table).
                earnings = (earnings * CURRENCIES[workflow.earnings_currency][1] / CURRENCIES[currency][1]).quantize(
                    Decimal("1")
                )
            costs = (Decimal(rng.randint(0, 40)) * 5 * CURRENCIES["USD"][1] / CURRENCIES[currency][1]).quantize(Decimal("1"))
            created_at = now - timedelta(days=rng.randint(3, 300))
            rejected = status == OutcomeReport.Status.REJECTED
            made.append(
                OutcomeReport(
                    workflow=workflow,
                    email=f"reader{index}-{n}@example.com",
                    monthly_earnings=earnings,
                    currency=currency,
                    months=rng.randint(1, 18),
                    monthly_costs=costs,
                    hours_per_week=rng.choice([2, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30]),
                    outcome=outcome,
                    note=rng.choice(SPAM_NOTES) if rejected else rng.choice(REPORT_NOTES),
                    status=status,
                    rejection_reason=OutcomeReport.RejectionReason.SPAM if rejected else "",
                    confirmed_at=created_at + timedelta(hours=2),
                    moderated_at=created_at + timedelta(days=1) if status in ("accepted", "rejected") else None,
                    withdrawn_at=created_at + timedelta(days=5) if status == OutcomeReport.Status.WITHDRAWN else None,
                )
            )
            dates.append(created_at)
    OutcomeReport.objects.bulk_create(made)
    # created_at is auto_now_add, so the insert stamped "now": spread the dates afterwards.
    for report, created_at in zip(made, dates, strict=True):
        report.created_at = created_at
    OutcomeReport.objects.bulk_update(made, ["created_at"])
    if made:
        from directory.services import workflow_stats_refresh

        workflow_stats_refresh()
    return len(made)


def scale_counts(n):
    """Benchmark sizes for `seed_demo --scale n`: at least 3,000 tools, or 0.3 per article."""
    return max(3000, int(n * 0.3)), max(300, n // 20)


def seed_scale(n, stdout, batch_size=1000):
    """Bulk-create benchmark tools and workflows (in addition to the demo set)."""
    tool_count, workflow_count = scale_counts(n)
    existing = Tool.objects.filter(slug__startswith=BENCH_PREFIX).count()
    categories = list(Category.objects.all()) or [Category.objects.create(name="General", slug="general")]
    tag_names = [f"capability-{i}" for i in range(120)]
    Tag.objects.bulk_create([Tag(name=name, slug=slugify(name)) for name in tag_names], ignore_conflicts=True)
    tags = list(Tag.objects.filter(name__in=tag_names))
    content_type = ContentType.objects.get_for_model(Tool)
    through = Tool.categories.through
    rng = random.Random(n)
    kinds, pricings = Tool.Kind.values, Tool.Pricing.values
    countries = ["US", "FR", "DE", "CN", "GB", "CA", "IN", "JP", "KR", "SE", "NL", "AE", "SG", "BR", "NG"]
    descriptions = [(row[13], render_markdown(row[13])) for row in TOOLS]
    today = timezone.localdate()
    for start in range(existing, tool_count, batch_size):
        with transaction.atomic():
            batch = []
            for i in range(start, min(start + batch_size, tool_count)):
                source = TOOLS[i % len(TOOLS)]
                rating = Decimal(rng.randint(10, 50)) / 10
                chosen = rng.sample(tags, 3)
                batch.append(_bench_tool(i, source, descriptions, rating, chosen, kinds, pricings, countries, rng))
            created = Tool.objects.bulk_create([tool for tool, _ in batch])
            through.objects.bulk_create(
                [
                    through(tool_id=tool.pk, category_id=categories[(tool.pk + k) % len(categories)].pk)
                    for tool in created
                    for k in range(1 + tool.pk % 2)
                ],
                ignore_conflicts=True,
            )
            # The articles' tagging trigger would re-index the articles whose ids these tools share.
            with search_triggers_paused():
                TaggedItem.objects.bulk_create(
                    [
                        TaggedItem(content_type=content_type, object_id=tool.pk, tag=tag)
                        for tool, (_, chosen) in zip(created, batch, strict=True)
                        for tag in chosen
                    ]
                )
            DailyClickCount.objects.bulk_create(
                [
                    DailyClickCount(tool=tool, day=today - timedelta(days=d), clicks=rng.randint(1, 40))
                    for tool in created[::5]
                    for d in range(0, 28, 3)
                ]
            )
            Tool.objects.filter(pk__in=[tool.pk for tool in created]).update_scores(today=today)
    existing_workflows = Workflow.objects.filter(slug__startswith=BENCH_PREFIX).count()
    tool_ids = list(Tool.objects.published().values_list("pk", flat=True)[:500])
    codes = list(CURRENCIES)
    steps_html = {row[7]: render_markdown(row[7]) for row in WORKFLOWS}  # each distinct text once
    for start in range(existing_workflows, workflow_count, batch_size):
        with transaction.atomic():
            batch = []
            for i in range(start, min(start + batch_size, workflow_count)):
                source = WORKFLOWS[i % len(WORKFLOWS)]
                currency = codes[i % len(codes)]
                earnings = Decimal(rng.randint(100, 9000))
                batch.append(
                    Workflow(
                        title=f"{source[0]} (case {i})",
                        slug=f"{BENCH_PREFIX}workflow-{i}",
                        summary=source[1],
                        steps=source[7],
                        steps_html=steps_html[source[7]],
                        monthly_earnings=earnings,
                        earnings_currency=currency,
                        earnings_usd=(earnings * CURRENCIES[currency][1]).quantize(Decimal("0.01")),
                        reported_by=f"Bench reader {i}",
                        reported_at=today - timedelta(days=i % 365),
                        status=Workflow.Status.PUBLISHED,
                    )
                )
            created = Workflow.objects.bulk_create(batch)
            Workflow.tools.through.objects.bulk_create(
                [
                    Workflow.tools.through(workflow_id=w.pk, tool_id=tool_ids[(w.pk * 7 + k) % len(tool_ids)])
                    for w in created
                    for k in range(3)
                ],
                ignore_conflicts=True,
            )
    with connection.cursor() as cursor:
        # Bulk inserts sit in the GIN indexes' pending lists until autovacuum runs; flush them and
        # refresh statistics so benchmarks see the plans a settled site gets.
        for index in ("tool_search_idx", "workflow_search_idx"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE directory_tool, directory_workflow, directory_tool_categories, directory_dailyclickcount")
    stdout.write(
        f"Directory: {max(tool_count - existing, 0)} benchmark tools and "
        f"{max(workflow_count - existing_workflows, 0)} benchmark workflows created."
    )


def _bench_tool(i, source, descriptions, rating, chosen, kinds, pricings, countries, rng):
    tool = Tool(
        name=f"{source[0]} variant {i}",
        slug=f"{BENCH_PREFIX}tool-{i}",
        tagline=source[1],
        description=descriptions[i % len(descriptions)][0],
        description_html=descriptions[i % len(descriptions)][1],
        website_url=f"https://bench-{i}.example/",
        affiliate_url=f"https://partners.bench-{i}.example/" if i % 7 == 0 else "",
        kind=kinds[i % len(kinds)],
        pricing_model=pricings[i % len(pricings)],
        starting_price=Decimal(rng.randint(0, 200)) if i % 3 else None,
        is_open=i % 4 == 0,
        licence="Apache-2.0" if i % 4 == 0 else "",
        maker=f"Bench Maker {i % 400}",
        origin_country=countries[i % len(countries)],
        editorial_rating=rating,
        score=tool_score(editorial_rating=rating, recent_clicks=0),
        status=Tool.Status.PUBLISHED if i % 20 else Tool.Status.DRAFT,
    )
    return tool, chosen
