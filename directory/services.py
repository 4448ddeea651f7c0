"""Writes for the directory: outbound clicks, scores, tool imports, readers' outcome reports."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse  # not fluxsite.routes: every token is a new path, none worth remembering
from django.utils import timezone
from django.utils.text import slugify
from procrastinate.contrib.django import app

from directory.models import (
    TRACKED_TOOL_FIELDS,
    Category,
    DailyClickCount,
    OutcomeReport,
    Tool,
    ToolChange,
    ToolSubmission,
    Workflow,
    url_domain,
)
from directory.tokens import REPORT_CONFIRM, REPORT_WITHDRAW, SUBMISSION_CONFIRM
from fluxsite.cache import bump_generation
from fluxsite.importers import ImportRejected, RowError, read_csv
from fluxsite.tally import Tally

# Outbound clicks wait in the process and reach DailyClickCount in one statement every few seconds.
CLICKS = Tally(DailyClickCount, "clicks")

# Requests that are not a reader choosing to visit a tool: crawlers, link previews, scripts.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|scrape|preview|fetch|monitor|facebookexternalhit|embedly|whatsapp|"
    r"skypeuripreview|curl|wget|python-|httpx|aiohttp|go-http-client|java/|okhttp|libwww|"
    r"lighthouse|pingdom|uptime|feed|archiver",
    re.IGNORECASE,
)
PREFETCH_HEADERS = {
    "HTTP_PURPOSE": "prefetch",
    "HTTP_SEC_PURPOSE": "prefetch",
    "HTTP_X_PURPOSE": "preview",
    "HTTP_X_MOZ": "prefetch",
}


def request_is_countable(request):
    """True for a reader's GET; False for HEAD, prefetches and obvious bots."""
    if request.method != "GET":
        return False
    for header, marker in PREFETCH_HEADERS.items():
        if marker in request.META.get(header, "").lower():
            return False
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    return bool(user_agent.strip()) and not BOT_USER_AGENT.search(user_agent)


def tool_click_record(*, tool, day=None):
    """Add one click to the tool's count for the day, in this process; stored with the next flush (fluxsite.tally)."""
    CLICKS.add((tool.pk, day or timezone.localdate()))


def tool_scores_refresh(*, today=None):
    """Recompute recent clicks and the ranking score of every tool; return how many changed."""
    return Tool.objects.all().update_scores(today=today)


# --- CSV import -------------------------------------------------------------------------------

CSV_COLUMNS = [
    "slug", "name", "tagline", "website_url", "affiliate_url", "kind", "pricing_model", "starting_price",
    "price_currency", "price_unit", "plans", "is_open", "licence", "maker", "origin_country", "editorial_rating",
    "status", "categories", "tags", "description",
]
REQUIRED_COLUMNS = {"slug", "name", "tagline", "website_url"}
TRUE_VALUES = {"1", "true", "yes", "y"}
FALSE_VALUES = {"", "0", "false", "no", "n"}
MAX_IMPORT_BYTES = 5 * 1024 * 1024


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)


def _split(value):
    return [part.strip() for part in re.split(r"[;|]", value or "") if part.strip()]


def _tool_from_row(row, existing):
    """Build an unsaved Tool from a CSV row; raise ValidationError with readable messages."""
    values = {key: (value or "").strip() for key, value in row.items()}
    slug = values.get("slug", "")
    tool = existing.get(slug) or Tool(slug=slug)
    for name in ["name", "tagline", "website_url", "affiliate_url", "licence", "maker", "price_unit", "plans", "description"]:
        if name in values:
            setattr(tool, name, values[name])
    errors = {}
    choices = {
        "kind": Tool.Kind.values, "pricing_model": Tool.Pricing.values, "status": Tool.Status.values,
    }
    for name, allowed in choices.items():
        if values.get(name):
            if values[name] not in allowed:
                errors[name] = f"“{values[name]}” is not one of: {', '.join(allowed)}."
            else:
                setattr(tool, name, values[name])
    if "is_open" in values:
        flag = values["is_open"].lower()
        if flag in TRUE_VALUES | FALSE_VALUES:
            tool.is_open = flag in TRUE_VALUES
        else:
            errors["is_open"] = "Use yes or no."
    if "origin_country" in values:
        tool.origin_country = values["origin_country"].upper()
    if "price_currency" in values and values["price_currency"]:
        tool.price_currency = values["price_currency"].upper()
    for name in ["starting_price", "editorial_rating"]:
        if name in values:
            setattr(tool, name, values[name] or (None if name == "starting_price" else tool.editorial_rating))
    try:
        tool.full_clean(exclude=["slug"] if slug in existing else None, validate_unique=False)
    except ValidationError as exc:
        errors.update({key: " ".join(messages) for key, messages in exc.message_dict.items()})
    if errors:
        raise ValidationError(" ".join(f"{key}: {message}" for key, message in errors.items()))
    return tool


