"""The privacy page names exactly the stores of readers' data that the code has."""

import lxml.html
import pytest
from django.apps import apps
from django.db import models

# Each store the privacy page lists under "What is stored" (its bold lead-in), and the models behind it.
STORES = {
    "Outbound click counts.": ["directory.DailyClickCount"],
    "Readership counts.": ["readership.DailyPageView", "readership.DailyReferrer", "readership.DailySignup"],
    "Newsletter subscribers.": ["newsletter.Subscriber", "newsletter.MailEvent", "newsletter.Delivery"],
    "Newsletter link clicks.": ["newsletter.EditionLink"],
    "Outcome reports.": ["directory.OutcomeReport"],
    "Tool suggestions.": ["directory.ToolSubmission"],
    "Rate-limit counters.": ["fluxsite.RateLimitCounter"],
}
# Apps that only hold editors' data, which the page covers under "Editors".
EDITORS_ONLY = {"auth", "admin", "axes", "reversion", "sessions"}
EDITORS_ADDRESSES = {"newsletter.Edition"}  # test_sent_to: where an editor had a test copy sent


@pytest.fixture
def privacy(client, site_pages):
    response = client.get("/privacy/")
    assert response.status_code == 200
    return response, lxml.html.document_fromstring(response.content)


def _stored_section(document):
    """The bold lead-ins of the list under the "What is stored" heading."""
    (heading,) = document.xpath("//main//h2[normalize-space()='What is stored']")
    (listing,) = heading.xpath("following-sibling::ul[1]")
    return [" ".join(item.xpath("./strong")[0].text_content().split()) for item in listing.xpath("./li")]


def test_the_page_lists_exactly_the_known_stores(privacy):
    _response, document = privacy
    assert _stored_section(document) == list(STORES)
    for labels in STORES.values():
        for label in labels:
            apps.get_model(label)  # raises LookupError if the page names a store that doesn't exist


def test_every_model_holding_a_readers_email_is_on_the_page():
    listed = {label for labels in STORES.values() for label in labels}
    for model in apps.get_models():
        if model._meta.concrete_model._meta.app_label in EDITORS_ONLY:  # TeamMember is a view of auth.User
            continue
        if model._meta.label in EDITORS_ADDRESSES:
            continue
        if any(isinstance(field, models.EmailField) for field in model._meta.get_fields()):
            assert model._meta.label in listed, f"{model._meta.label} stores an email address: add it to the privacy page"


def test_no_readers_model_stores_an_ip_address_or_user_agent():
    # The page says addresses are only ever kept as hashes in the rate-limit counters.
    for model in apps.get_models():
        if model._meta.concrete_model._meta.app_label in EDITORS_ONLY:
            continue
        for field in model._meta.get_fields():
            assert not isinstance(field, models.GenericIPAddressField), f"{model._meta.label}.{field.name}"
            assert "user_agent" not in field.name and "ip_address" not in field.name, f"{model._meta.label}.{field.name}"


def test_the_privacy_page_itself_sets_no_cookie_and_loads_nothing_from_elsewhere(privacy):
    response, document = privacy
    assert not response.cookies
    for url in document.xpath("//script/@src | //link/@href | //img/@src"):
        assert url.startswith("/") or url.startswith("http://127.0.0.1") or url.startswith("http://testserver"), url
