"""Demo content for the magazine: the written articles, and bulk data for benchmarks."""

import io
import random
from contextlib import contextmanager
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw
from taggit.models import Tag, TaggedItem

from articles.demo_content import ARTICLES, AUTHORS, DRAFTS, SECTIONS
from articles.models import Article, ArticleAuthor, Author, Section
from articles.models import Image as LibraryImage
from fluxsite.markdown import reading_minutes, render_markdown

HERO_SIZE = (1600, 900)
BENCH_PREFIX = "bench-"
# (table, trigger) pairs from migration 0004 that recompute article search vectors on insert.
SEARCH_TRIGGERS = [
    ("articles_article", "articles_article_search_vector"),
    ("taggit_taggeditem", "articles_tagged_items_insert"),
]


def _hex(colour):
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def hero_image(seed: str, palette: list[str]) -> ContentFile:
    """Draw abstract hero art (gradient, bands, circles) deterministically from `seed`."""
    rng = random.Random(seed)
    start, end = (_hex(c) for c in palette[:2])
    width, height = HERO_SIZE
    gradient = Image.linear_gradient("L").rotate(rng.choice([0, 90, 45, 135]), expand=False).resize(HERO_SIZE)
    image = Image.composite(Image.new("RGB", HERO_SIZE, end), Image.new("RGB", HERO_SIZE, start), gradient)
    draw = ImageDraw.Draw(image, "RGBA")
    for _ in range(rng.randint(5, 9)):
        y = rng.randint(0, height)
        band = rng.randint(20, 140)
        tilt = rng.randint(-300, 300)
        draw.polygon(
            [(0, y), (width, y + tilt), (width, y + tilt + band), (0, y + band)],
            fill=(*rng.choice([start, end, (11, 15, 20), (255, 255, 255)]), rng.randint(40, 110)),
        )
    for _ in range(rng.randint(2, 5)):
        r = rng.randint(60, 260)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=(255, 255, 255, 150), width=rng.randint(3, 10))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name=f"{seed}.jpg")


def seed(stdout):
    """Create the sections, authors and written articles; rerunning adds nothing."""
    sections = {}
    for data in SECTIONS:
        sections[data["slug"]], _ = Section.objects.get_or_create(slug=data["slug"], defaults=data)
    authors = {}
    for data in AUTHORS:
        authors[data["slug"]], _ = Author.objects.get_or_create(slug=data["slug"], defaults=data)
    now = timezone.now()
    created = 0
    for data in ARTICLES:
        existing = Article.objects.filter(slug=data["slug"]).first()
        if existing:
            Article.hero.generate(existing)  # renditions missing from an older seed, or wiped media
            continue
        article = create_story(
            data, sections, authors,
            hero_credit="Illustration: Flux generative desk",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=data["days_ago"], hours=len(data["slug"]) % 9),
            is_featured=data.get("featured", False),
        )
        # Demo stories haven't been edited since they were published.
        Article.objects.filter(pk=article.pk).update(updated_at=article.published_at)
        created += 1
    stdout.write(f"Magazine: {created} articles created ({len(ARTICLES)} in the demo set).")
    seed_drafts(sections, authors)
    seed_images(stdout)


def seed_drafts(sections, authors):
    """Leave a few unpublished drafts on the desk, one with a hero and one without."""
    for data in DRAFTS:
        if Article.objects.filter(slug=data["slug"]).exists():
            continue
        create_story(data, sections, authors, status=Article.Status.DRAFT)


def create_story(data, sections, authors, **fields):
    """One demo story from its entry: the hero drawn from its palette (if any), bylines in order, tags."""
    article = Article(
        slug=data["slug"],
        headline=data["headline"],
        dek=data["dek"],
        section=sections[data["section"]],
        kicker=data["kicker"],
        body=data["body"].strip(),
        hero_alt=data["hero_alt"],
        **fields,
    )
    if data["hero_palette"]:
        article.hero_image.save(f"{data['slug']}.jpg", hero_image(data["slug"], data["hero_palette"]), save=False)
    article.save()  # makes the hero's renditions (imagekit, on save)
    for order, slug in enumerate(data["authors"]):
        ArticleAuthor.objects.create(article=article, author=authors[slug], order=order)
    article.tags.set(data["tags"])
    return article


# The media library: pictures placed in story bodies by reference (![alt](image:ID "caption")).
LIBRARY = [
    {
        "key": "latency-chart",
        "draw": "chart",
        "alt_text": "Bar chart of time to first token at five providers: medians sit close together, "
        "while the slowest provider's 99th percentile is about five times the fastest's",
        "caption": "Median and 99th-percentile time to first token, five providers, one test week (illustrative).",
        "credit": "Chart: Flux data desk",
        "article": "choosing-an-inference-provider",
    },
    {
        "key": "agency-ledger",
        "draw": "art",
        "alt_text": "Abstract illustration: slate and amber bands crossing a pale field",
        "caption": "",
        "credit": "Illustration: Flux generative desk",
        "article": "draft-what-agents-cost-a-small-agency",
    },
]