def tool_import_csv(*, data, note="", editor=None, now=None):
    """Create or update tools from CSV text or bytes, keyed on slug; all rows or none.

    Categories are named by slug (separated by ; or |) and must exist; tags are free text. An updated
    tool gets one history entry per tracked field the file changed, as an admin edit does, with `note`.
    """
    rows = read_csv(data, columns=CSV_COLUMNS, required=REQUIRED_COLUMNS, max_bytes=MAX_IMPORT_BYTES)
    if not rows:
        raise ImportRejected([RowError("The file has a header but no rows.", line=1)])
    slugs = [(row.get("slug") or "").strip() for _, row in rows]
    existing = {tool.slug: tool for tool in Tool.objects.filter(slug__in=slugs)}
    before = {slug: tool_tracked_values(tool) for slug, tool in existing.items()}
    categories = {category.slug: category for category in Category.objects.all()}
    errors, parsed, seen = [], [], {}
    for ((_, line), row), slug in zip(rows, slugs, strict=True):
        if slug and slug in seen:
            errors.append(RowError(f"slug: “{slug}” already appears on line {seen[slug]}.", line=line))
            continue
        seen[slug] = line
        if slug and slugify(slug) != slug:
            errors.append(RowError(f"slug: “{slug}” may only use lowercase letters, numbers and hyphens.", line=line))
            continue
        try:
            tool = _tool_from_row(row, existing)
        except ValidationError as exc:
            errors.append(RowError(" ".join(exc.messages), line=line))
            continue
        wanted = _split(row.get("categories"))
        unknown = [slug for slug in wanted if slug not in categories]
        if unknown:
            errors.append(RowError(f"categories: no category with slug {', '.join(unknown)}.", line=line))
            continue
        tags = _split(row.get("tags"))
        if any(len(tag) > 100 for tag in tags):
            errors.append(RowError("tags: a tag is longer than 100 characters.", line=line))
            continue
        parsed.append((tool, [categories[slug] for slug in wanted], tags, "categories" in row, "tags" in row))
    if errors:
        raise ImportRejected(errors)
    result = ImportResult()
    now = now or timezone.now()
    with transaction.atomic():
        for tool, tool_categories, tags, set_categories, set_tags in parsed:
            is_new = tool.pk is None
            tool.save()
            if not is_new and tool_tracked_values(tool) != before[tool.slug]:
                tool_changes_record(tool=tool, before=before[tool.slug], note=note, editor=editor, now=now)
            if set_categories or is_new:
                tool.categories.set(tool_categories)
            if set_tags or is_new:
                tool.tags.set(tags)
            (result.created if is_new else result.updated).append(tool)
    return result


# --- Reader outcome reports ---------------------------------------------------------------------


def report_submit(*, workflow, data):
    """Store an unconfirmed report and queue its confirmation email (both or neither)."""
    with transaction.atomic():
        report = OutcomeReport(workflow=workflow, status=OutcomeReport.Status.UNCONFIRMED, **data)
        report.full_clean()
        report.save()
        # By task name: directory.tasks imports this module, never the other way round.
        app.configure_task("directory.tasks.send_report_confirmation", allow_unknown=False).defer(report_id=report.pk)
    return report


def report_confirmation_message(report):
    """The email with the signed confirm link and the withdraw link."""
    context = {
        "report": report,
        "workflow": report.workflow,
        "confirm_url": settings.SITE_URL + reverse("directory:report_confirm", args=[REPORT_CONFIRM.make(report)]),
        "withdraw_url": settings.SITE_URL + reverse("directory:report_withdraw", args=[REPORT_WITHDRAW.make(report)]),
        "valid_days": settings.DIRECTORY_REPORT_CONFIRM_MAX_AGE // 86400,
    }
    return EmailMessage(
        subject=f"Confirm your report on “{report.workflow.title[:80]}”",
        body=render_to_string("directory/email/report_confirm.txt", context),
        to=[report.email],
    )


def report_send_confirmation(*, report_id):
    """Email the confirm link for a still-unconfirmed report (raises on SMTP errors, for retries)."""
    report = OutcomeReport.objects.select_related("workflow").filter(
        pk=report_id, status=OutcomeReport.Status.UNCONFIRMED
    ).first()
    if report is None:
        return False
    report_confirmation_message(report).send(fail_silently=False)
    return True


