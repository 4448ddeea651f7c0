"""Demo content for the wire: original dispatches, and four weeks of illustrative market figures.

The companies and the inference providers are fictional and every figure is made up; the models
named are real open-weight models, priced here for illustration only.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from articles.models import Article
from wire.models import ApiToken, MarketQuote, WireItem

DEMO_SOURCE = "Flux demo data (illustrative)"
ARCHIVE_SOURCE = "Flux demo archive (illustrative)"
DEMO_CLIENT = "demo markets bot (revoked)"
HISTORY_DAYS = 28

# (symbol, label, unit, latest value, hours between figures, typical move per step)
SERIES = [
    ("NVX", "Novex Semiconductor (fictional)", "USD", "182.40", 6, 0.012),
    ("CLDA", "Cloudara AI (fictional)", "USD", "64.15", 6, 0.018),
    ("SYNL", "Synthetica Labs (fictional)", "USD", "311.80", 6, 0.010),
    ("MNDR", "Mindrift Systems (fictional)", "USD", "27.35", 6, 0.025),
    ("LLAMA70B@NIMBUS", "Llama 3.3 70B at Nimbus Cloud, output", "$/M tokens", "0.79", 24, 0.0),
    ("QWEN72B@TENSORYARD", "Qwen2.5 72B at Tensoryard, output", "$/M tokens", "0.95", 24, 0.0),
    ("DSV3@RELAYGPU", "DeepSeek-V3 at RelayGPU, output", "$/M tokens", "1.05", 24, 0.0),
    ("MIXTRAL@NIMBUS", "Mixtral 8x22B at Nimbus Cloud, output", "$/M tokens", "1.20", 24, 0.0),
]

# (headline, article slug or external URL or "", source, hours ago, pinned, expires in hours)
DISPATCHES = [
    ("Inference price tracker: four open-weight models, three providers, one direction — down", "price-per-million-tokens-floor", "Flux markets desk", 2, True, 24 * 7),
    ("Nimbus Cloud trims Llama 3.3 70B output to $0.79 per million tokens", "", "Flux markets desk", 1, False, None),
    ("Open weights are free. Running them is not: our cost breakdown", "open-weights-cost-to-run", "Flux desk", 3, False, None),
    ("Tensoryard adds overnight batch pricing for Qwen2.5 72B at half the list rate", "", "Flux markets desk", 5, False, None),
    ("Engineering leads: reviewing agent-written pull requests is the new bottleneck", "coding-agents-review-bottleneck", "Flux desk", 7, False, None),
    ("RelayGPU reports queue delays for DeepSeek-V3 after its weekend price cut", "", "Flux markets desk", 9, False, None),
    ("Procurement forms now ask where a model was trained; few vendors answer cleanly", "procurement-where-was-this-model-trained", "Flux policy desk", 12, False, None),
    ("Novex Semiconductor slips after guiding for flat data-centre revenue", "", "Flux markets desk", 15, False, None),
    ("Synthetica Labs opens its evaluation suite to outside researchers", "https://synthetica.example/evals", "Synthetica Labs", 20, False, None),
    ("Choosing an inference provider? Read the uptime page before the price page", "choosing-an-inference-provider", "Flux desk", 26, False, None),
    ("Cloudara AI prices its agent platform per completed task, not per seat", "", "Flux markets desk", 31, False, None),
    ("Mindrift Systems delays its next model to finish safety evaluations", "", "Flux policy desk", 38, False, None),
    ("Leaderboard watch: two new open-weight models land within a point of each other", "leaderboard-fatigue-benchmarks", "Flux desk", 44, False, None),
]


def _walk(rng, latest, steps, volatility):
    """A random walk of `steps` values ending at `latest` (generated backwards, kept positive)."""
    values = [Decimal(latest)]
    for _ in range(steps - 1):
        move = Decimal(str(rng.gauss(0, volatility)))
        values.append(max(values[-1] * (1 - move), Decimal("0.01")))
    return [v.quantize(Decimal("0.01")) for v in reversed(values)]


def _price_steps(rng, latest, steps):
    """Inference prices: flat for days, then a cut (or, rarely, a rise); ending at `latest`."""
    values, current = [], Decimal(latest)
    for i in range(steps):
        values.append(current)
        if i in (0, 1) or rng.random() < 0.12:  # walking backwards: an earlier, higher price
            current = (current * Decimal(str(1 + rng.uniform(-0.03, 0.15)))).quantize(Decimal("0.01"))
    return list(reversed(values))


def _quotes(symbol, label, unit, latest, every_hours, volatility, *, end, steps, source=DEMO_SOURCE):
    rng = random.Random(f"{symbol}-{steps}")
    values = _walk(rng, latest, steps, volatility) if volatility else _price_steps(rng, latest, steps)
    return [
        MarketQuote(
            symbol=symbol,
            label=label,
            unit=unit,
            value=value,
            as_of=end - timedelta(hours=every_hours * (steps - 1 - i)),
            source=source,
        )
        for i, value in enumerate(values)
    ]


def seed(stdout):
    """Create the dispatches and four weeks of figures; rerunning adds nothing."""
    now = timezone.now()
    created_items = 0
    for headline, link, source, hours_ago, pinned, expires_in in DISPATCHES:
        if WireItem.objects.filter(headline=headline).exists():
            continue
        article = None
        url = ""
        if link.startswith("https://"):
            url = link
        elif link:
            article = Article.objects.filter(slug=link).first()
        published_at = now - timedelta(hours=hours_ago, minutes=len(headline) % 50)
        WireItem.objects.create(
            headline=headline,
            article=article,
            url=url,
            source=source,
            published_at=published_at,
            pinned=pinned,
            expires_at=now + timedelta(hours=expires_in) if expires_in else None,
        )
        created_items += 1
    created_quotes = 0
    if not MarketQuote.objects.filter(source=DEMO_SOURCE).exists():
        end = now.replace(minute=0, second=0, microsecond=0)
        quotes = []
        for symbol, label, unit, latest, every_hours, volatility in SERIES:
            steps = HISTORY_DAYS * 24 // every_hours + 1
            quotes += _quotes(symbol, label, unit, latest, every_hours, volatility, end=end, steps=steps)
        created_quotes = len(MarketQuote.objects.bulk_create(quotes, ignore_conflicts=True))
    if not ApiToken.objects.filter(name=DEMO_CLIENT).exists():
        # Shows editors what a token looks like in the admin; its secret was never shown and it is revoked.
        token = ApiToken(name=DEMO_CLIENT, revoked_at=now)
        token.issue_secret()
        token.save()
    stdout.write(f"Wire: {created_items} dispatches and {created_quotes} market figures created.")


def seed_scale(count, stdout, batch_size=5000):
    """Add about `count` older hourly figures (spread over the symbols) and count/20 old dispatches."""
    now = timezone.now()
    archived = MarketQuote.objects.filter(source=ARCHIVE_SOURCE).count()
    if archived >= count:
        stdout.write(f"Wire: {archived} older market figures already present.")
        return
    per_symbol = max((count - archived) // len(SERIES), 1)
    created = 0
    for symbol, label, unit, _latest, _every, volatility in SERIES:
        oldest = MarketQuote.objects.filter(symbol=symbol).order_by("as_of").first()
        if oldest is None:
            continue
        end = oldest.as_of - timedelta(hours=1)
        quotes = _quotes(
            symbol, label, unit, oldest.value, 1, volatility or 0.004, end=end, steps=per_symbol, source=ARCHIVE_SOURCE
        )
        with transaction.atomic():
            for start in range(0, len(quotes), batch_size):
                created += len(MarketQuote.objects.bulk_create(quotes[start : start + batch_size], ignore_conflicts=True))
    archived_items = WireItem.objects.filter(source=ARCHIVE_SOURCE).count()
    items = [
        WireItem(
            headline=f"{DISPATCHES[i % len(DISPATCHES)][0][:120]} (archive {i})",
            source=ARCHIVE_SOURCE,
            published_at=now - timedelta(days=30, hours=i),
            expires_at=now - timedelta(days=29, hours=i) if i % 2 else None,
        )
        for i in range(archived_items, count // 20)
    ]
    WireItem.objects.bulk_create(items, batch_size=batch_size)
    stdout.write(f"Wire: {created} older market figures and {len(items)} archived dispatches created.")