def latency_chart() -> ContentFile:
    """Draw the demo bar chart: paired bars (median, 99th percentile) for five providers."""
    width, height = HERO_SIZE
    image = Image.new("RGB", HERO_SIZE, (250, 248, 242))
    draw = ImageDraw.Draw(image)
    baseline = height - 120
    draw.line([(100, baseline), (width - 80, baseline)], fill=(40, 40, 40), width=4)
    for step in range(1, 5):
        y = baseline - step * 160
        draw.line([(100, y), (width - 80, y)], fill=(215, 210, 200), width=2)
    medians = [180, 210, 240, 260, 300]
    tails = [420, 520, 760, 1300, 2100]
    for n, (median, tail) in enumerate(zip(medians, tails, strict=True)):
        x = 180 + n * 280
        draw.rectangle([x, baseline - median * 0.3, x + 90, baseline], fill=(11, 15, 20))
        draw.rectangle([x + 100, baseline - tail * 0.3, x + 190, baseline], fill=(214, 120, 20))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name="latency-chart.png")


def seed_images(stdout):
    """Put the demo pictures in the media library and place each in its story once; rerunning adds nothing."""
    created = 0
    for data in LIBRARY:
        if LibraryImage.objects.filter(alt_text=data["alt_text"]).exists():
            continue
        image = LibraryImage(alt_text=data["alt_text"], caption=data["caption"], credit=data["credit"])
        content = latency_chart() if data["draw"] == "chart" else hero_image(data["key"], ["#3a4654", "#e0a030"])
        image.file.save(content.name, content, save=False)
        image.save()  # makes the renditions (imagekit, on save)
        created += 1
        article = Article.objects.filter(slug=data["article"]).first()
        if article and "(image:" not in article.body:
            first, _, rest = article.body.partition("\n\n")
            body = f"{first}\n\n{image.markdown}\n\n{rest}".strip()
            # An update, not save(): demo stories keep their "not edited since publication" dates.
            Article.objects.filter(pk=article.pk).update(
                body=body, body_html=render_markdown(body), reading_time=reading_minutes(body)
            )
    stdout.write(f"Media library: {created} images created ({len(LIBRARY)} in the demo set).")


@contextmanager
def search_triggers_paused():
    """Skip the search-vector triggers (migration 0004) for bulk writes in the current transaction.

    They would parse every new row's body as it goes in and again when its tags follow; the caller
    runs `update_search_vectors()` once instead, before the transaction commits. Other sessions
    never see the triggers off: on an error the rollback restores them. The ALTERs hold a lock
    that blocks other writers to these tables until the commit.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("search_triggers_paused() needs a transaction to undo it on errors.")
    # ALTER TABLE refuses to run while deferred foreign-key checks are pending: run them now.
    connection.check_constraints()
    with connection.cursor() as cursor:
        for table, trigger in SEARCH_TRIGGERS:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
    yield
    connection.check_constraints()
    with connection.cursor() as cursor:
        for table, trigger in SEARCH_TRIGGERS:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")


def seed_scale(count, stdout, batch_size=2000):
    """Bulk-create `count` benchmark articles (in addition to the demo set)."""
    existing = Article.objects.filter(slug__startswith=BENCH_PREFIX).count()
    if existing >= count:
        stdout.write(f"Magazine: {existing} benchmark articles already present.")
        return
    sections = list(Section.objects.all())
    authors = list(Author.objects.all())
    variants = [(a["body"].strip(), render_markdown(a["body"]), reading_minutes(a["body"])) for a in ARTICLES]
    tag_names = [f"topic-{i}" for i in range(200)]
    Tag.objects.bulk_create([Tag(name=n, slug=slugify(n)) for n in tag_names], ignore_conflicts=True)
    tags = list(Tag.objects.filter(name__in=tag_names))
    content_type = ContentType.objects.get_for_model(Article)
    # Benchmark stories reuse the demo heroes, whose renditions already exist: same source, same files.
    heroes = list(
        Article.objects.exclude(slug__startswith=BENCH_PREFIX)
        .exclude(hero_image="")
        .values_list("hero_image", "hero_width", "hero_height", "hero_alt", "hero_credit")
    )
    rng = random.Random(count)
    now = timezone.now()
    for start in range(existing, count, batch_size):
        with transaction.atomic():
            batch = []
            for i in range(start, min(start + batch_size, count)):
                body, body_html, minutes = variants[i % len(variants)]
                hero = heroes[i % len(heroes)] if heroes and i % 4 else ("", None, None, "", "")
                published_at = now - timedelta(days=60 + i % 1100, minutes=i)
                batch.append(
                    Article(
                        slug=f"{BENCH_PREFIX}{i}",
                        headline=f"{ARTICLES[i % len(ARTICLES)]['headline']} (no. {i})",
                        dek=ARTICLES[i % len(ARTICLES)]["dek"],
                        section=sections[i % len(sections)],
                        kicker=ARTICLES[i % len(ARTICLES)]["kicker"],
                        body=body,
                        body_html=body_html,
                        reading_time=minutes,
                        hero_image=hero[0],
                        hero_width=hero[1],
                        hero_height=hero[2],
                        hero_alt=hero[3],
                        hero_credit=hero[4],
                        status=Article.Status.PUBLISHED,
                        published_at=published_at,
                    )
                )
            with search_triggers_paused():
                articles = Article.objects.bulk_create(batch)
                ArticleAuthor.objects.bulk_create(
                    [ArticleAuthor(article=a, author=authors[a.pk % len(authors)]) for a in articles]
                )
                TaggedItem.objects.bulk_create(
                    [
                        TaggedItem(content_type=content_type, object_id=a.pk, tag=tag)
                        for a in articles
                        for tag in rng.sample(tags, 3)
                    ]
                )
            bench = Article.objects.filter(pk__in=[a.pk for a in articles])
            bench.update(updated_at=F("published_at"))  # auto_now stamped them "just edited"
            bench.update_search_vectors()
    stdout.write(f"Magazine: {count - existing} benchmark articles created.")
