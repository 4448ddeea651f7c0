"""Reader-facing filter form and the editors' CSV upload form."""

from django import forms
from django.db.models import F
from django_countries import countries

from directory.models import Tool

# Every ordering ends in unique columns so pages never overlap; none mentions affiliate_url.
TOOL_SORTS = {
    "score": ("Recommended", ["-score", "name", "id"]),
    "rating": ("Editorial rating", ["-editorial_rating", "-score", "name", "id"]),
    "popular": ("Most visited, 30 days", ["-recent_clicks", "-score", "name", "id"]),
    "newest": ("Newest", ["-created_at", "-id"]),
    "name": ("Name, A–Z", ["name", "id"]),
    "price": ("Starting price, low first", [F("starting_price").asc(nulls_last=True), "-score", "name", "id"]),
}
WORKFLOW_SORTS = {
    "earnings": ("Highest reported earnings", ["-earnings_usd", "title", "id"]),
    "recent": ("Most recently reported", ["-reported_at", "-id"]),
}


class ToolFilterForm(forms.Form):
    """GET filters for /tools/; fields with unknown or malformed values are dropped, never fatal."""

    q = forms.CharField(label="Search tools", required=False, max_length=200)
    category = forms.ChoiceField(required=False)
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *Tool.Kind.choices])
    pricing = forms.ChoiceField(required=False, choices=[("", "Any pricing"), *Tool.Pricing.choices])
    open = forms.ChoiceField(
        label="Licence", required=False, choices=[("", "Any licence"), ("1", "Open source / open weights")]
    )
    origin = forms.ChoiceField(label="Maker's country", required=False)
    tag = forms.SlugField(required=False, max_length=100, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        label="Sort by", required=False, choices=[(key, label) for key, (label, _) in TOOL_SORTS.items()]
    )

    def __init__(self, data, *, categories, origin_codes, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["category"].choices = [("", "Any category")] + [(c.slug, c.name) for c in categories]
        self.fields["origin"].choices = [("", "Any country")] + sorted(
            ((code, countries.name(code) or code) for code in origin_codes), key=lambda choice: choice[1]
        )
        # Prefixed ids keep the labels unique if the form ever appears twice on a page.
        self.auto_id = "filter-%s"

    def valid_filters(self):
        """The fields whose values validated; the rest are ignored."""
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value not in ("", None)}

    def apply(self, queryset):
        """Filter and order a tool queryset by the valid fields."""
        filters = self.valid_filters()
        if "category" in filters:
            queryset = queryset.filter(categories__slug=filters["category"])
        if "kind" in filters:
            queryset = queryset.filter(kind=filters["kind"])
        if "pricing" in filters:
            queryset = queryset.filter(pricing_model=filters["pricing"])
        if filters.get("open") == "1":
            queryset = queryset.filter(is_open=True)
        if "origin" in filters:
            queryset = queryset.filter(origin_country=filters["origin"])
        if "tag" in filters:
            queryset = queryset.filter(tags__slug=filters["tag"])
        query = filters.get("q", "").strip()
        if query:
            queryset = queryset.search(query)
            if "sort" not in filters:
                return queryset
        return queryset.order_by(*TOOL_SORTS[filters.get("sort", "score")][1])


class ToolImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 CSV with a header row. Required columns: slug, name, tagline, website_url.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 5 MB.")
        return upload
