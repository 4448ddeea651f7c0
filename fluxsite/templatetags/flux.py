"""Template helpers every app uses: responsive images, JSON-LD and shared fragments."""

import json
from datetime import UTC, datetime

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import mark_safe

from fluxsite.cache import CardGone, local_fragment

register = template.Library()

# The escapes django.utils.html.json_script applies: nothing in the data can close the
# <script> element or open an HTML comment or CDATA section.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(data):
    """Serialize structured data for a <script type="application/ld+json"> element, escaped."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))


@register.filter
def machine_time(value):
    """Format a datetime for <time datetime> and meta tags: local time to the second, with its offset."""
    # HTML allows at most three fractional digits; isoformat() and the `c` date format write six.
    if not isinstance(value, datetime):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.isoformat(timespec="seconds")


@register.inclusion_tag("includes/responsive_image.html")
def responsive_image(image, *, alt="", sizes="100vw", eager=False, css_class=""):
    """Draw a ResponsiveImage (see fluxsite.images.Renditions) as an <img> with srcset and sizes.

    `eager` is for the one image above the fold that matters most (the lead or hero): it loads
    at once with high priority; every other image loads lazily.
    """
    return {"image": image, "alt": alt, "sizes": sizes, "eager": eager, "css_class": css_class}


@register.tag
def fragment(parser, token):
    """{% fragment "name" value… %}…{% endfragment %}: render once per process and content generation.

    The values name everything besides the content generation that the enclosed template depends
    on: the object's id and `updated_at`, and the variant (size, heading level). Without a request
    in the context (emails), it always renders. A card whose object was deleted after the page
    listed it (see fluxsite.cache.lazy_cards) draws nothing.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes a name and the values the fragment varies on")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])


class FragmentNode(template.Node):
    def __init__(self, nodelist, vary_on):
        self.nodelist = nodelist
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        try:
            if request is None:
                return self.nodelist.render(context)
            key = repr(tuple(_key_part(value.resolve(context)) for value in self.vary_on))
            return local_fragment(request, key, lambda: self.nodelist.render(context))
        except CardGone:
            return ""


def _key_part(value):
    """A datetime by its instant, so a stand-in's `updated_at` (read from JSON) keys like the model's."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value
