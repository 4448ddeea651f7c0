"""Every public page type, on the demo content: markup a validator or crawler would object to."""

import json
import re

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.models import Article, Author, Section
from directory.models import Category, Tool, Workflow
from newsletter.models import Edition
from pages.defaults import PAGES

pytestmark = pytest.mark.django_db

# HTML's valid date/time strings: a date, or a local or global date and time with at most three
# fractional digits of a second (https://html.spec.whatwg.org/#dates-and-times).
VALID_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?")


def page_urls():
    """One URL of each public page type, from the demo content."""
    article = Article.objects.published().first()
    return [
        "/",
        article.get_absolute_url(),
        Section.objects.first().get_absolute_url(),
        article.tags.first() and f"/tags/{article.tags.first().slug}/",
        Author.objects.filter(articles__in=[article]).first().get_absolute_url(),
        "/search/?q=agents",
        "/tools/",
        Tool.objects.first().get_absolute_url(),
        Category.objects.first().get_absolute_url(),
        "/workflows/",
        Workflow.objects.first().get_absolute_url(),
        "/newsletter/",
        "/newsletter/archive/",
        Edition.objects.exclude(sent_at=None).first().get_absolute_url(),
        "/wire/",
        "/markets/",
        "/authors/",
        "/tools/compare/?tools={},{}".format(*Tool.objects.published().values_list("slug", flat=True)[:2]),
        *(f"/{page['slug']}/" for page in PAGES),
    ]


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def test_time_elements_carry_valid_datetimes(client, demo):
    seen = 0
    for url in page_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for value in re.findall(r'<time[^>]* datetime="([^"]*)"', html):
            assert VALID_DATETIME.fullmatch(value), (url, value)
            seen += 1
    assert seen > 20


# --- Structured data and share cards ------------------------------------------------------------
# What schema.org's types allow and what search engines' rich results require of each type we use.

GOOGLE_APPLICATION_CATEGORIES = {
    "GameApplication", "SocialNetworkingApplication", "TravelApplication", "ShoppingApplication",
    "SportsApplication", "LifestyleApplication", "BusinessApplication", "DesignApplication",
    "DeveloperApplication", "DriverApplication", "EducationalApplication", "HealthApplication",
    "FinanceApplication", "SecurityApplication", "BrowserApplication", "CommunicationApplication",
    "DesktopEnhancementApplication", "EntertainmentApplication", "MultimediaApplication", "HomeApplication",
    "UtilitiesApplication", "ReferenceApplication",
}
PRICE = re.compile(r"\d+(\.\d+)?")
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)")


def structured_data(html):
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def meta(html, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    return found and found.group(1)


def check_absolute(url, what):
    assert url.startswith(settings.SITE_URL + "/"), (what, url)


def check_publisher(publisher):
    assert publisher["@type"] == "Organization" and publisher["name"]
    logo = publisher["logo"]
    assert logo["@type"] == "ImageObject" and logo["url"].endswith(".png")
    assert logo["width"] >= 112 and logo["height"] >= 112
    check_absolute(logo["url"], "logo")


def check_software_application(data):
    assert data["name"] and data["url"] and data["image"]
    assert "operatingSystem" not in data  # we don't record platforms, so we don't claim one
    if "applicationCategory" in data:
        assert data["applicationCategory"] in GOOGLE_APPLICATION_CATEGORIES
    offer = data["offers"]
    assert offer["@type"] == "Offer" and PRICE.fullmatch(offer["price"]) and re.fullmatch(r"[A-Z]{3}", offer["priceCurrency"])
    assert "." not in offer["price"] or not offer["price"].endswith("0"), offer["price"]  # no "3.0000"
    if "priceSpecification" in offer:
        spec = offer["priceSpecification"]
        assert spec["@type"] == "UnitPriceSpecification" and spec["unitText"] and spec["price"] == offer["price"]
    rating = data["review"]["reviewRating"]
    assert data["review"]["author"]["name"] and 0 <= float(rating["ratingValue"]) <= float(rating["bestRating"])


def check_article(data):
    assert data["@type"] in ("Article", "NewsArticle")
    assert 0 < len(data["headline"]) <= 110 and data["image"] and data["author"]
    assert ISO_DATETIME.fullmatch(data["datePublished"]) and ISO_DATETIME.fullmatch(data["dateModified"])
    check_publisher(data["publisher"])


def check_breadcrumbs(data, url):
    items = data["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    for item in items:
        assert item["@type"] == "ListItem" and item["name"]
        check_absolute(item["item"], "breadcrumb")
    assert items[-1]["item"] == settings.SITE_URL + url


CHECKS = {"SoftwareApplication": check_software_application, "Article": check_article, "NewsArticle": check_article,
          "WebSite": lambda data: check_publisher(data["publisher"])}


def test_detail_pages_carry_valid_structured_data_and_share_cards(client, demo, settings):
    settings.SITE_URL = "https://flux.example"
    article = Article.objects.published().first()
    paths = [article.get_absolute_url(), Workflow.objects.published().first().get_absolute_url()]
    paths += [tool.get_absolute_url() for tool in Tool.objects.published()]  # every pricing form the demo has
    for path in paths:
        html = client.get(path).content.decode()
        found = {data["@type"]: data for data in structured_data(html)}
        assert "BreadcrumbList" in found and len(found) == 2, (path, list(found))
        check_breadcrumbs(found.pop("BreadcrumbList"), path)
        ((kind, data),) = found.items()
        assert data["@context"] == "https://schema.org"
        CHECKS[kind](data)
        for name in ("og:title", "og:type", "og:url", "og:image", "og:description"):
            assert meta(html, "property", name), (path, name)
        assert meta(html, "property", "og:url") == settings.SITE_URL + path
        assert meta(html, "name", "twitter:card") in ("summary", "summary_large_image")
        assert f'<link rel="canonical" href="{settings.SITE_URL}{path}">' in html
    home = structured_data(client.get("/").content.decode())
    CHECKS["WebSite"](home[0])


def test_the_publisher_logo_is_a_square_raster_image(settings):
    from PIL import Image

    logo = Image.open(settings.BASE_DIR / "static/img/logo-512.png")
    assert logo.format == "PNG" and logo.size[0] == logo.size[1] >= 112