def report_confirm(*, report, now=None):
    """Move an unconfirmed report to the review queue; it replaces the address's earlier report here."""
    with transaction.atomic():
        report = OutcomeReport.objects.select_for_update().get(pk=report.pk)
        if report.status != OutcomeReport.Status.UNCONFIRMED:
            return report
        earlier = OutcomeReport.objects.filter(
            workflow_id=report.workflow_id,
            email__iexact=report.email,
            status__in=[OutcomeReport.Status.PENDING, OutcomeReport.Status.ACCEPTED],
        ).exclude(pk=report.pk)
        replaced_counted = earlier.filter(status=OutcomeReport.Status.ACCEPTED).exists()
        earlier.update(status=OutcomeReport.Status.WITHDRAWN, withdrawn_at=now or timezone.now(), updated_at=timezone.now())
        report.status = OutcomeReport.Status.PENDING
        report.confirmed_at = now or timezone.now()
        report.save(update_fields=["status", "confirmed_at", "updated_at"])
        if replaced_counted:
            workflow_stats_refresh(workflows=Workflow.objects.filter(pk=report.workflow_id))
            bump_generation()
    return report


def report_withdraw(*, report, now=None):
    """Take a report out of every count, whatever its state (idempotent)."""
    with transaction.atomic():
        report = OutcomeReport.objects.select_for_update().get(pk=report.pk)
        if report.status == OutcomeReport.Status.WITHDRAWN:
            return report
        was_public = report.status in (OutcomeReport.Status.ACCEPTED, OutcomeReport.Status.REJECTED)
        report.status = OutcomeReport.Status.WITHDRAWN
        report.withdrawn_at = now or timezone.now()
        report.save(update_fields=["status", "withdrawn_at", "updated_at"])
        if was_public:
            workflow_stats_refresh(workflows=Workflow.objects.filter(pk=report.workflow_id))
            bump_generation()
    return report


def reports_accept(*, reports, editor=None, now=None):
    """Accept confirmed reports (pending or previously rejected); return how many changed."""
    reports = reports.filter(status__in=[OutcomeReport.Status.PENDING, OutcomeReport.Status.REJECTED])
    workflow_ids = set(reports.values_list("workflow_id", flat=True))
    changed = reports.update(
        status=OutcomeReport.Status.ACCEPTED,
        rejection_reason="",
        rejection_note="",
        moderated_at=now or timezone.now(),
        moderated_by=editor,
        updated_at=timezone.now(),
    )
    if changed:
        workflow_stats_refresh(workflows=Workflow.objects.filter(pk__in=workflow_ids))
        bump_generation()  # update() sends no signals
    return changed


def reports_reject(*, reports, reason, note="", editor=None, now=None):
    """Reject confirmed reports for spam or abuse; a reason from the list is required."""
    if reason not in OutcomeReport.RejectionReason.values:
        raise ValidationError("Pick the reason for rejecting. A report is never rejected for being negative.")
    reports = reports.filter(status__in=[OutcomeReport.Status.PENDING, OutcomeReport.Status.ACCEPTED])
    workflow_ids = set(reports.values_list("workflow_id", flat=True))
    changed = reports.update(
        status=OutcomeReport.Status.REJECTED,
        rejection_reason=reason,
        rejection_note=note,
        moderated_at=now or timezone.now(),
        moderated_by=editor,
        updated_at=timezone.now(),
    )
    if changed:
        workflow_stats_refresh(workflows=Workflow.objects.filter(pk__in=workflow_ids))
        bump_generation()
    return changed


def workflow_stats_refresh(*, workflows=None):
    """Store the report count and median earnings, costs and hours (USD) that /workflows/ sorts by."""
    workflows = Workflow.objects.all() if workflows is None else workflows
    summaries = workflows.report_summaries()
    changed = []
    for workflow in workflows.only("id", "report_count", "median_earnings_usd", "median_costs_usd", "median_hours"):
        summary = summaries[workflow.pk]
        values = (summary.count, summary.median_earnings, summary.median_costs, summary.median_hours)
        if values != (workflow.report_count, workflow.median_earnings_usd, workflow.median_costs_usd, workflow.median_hours):
            workflow.report_count, workflow.median_earnings_usd, workflow.median_costs_usd, workflow.median_hours = values
            changed.append(workflow)
    Workflow.objects.bulk_update(
        changed, ["report_count", "median_earnings_usd", "median_costs_usd", "median_hours"], batch_size=500
    )
    return len(changed)


# --- Tool history -------------------------------------------------------------------------------


def tool_tracked_values(tool):
    """The tracked fields of `tool` as readers read them (“20”, “Yes”, “Usage-based”)."""
    values = {}
    for name in TRACKED_TOOL_FIELDS:
        value = getattr(tool, name)
        model_field = Tool._meta.get_field(name)
        if value is None:
            text = ""
        elif isinstance(value, bool):
            text = "Yes" if value else "No"
        elif model_field.choices:
            text = str(dict(model_field.flatchoices).get(value, value))
        elif isinstance(value, Decimal):
            text = f"{value.normalize():f}"
        else:
            text = str(value).strip()
        values[name] = text
    return values


