"""What tool and workflow pages tell search engines and social cards: meta tags and JSON-LD."""

from django.conf import settings

from directory.models import Tool
from fluxsite.routes import reverse
from fluxsite.seo import absolute_url, breadcrumb_list, publisher, site_logo

# schema.org applicationCategory values search engines recognise; an app or agent can be anything,
# so it gets none rather than a guess.
APPLICATION_CATEGORIES = {
    Tool.Kind.MODEL: "DeveloperApplication",
    Tool.Kind.PROVIDER: "DeveloperApplication",
    Tool.Kind.FRAMEWORK: "DeveloperApplication",
}


def _number(value):
    """A Decimal as schema.org wants a price: plain digits, no exponent, no trailing zeros ("3", "0.0006")."""
    return format(value.normalize(), "f")


def _offer(tool):
    if tool.starting_price is not None:
        price = _number(tool.starting_price)
    elif tool.pricing_model in (Tool.Pricing.FREE, Tool.Pricing.OPEN_SOURCE):
        price = "0"
    else:
        return None
    offer = {"@type": "Offer", "price": price, "priceCurrency": tool.price_currency, "url": absolute_url(tool.get_absolute_url())}
    if tool.price_unit and price != "0":
        # "3 USD per 1M input tokens": the unit says what the price buys.
        offer["priceSpecification"] = {
            "@type": "UnitPriceSpecification",
            "price": price,
            "priceCurrency": tool.price_currency,
            "unitText": tool.price_unit,
        }
    return offer


def tool_image(tool):
    """The tool's logo (its 192 px rendition) as an absolute URL, or the site's logo."""
    if tool.logo:
        # No width or height: reading them would open the file on every render.
        return {"url": absolute_url(tool.logo_large.url), "alt": f"{tool.name} logo"}
    return site_logo()


def tool_seo(tool):
    """Return the meta title, description, canonical URL, share image and JSON-LD of `tool`."""
    canonical = absolute_url(tool.get_absolute_url())
    image = tool_image(tool)
    application = {
        "@context": "https://schema.org",
        "@type": "SoftwareApplication",
        "name": tool.name,
        "description": tool.tagline,
        "url": canonical,
        "image": image["url"],
    }
    if tool.kind in APPLICATION_CATEGORIES:
        application["applicationCategory"] = APPLICATION_CATEGORIES[tool.kind]
    if tool.maker:
        application["author"] = {"@type": "Organization", "name": tool.maker}
    offer = _offer(tool)
    if offer:
        application["offers"] = offer
    if tool.licence:
        application["license"] = tool.licence
    application["review"] = {
        "@type": "Review",
        "author": {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.SITE_URL + "/"},
        "publisher": publisher(),
        "reviewRating": {
            "@type": "Rating", "ratingValue": str(tool.editorial_rating), "bestRating": "5", "worstRating": "0",
        },
    }
    crumbs = [(settings.SITE_NAME, "/"), ("Directory", reverse("directory:tools"))]
    category = next(iter(tool.category_list), None)
    if category:
        crumbs.append((category.name, category.get_absolute_url()))
    crumbs.append((tool.name, tool.get_absolute_url()))
    return {
        "meta_title": tool.name,
        "meta_description": tool.tagline,
        "canonical_url": canonical,
        "share_image": image,
        "og_type": "website",
        "structured_data": [application, breadcrumb_list(crumbs)],
    }


def workflow_seo(workflow):
    """Return the meta title, description, canonical URL, share image and JSON-LD of `workflow`."""
    canonical = absolute_url(workflow.get_absolute_url())
    image = site_logo()
    article = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": workflow.title[:110],
        "description": workflow.summary,
        "url": canonical,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "image": [image["url"]],
        "datePublished": workflow.created_at.isoformat(timespec="seconds"),
        "dateModified": workflow.updated_at.isoformat(timespec="seconds"),
        # The earnings are the reporter's; the write-up is ours.
        "author": {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.SITE_URL + "/"},
        "publisher": publisher(),
        "isAccessibleForFree": True,
        "about": [
            {"@type": "SoftwareApplication", "name": tool.name, "url": absolute_url(tool.get_absolute_url())}
            for tool in workflow.tools.all()
        ],
    }
    crumbs = [(settings.SITE_NAME, "/"), ("Workflows", reverse("directory:workflows")), (workflow.title, workflow.get_absolute_url())]
    return {
        "meta_title": workflow.title,
        "meta_description": workflow.summary,
        "canonical_url": canonical,
        "share_image": image,
        "og_type": "article",
        "structured_data": [article, breadcrumb_list(crumbs)],
    }
