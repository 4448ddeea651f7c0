"""Template helpers every app uses: responsive images and JSON-LD."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

register = template.Library()

# The escapes django.utils.html.json_script applies: nothing in the data can close the
# <script> element or open an HTML comment or CDATA section.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(data):
    """Serialize structured data for a <script type="application/ld+json"> element, escaped."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))


@register.inclusion_tag("includes/responsive_image.html")
def responsive_image(image, *, alt="", sizes="100vw", eager=False, css_class=""):
    """Draw a ResponsiveImage (see fluxsite.images.Renditions) as an <img> with srcset and sizes.

    `eager` is for the one image above the fold that matters most (the lead or hero): it loads
    at once with high priority; every other image loads lazily.
    """
    return {"image": image, "alt": alt, "sizes": sizes, "eager": eager, "css_class": css_class}
