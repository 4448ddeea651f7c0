"""reverse(), remembered: in one process the same name and arguments always give the same path.

Django's reverse() walks the URL patterns and checks its answer against a regular expression on
every call, and a page makes twenty or so (nav, byline, tags, canonical and JSON-LD links; the
cost is in docs/performance.md, "Lean renders"). The answer depends on the name, the arguments, the current app
(admin sites), the URLconf, the script prefix and the active language (i18n_patterns), and all of
them are the key; a name that doesn't reverse raises NoReverseMatch as before and isn't
remembered. Settings changes that swap the URLconf (tests) change the key too.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.translation import get_language

MAX_PATHS = 20_000  # about 2 MB of short strings


@functools.lru_cache(maxsize=MAX_PATHS)
def _reverse(viewname, args, kwargs, current_app, urlconf, prefix, language):
    return django_reverse(viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


def reverse(viewname, urlconf=None, args=None, kwargs=None, current_app=None):
    """django.urls.reverse(), answered from memory after the first call with these arguments."""
    urlconf = urlconf or get_urlconf() or settings.ROOT_URLCONF
    try:
        key_args = tuple(args or ())
        key_kwargs = tuple(sorted((kwargs or {}).items()))
        return _reverse(viewname, key_args, key_kwargs, current_app, urlconf, get_script_prefix(), get_language())
    except TypeError:  # an unhashable argument: don't remember it
        return django_reverse(viewname, urlconf=urlconf, args=args, kwargs=kwargs, current_app=current_app)
