"""Writes for the directory: counting outbound clicks, refreshing scores, importing tools."""

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from directory.models import Category, DailyClickCount, Tool

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
    """Add one click to the tool's row for the day: one UPDATE with F(), the row created once."""
    day = day or timezone.localdate()
    rows = DailyClickCount.objects.filter(tool=tool, day=day)
    if rows.update(clicks=F("clicks") + 1):
        return
    try:
        with transaction.atomic():
            DailyClickCount.objects.create(tool=tool, day=day, clicks=1)
    except IntegrityError:
        # Another request created today's row between our UPDATE and INSERT.
        rows.update(clicks=F("clicks") + 1)


def tool_scores_refresh(*, today=None):
    """Recompute recent clicks and the ranking score of every tool; return how many changed."""
    return Tool.objects.all().update_scores(today=today)


# --- CSV import -------------------------------------------------------------------------------

CSV_COLUMNS = [
    "slug", "name", "tagline", "website_url", "affiliate_url", "kind", "pricing_model", "starting_price",
    "price_currency", "price_unit", "is_open", "licence", "maker", "origin_country", "editorial_rating",
    "status", "categories", "tags", "description",
]
REQUIRED_COLUMNS = {"slug", "name", "tagline", "website_url"}
TRUE_VALUES = {"1", "true", "yes", "y"}
FALSE_VALUES = {"", "0", "false", "no", "n"}
MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ImportFailed(Exception):
    """The file was rejected; `errors` lists (line number, message) pairs and nothing was saved."""

    def __init__(self, errors):
        super().__init__("; ".join(f"line {line}: {message}" for line, message in errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)


def _split(value):
    return [part.strip() for part in re.split(r"[;|]", value or "") if part.strip()]


def _read_rows(raw):
    if isinstance(raw, bytes):
        if len(raw) > MAX_IMPORT_BYTES:
            raise ImportFailed([(0, "The file is larger than 5 MB.")])
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFailed([(0, f"The file isn't UTF-8 text (byte {exc.start}).")]) from None
    reader = csv.DictReader(io.StringIO(raw, newline=""))
    try:
        header = [name.strip().lower() for name in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise ImportFailed([(1, f"Unreadable header: {exc}")]) from None
    missing = REQUIRED_COLUMNS - set(header)
    if missing:
        raise ImportFailed([(1, f"Missing column(s): {', '.join(sorted(missing))}.")])
    unknown = set(header) - set(CSV_COLUMNS)
    if unknown:
        raise ImportFailed([(1, f"Unknown column(s): {', '.join(sorted(unknown))}.")])
    reader.fieldnames = header
    rows = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise ImportFailed([(reader.line_num, f"Unreadable CSV: {exc}")]) from None
    if not rows:
        raise ImportFailed([(1, "The file has a header but no rows.")])
    return rows


def _tool_from_row(row, existing):
    """Build an unsaved Tool from a CSV row; raise ValidationError with readable messages."""
    values = {key: (value or "").strip() for key, value in row.items() if key is not None}
    if None in row:
        raise ValidationError("This row has more cells than the header.")
    slug = values.get("slug", "")
    tool = existing.get(slug) or Tool(slug=slug)
    for name in ["name", "tagline", "website_url", "affiliate_url", "licence", "maker", "price_unit", "description"]:
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


def tool_import_csv(*, data):
    """Create or update tools from CSV text or bytes, keyed on slug; all rows or none.

    Categories are named by slug (separated by ; or |) and must exist; tags are free text.
    """
    rows = _read_rows(data)
    slugs = [(row.get("slug") or "").strip() for _, row in rows]
    existing = {tool.slug: tool for tool in Tool.objects.filter(slug__in=slugs)}
    categories = {category.slug: category for category in Category.objects.all()}
    errors, parsed, seen = [], [], {}
    for (line, row), slug in zip(rows, slugs, strict=True):
        if slug and slug in seen:
            errors.append((line, f"slug: “{slug}” already appears on line {seen[slug]}."))
            continue
        seen[slug] = line
        if slug and slugify(slug) != slug:
            errors.append((line, f"slug: “{slug}” may only use lowercase letters, numbers and hyphens."))
            continue
        try:
            tool = _tool_from_row(row, existing)
        except ValidationError as exc:
            errors.append((line, " ".join(exc.messages)))
            continue
        wanted = _split(row.get("categories"))
        unknown = [slug for slug in wanted if slug not in categories]
        if unknown:
            errors.append((line, f"categories: no category with slug {', '.join(unknown)}."))
            continue
        tags = _split(row.get("tags"))
        if any(len(tag) > 100 for tag in tags):
            errors.append((line, "tags: a tag is longer than 100 characters."))
            continue
        parsed.append((tool, [categories[slug] for slug in wanted], tags, "categories" in row, "tags" in row))
    if errors:
        raise ImportFailed(errors)
    result = ImportResult()
    with transaction.atomic():
        for tool, tool_categories, tags, set_categories, set_tags in parsed:
            is_new = tool.pk is None
            tool.save()
            if set_categories or is_new:
                tool.categories.set(tool_categories)
            if set_tags or is_new:
                tool.tags.set(tags)
            tool.update_search_vector()
            (result.created if is_new else result.updated).append(tool)
    return result
