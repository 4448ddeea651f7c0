"""URL converters shared by the apps."""


class UnicodeSlugConverter:
    """A slug in any script, as `SlugField(allow_unicode=True)` and taggit make them: `[-\\w]+`.

    Django's `<slug:…>` accepts ASCII only, so a tag like “café” or “日本語” could be saved but not
    linked to (NoReverseMatch, a 500 on every page showing the tag).
    """

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
