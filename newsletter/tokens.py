"""The newsletter's signed links (fluxsite.signed_links): confirm (expires), unsubscribe, data access."""

from fluxsite.signed_links import SignedLink

CONFIRM = SignedLink("newsletter.confirm", "newsletter.Subscriber", key="s", max_age_setting="NEWSLETTER_CONFIRM_MAX_AGE")
UNSUBSCRIBE = SignedLink("newsletter.unsubscribe", "newsletter.Subscriber", key="s")
# Export, delete and preferences.
DATA = SignedLink("newsletter.data", "newsletter.Subscriber", key="s")