def tool_changes_record(*, tool, before, note="", editor=None, now=None):
    """Write one history entry per tracked field that differs from `before`; a note alone makes one entry."""
    after = tool_tracked_values(tool)
    now = now or timezone.now()
    entries = [
        ToolChange(
            tool=tool, field=name, old_value=before[name], new_value=after[name], note=note, changed_at=now,
            changed_by=editor,
        )
        for name in TRACKED_TOOL_FIELDS
        if before.get(name) != after[name]
    ]
    if not entries and note:
        entries = [ToolChange(tool=tool, note=note, changed_at=now, changed_by=editor)]
    return ToolChange.objects.bulk_create(entries)


def tools_verify(*, tools, now=None):
    """Stamp “last verified” on these tools (an editor checked them against the maker's site)."""
    changed = tools.update(last_verified_at=now or timezone.now())
    if changed:
        bump_generation()  # update() sends no signals
    return changed


# --- Readers' tool submissions ------------------------------------------------------------------


def tools_matching(*, name, website_url):
    """Tools already in the directory (any status) with the same domain or the same name."""
    domain = url_domain(website_url)
    same_domain = Q(website_url__iregex=r"^https?://(www\.)?" + re.escape(domain) + r"([:/?#]|$)") if domain else Q(pk=None)
    return Tool.objects.filter(same_domain | Q(name__iexact=name.strip()) | Q(slug=slugify(name)[:100])).order_by("id")


def tool_submission_submit(*, data):
    """Store an unconfirmed submission and queue its confirmation email (both or neither)."""
    with transaction.atomic():
        submission = ToolSubmission(status=ToolSubmission.Status.UNCONFIRMED, **data)
        submission.full_clean()
        submission.save()
        app.configure_task("directory.tasks.send_submission_confirmation", allow_unknown=False).defer(
            submission_id=submission.pk
        )
    return submission


def tool_submission_send_confirmation(*, submission_id):
    """Email the confirm link of a still-unconfirmed submission (raises on SMTP errors, for retries)."""
    submission = ToolSubmission.objects.filter(pk=submission_id, status=ToolSubmission.Status.UNCONFIRMED).first()
    if submission is None:
        return False
    context = {
        "submission": submission,
        "confirm_url": settings.SITE_URL + reverse("directory:submit_confirm", args=[SUBMISSION_CONFIRM.make(submission)]),
        "valid_days": settings.DIRECTORY_REPORT_CONFIRM_MAX_AGE // 86400,
    }
    EmailMessage(
        subject=f"Confirm your suggestion of {submission.name[:80]} for the Flux directory",
        body=render_to_string("directory/email/submission_confirm.txt", context),
        to=[submission.email],
    ).send(fail_silently=False)
    return True


def tool_submission_confirm(*, submission, now=None):
    """Put a confirmed submission in the review queue, or mark it a duplicate of a tool or earlier submission."""
    with transaction.atomic():
        submission = ToolSubmission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != ToolSubmission.Status.UNCONFIRMED:
            return submission
        submission.confirmed_at = now or timezone.now()
        existing = tools_matching(name=submission.name, website_url=submission.website_url).first()
        queued = (
            ToolSubmission.objects.filter(status=ToolSubmission.Status.PENDING)
            .filter(Q(domain=submission.domain) | Q(name__iexact=submission.name))
            .exclude(pk=submission.pk)
            .exists()
        )
        if existing or queued:
            submission.status = ToolSubmission.Status.DUPLICATE
            submission.duplicate_of = existing
        else:
            submission.status = ToolSubmission.Status.PENDING
        submission.save(update_fields=["status", "confirmed_at", "duplicate_of", "updated_at"])
    return submission


def tool_submissions_accept(*, submissions, now=None):
    """Create a draft tool for each waiting submission; return the tools created."""
    created = []
    with transaction.atomic():
        for submission in submissions.select_for_update().filter(status=ToolSubmission.Status.PENDING):
            base = slugify(submission.name)[:90] or "tool"
            slug, n = base, 2
            while Tool.objects.filter(slug=slug).exists():
                slug, n = f"{base}-{n}", n + 1
            tool = Tool.objects.create(
                name=submission.name, slug=slug, tagline=submission.tagline, website_url=submission.website_url,
                pricing_model=submission.pricing_model, is_open=submission.is_open,
                origin_country=submission.origin_country, status=Tool.Status.DRAFT,
            )
            tool.categories.set([submission.category_id])
            submission.status, submission.tool = ToolSubmission.Status.ACCEPTED, tool
            submission.moderated_at = now or timezone.now()
            submission.save(update_fields=["status", "tool", "moderated_at", "updated_at"])
            created.append(tool)
    return created
