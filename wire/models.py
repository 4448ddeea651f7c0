"""The wire: short dispatches and market figures for the header ticker, /wire/, /markets/ and /api/wire/.

The tables keep the names they had when the wire lived in the articles app (`articles_wireitem`, …).
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncDate
from django.utils import timezone

from articles.models import Article
from fluxsite.models import TimeStampedModel
from fluxsite.routes import reverse
from fluxsite.validators import validate_web_url

WIRE_HEADLINE_MAX = 140
QUOTE_CLOCK_SKEW = timedelta(minutes=5)  # a feed's clock may run a little ahead of ours
API_TOKEN_PREFIX = "flxw_"  # noqa: S105 - a public marker that makes leaked tokens easy to grep for
QUOTE_SYMBOL_HELP = "Upper-case letters, digits and . - _ : / @, e.g. NVX or LLAMA-70B@NIMBUS."
validate_symbol = RegexValidator(r"^[A-Z0-9][A-Z0-9.\-_:/@]{0,31}$", message=f"Not a valid symbol. {QUOTE_SYMBOL_HELP}")


def validate_not_future(moment):
    if moment > timezone.now() + QUOTE_CLOCK_SKEW:
        raise ValidationError("This time is in the future; a figure can only be as of now or earlier.", code="future")


class WireItemQuerySet(models.QuerySet):
    def live(self, at=None):
        """Dispatches on the wire at `at` (default now): published and not yet expired."""
        at = at or timezone.now()
        return self.filter(published_at__lte=at).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))

    def published(self):
        return self.live()

    def for_wire(self):
        """Live dispatches in wire order (pinned first, newest next) with their linked article."""
        return self.live().select_related("article").order_by("-pinned", "-published_at", "-id")


class WireItem(TimeStampedModel):
    """A one-line dispatch on the wire, optionally linking to an article or to another site."""

    headline = models.CharField(max_length=WIRE_HEADLINE_MAX, help_text="One line; the ticker shows it as written.")
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wire_items",
        help_text="Link to one of our articles (shown once it is published)…",
    )
    url = models.CharField(
        "external link",
        max_length=500,
        blank=True,
        validators=[validate_web_url],
        help_text="…or to another site (http or https). Leave both empty for a dispatch without a link.",
    )
    source = models.CharField(max_length=80, blank=True, help_text="Who reports it, e.g. “Flux desk”.")
    published_at = models.DateTimeField(
        default=timezone.now, help_text="A future time schedules the dispatch."
    )
    pinned = models.BooleanField(default=False, help_text="Pinned dispatches lead the ticker until unpinned or expired.")
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Optional: the dispatch leaves the wire at this time.")

    objects = WireItemQuerySet.as_manager()

    class Meta:
        ordering = ["-pinned", "-published_at", "-id"]
        get_latest_by = "published_at"
        db_table = "articles_wireitem"
        verbose_name = "wire dispatch"
        verbose_name_plural = "wire dispatches"
        indexes = [models.Index(fields=["-published_at"], name="wireitem_pub_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=True) | Q(url=""),
                name="wireitem_one_link_at_most",
                violation_error_message="Link to an article or to an external address, not both.",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=F("published_at")),
                name="wireitem_expires_after_publishing",
                violation_error_message="The expiry must come after the publishing time.",
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return f"{reverse('wire:page')}#dispatch-{self.pk}"

    def clean(self):
        super().clean()
        errors = {}
        if self.article_id and self.url:
            errors["url"] = "Link to an article or to an external address, not both."
        if self.expires_at and self.published_at and self.expires_at <= self.published_at:
            errors["expires_at"] = "The expiry must come after the publishing time."
        if errors:
            raise ValidationError(errors)

    @property
    def link(self):
        """Where the headline points: the published article, the external address, or nothing."""
        if self.url:
            return self.url
        if self.article_id and self.article.is_published:
            return self.article.get_absolute_url()
        return ""

    @property
    def is_live(self):
        now = timezone.now()
        return self.published_at <= now and (self.expires_at is None or self.expires_at > now)


LATEST_QUOTE_IDS_SQL = """
WITH RECURSIVE symbols(symbol) AS (
    (SELECT symbol FROM articles_marketquote ORDER BY symbol LIMIT 1)
    UNION ALL
    SELECT (SELECT q.symbol FROM articles_marketquote q WHERE q.symbol > symbols.symbol ORDER BY q.symbol LIMIT 1)
    FROM symbols WHERE symbols.symbol IS NOT NULL
)
SELECT (SELECT q.id FROM articles_marketquote q WHERE q.symbol = symbols.symbol ORDER BY q.as_of DESC LIMIT 1)
FROM symbols WHERE symbols.symbol IS NOT NULL
"""


class MarketQuoteQuerySet(models.QuerySet):
    def with_change(self):
        """Annotate `previous_value`: the same symbol's figure just before this one."""
        previous = (
            MarketQuote.objects.filter(symbol=OuterRef("symbol"), as_of__lt=OuterRef("as_of"))
            .order_by("-as_of")
            .values("value")[:1]
        )
        return self.annotate(previous_value=Subquery(previous))

    def current(self):
        """The latest figure of every symbol, with its change; stale ones included (see `is_stale`)."""
        # Pick the rows first, then look up each one's previous figure. The pick hops from symbol to
        # symbol on the (symbol, as_of) index (a "skip scan"): a handful of index probes, where
        # DISTINCT ON sorted the whole history (and annotating first ran the lookup for every row).
        # Measured in docs/performance.md ("The wire's current figures").
        return self.filter(pk__in=RawSQL(LATEST_QUOTE_IDS_SQL, ())).order_by("symbol").with_change()  # noqa: S611 - a constant, no parameters

    def fresh(self, at=None):
        return self.filter(as_of__gte=(at or timezone.now()) - settings.WIRE_QUOTE_MAX_AGE)

    def daily_closes(self, *, since, symbols=None):
        """Each symbol's last figure per day since `since` (the sparkline series), oldest first."""
        rows = self.filter(as_of__gte=since)
        if symbols is not None:
            rows = rows.filter(symbol__in=symbols)
        return (
            rows.annotate(day=TruncDate("as_of"))
            .order_by("symbol", "day", "-as_of")
            .distinct("symbol", "day")
            .values_list("symbol", "day", "value")
        )


class MarketQuote(TimeStampedModel):
    """One figure of a market series: a share price, or an inference price in $/M tokens."""

    symbol = models.CharField(max_length=32, validators=[validate_symbol], help_text=QUOTE_SYMBOL_HELP)
    label = models.CharField(max_length=80, help_text="Readable name, e.g. “Llama 3.3 70B at Nimbus (input)”.")
    value = models.DecimalField(max_digits=18, decimal_places=6)
    unit = models.CharField(max_length=20, help_text="USD for share prices, “$/M tokens” for inference prices.")
    as_of = models.DateTimeField("as of", help_text="When the figure was true (not when it was entered).")
    source = models.CharField(max_length=80, blank=True)

    objects = MarketQuoteQuerySet.as_manager()

    class Meta:
        db_table = "articles_marketquote"
        ordering = ["symbol", "-as_of"]
        get_latest_by = "as_of"
        indexes = [models.Index(fields=["as_of"], name="marketquote_as_of_idx")]
        constraints = [
            models.UniqueConstraint(fields=["symbol", "as_of"], name="marketquote_unique_symbol_as_of"),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="marketquote_value_not_negative", violation_error_message="A figure can't be negative."
            ),
        ]

    def __str__(self):
        return f"{self.symbol} {self.value} {self.unit} @ {self.as_of:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return f"{reverse('wire:markets')}#quote-{self.symbol}"

    def clean(self):
        super().clean()
        if self.as_of:
            try:
                validate_not_future(self.as_of)
            except ValidationError as exc:
                raise ValidationError({"as_of": exc.messages}) from None

    @property
    def is_stale(self):
        """True when the figure is older than WIRE_QUOTE_MAX_AGE: never shown as live."""
        return self.as_of < timezone.now() - settings.WIRE_QUOTE_MAX_AGE

    @property
    def change(self):
        """Value minus the previous figure (needs `with_change()`); None for a first figure."""
        previous = getattr(self, "previous_value", None)
        return None if previous is None else self.value - previous

    @property
    def change_percent(self):
        previous = getattr(self, "previous_value", None)
        if not previous:
            return None
        return (self.value - previous) / previous * 100


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(TimeStampedModel):
    """A newsroom script's key to the wire API; only a SHA-256 digest of the secret is stored."""

    name = models.CharField(max_length=80, unique=True, help_text="Which client uses it, e.g. “markets-bot on ops-1”.")
    prefix = models.CharField(max_length=16, editable=False, help_text="The token's first characters, to recognise it.")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )
    last_used_at = models.DateTimeField("last used", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("revoked", null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        db_table = "articles_apitoken"
        ordering = ["name"]
        verbose_name = "API token"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:wire_apitoken_change", args=[self.pk])

    @property
    def is_active(self):
        return self.revoked_at is None

    @staticmethod
    def digest_for(secret):
        # The secret carries 256 random bits, so a plain SHA-256 is enough (no salt or slow hash needed).
        return hashlib.sha256(secret.encode()).hexdigest()

    def issue_secret(self):
        """Fill `prefix` and `digest` for a new random secret and return the secret (shown once, never stored)."""
        secret = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.prefix = secret[: len(API_TOKEN_PREFIX) + 6]
        self.digest = self.digest_for(secret)
        return secret
