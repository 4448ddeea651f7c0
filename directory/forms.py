"""Reader-facing forms (filters, outcome reports) and the editors' CSV upload form."""

import re

from django import forms
from django.db.models import F
from django_countries import countries

from directory.models import MAX_MONTHLY_AMOUNT, OutcomeReport, Tool, ToolSubmission
from fluxsite.forms import HoneypotForm
from fluxsite.security import CONTROL_CHARS

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
    "earnings": ("Highest creator's claim", ["-earnings_usd", "title", "id"]),
    "readers": (
        "Highest median reader earnings",
        [F("median_earnings_usd").desc(nulls_last=True), "-report_count", "title", "id"],
    ),
    "cost": ("Lowest median reader costs", [F("median_costs_usd").asc(nulls_last=True), "-report_count", "title", "id"]),
    "hours": ("Fewest median reader hours", [F("median_hours").asc(nulls_last=True), "-report_count", "title", "id"]),
    "reports": ("Most reader reports", ["-report_count", "title", "id"]),
    "recent": ("Most recently reported", ["-reported_at", "-id"]),
}


class FilterForm(forms.Form):
    """GET filters for a list page: a value that doesn't validate is dropped, not shown as an error."""

    def valid_filters(self):
        """The fields whose values validated; the rest are ignored."""
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value not in ("", None)}


class ToolFilterForm(FilterForm):
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


class WorkflowFilterForm(FilterForm):
    """GET filters for /workflows/ on readers' medians (US dollars) and tools; bad values are dropped."""

    tool = forms.ChoiceField(label="Uses the tool", required=False)
    min_earnings = forms.DecimalField(
        label="Median reader earnings at least (USD/month)", required=False, min_value=0, max_digits=12, decimal_places=2
    )
    max_costs = forms.DecimalField(
        label="Median reader costs at most (USD/month)", required=False, min_value=0, max_digits=12, decimal_places=2
    )
    max_hours = forms.IntegerField(label="Median hours at most (per week)", required=False, min_value=0, max_value=168)
    sort = forms.ChoiceField(
        label="Sort by", required=False, choices=[(key, label) for key, (label, _) in WORKFLOW_SORTS.items()]
    )

    def __init__(self, data, *, tools, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["tool"].choices = [("", "Any tool")] + [(slug, name) for slug, name in tools]
        self.auto_id = "wf-%s"

    def apply(self, queryset):
        filters = self.valid_filters()
        if "tool" in filters:
            queryset = queryset.filter(tools__slug=filters["tool"], tools__status=Tool.Status.PUBLISHED)
        if "min_earnings" in filters:
            queryset = queryset.filter(median_earnings_usd__gte=filters["min_earnings"])
        if "max_costs" in filters:
            queryset = queryset.filter(median_costs_usd__lte=filters["max_costs"])
        if "max_hours" in filters:
            queryset = queryset.filter(median_hours__lte=filters["max_hours"])
        return queryset.order_by(*WORKFLOW_SORTS[filters.get("sort", "earnings")][1])


class ToolImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 CSV with a header row. Required columns: slug, name, tagline, website_url.",
    )
    history_note = forms.CharField(
        label="Note for the tools' history",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown to readers with each change this file makes to an existing tool's pricing, plans, "
        "licence, open weights or URL.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 5 MB.")
        return upload


# Control characters other than line breaks and tabs: never wanted in a reader's note.
NOTE_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
AMOUNT_ERRORS = {
    "required": "Enter an amount (0 is fine).",
    "invalid": "Enter a number, like 250 or 1200.50.",
    "min_value": "Enter 0 or more: use 0 if you earned nothing.",
    "max_value": f"That is more than {MAX_MONTHLY_AMOUNT:,.0f} a month. Enter a monthly figure.",
    "max_digits": f"That is more than {MAX_MONTHLY_AMOUNT:,.0f} a month. Enter a monthly figure.",
    "max_whole_digits": f"That is more than {MAX_MONTHLY_AMOUNT:,.0f} a month. Enter a monthly figure.",
    "max_decimal_places": "Use at most two decimal places.",
}


class ReaderNoteForm(HoneypotForm):
    """What readers send the directory: a honeypot, and a note with no control characters."""

    def clean_note(self):
        value = self.cleaned_data["note"]
        if NOTE_CONTROL_CHARS.search(value):
            raise forms.ValidationError("The note contains characters that aren't allowed.")
        return value


class OutcomeReportForm(ReaderNoteForm, forms.ModelForm):
    """“I tried this”: what a reader earned, spent and put in. Validation only; no side effects."""

    class Meta:
        model = OutcomeReport
        fields = ["monthly_earnings", "currency", "monthly_costs", "hours_per_week", "months", "outcome", "note", "email"]
        labels = {
            "monthly_earnings": "What you earned in a typical month",
            "currency": "Currency",
            "monthly_costs": "What it cost you per month (tools, services, ads)",
            "hours_per_week": "Hours per week you put in",
            "months": "For how many months",
            "outcome": "Where it stands",
            "note": "Anything editors should know (optional, not published)",
            "email": "Your email address",
        }
        help_texts = {
            "monthly_earnings": "Before costs. 0 if it never paid.",
            "email": "We send one link to confirm the report, and one to withdraw it. Never shown, never mailed otherwise.",
            "note": "",
        }
        error_messages = {
            "monthly_earnings": AMOUNT_ERRORS,
            "monthly_costs": {**AMOUNT_ERRORS, "min_value": "Enter 0 or more."},
            "currency": {"invalid_choice": "Pick a currency from the list."},
            "outcome": {"invalid_choice": "Pick one of the choices.", "required": "Pick where it stands."},
            "hours_per_week": {
                "required": "Enter your hours per week (0 is fine).",
                "invalid": "Enter a whole number of hours.",
                "max_value": "A week has 168 hours.",
                "min_value": "Enter 0 or more.",
            },
            "months": {
                "required": "Enter how many months you tried it.",
                "invalid": "Enter a whole number of months.",
                "min_value": "Enter at least 1 month.",
                "max_value": "Enter at most 240 months (20 years).",
            },
            "note": {"max_length": "Keep the note under 1,000 characters (it has %(show_value)d)."},
            "email": {"required": "Enter your email address: the report only counts once you confirm it."},
        }
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
            "monthly_earnings": forms.NumberInput(attrs={"min": 0, "step": "0.01", "inputmode": "decimal"}),
            "monthly_costs": forms.NumberInput(attrs={"min": 0, "step": "0.01", "inputmode": "decimal"}),
            "hours_per_week": forms.NumberInput(attrs={"min": 0, "max": 168}),
            "months": forms.NumberInput(attrs={"min": 1, "max": 240}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = OutcomeReport.Outcome.choices  # no empty choice: radios
        self.fields["outcome"].widget = forms.RadioSelect(choices=OutcomeReport.Outcome.choices)
        self.auto_id = "report-%s"

    def clean_email(self):
        value = self.cleaned_data["email"]
        local, _, domain = value.rpartition("@")
        return f"{local}@{domain.lower()}"

    def clean(self):
        data = super().clean()
        for name in ("email",):
            if CONTROL_CHARS.search(self.data.get(name, "")):
                self.add_error(name, "Enter a valid email address, like you@example.com.")
        return data

    def report_data(self):
        """The validated fields, ready for services.report_submit()."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class CalculatorForm(forms.Form):
    """A reader's own numbers for a workflow: what they expect to earn, spend and put in (GET, no side effects)."""

    earnings = forms.DecimalField(
        label="You expect to earn per month", min_value=0, max_value=MAX_MONTHLY_AMOUNT, max_digits=12, decimal_places=2,
        error_messages=AMOUNT_ERRORS,
    )
    tool_costs = forms.DecimalField(
        label="Tools per month", min_value=0, max_value=MAX_MONTHLY_AMOUNT, max_digits=12, decimal_places=2,
        error_messages=AMOUNT_ERRORS,
    )
    other_costs = forms.DecimalField(
        label="Other costs per month", min_value=0, max_value=MAX_MONTHLY_AMOUNT, max_digits=12, decimal_places=2,
        required=False, error_messages=AMOUNT_ERRORS,
    )
    hours = forms.IntegerField(
        label="Hours per week", min_value=0, max_value=168, required=False,
        error_messages={"max_value": "A week has 168 hours.", "min_value": "Enter 0 or more.", "invalid": "Enter a whole number."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = "calc-%s"
        for field in self.fields.values():
            field.widget.attrs.update({"inputmode": "decimal", "min": 0})


class ToolSubmissionForm(ReaderNoteForm, forms.ModelForm):
    """A reader's suggestion for the directory. Validation only; duplicates are looked up by the view."""

    website_url = forms.URLField(
        label="Its website", max_length=500, assume_scheme="https",
        error_messages={"invalid": "Enter the tool's http:// or https:// address."},
    )

    class Meta:
        model = ToolSubmission
        fields = ["name", "website_url", "tagline", "category", "pricing_model", "is_open", "origin_country", "email", "note"]
        labels = {
            "name": "Tool name",
            "website_url": "Its website",
            "tagline": "What it does, in one line",
            "is_open": "Open source / open weights",
            "email": "Your email address",
            "note": "Anything editors should know (optional)",
        }
        help_texts = {"email": "Only for the confirmation link. Never shown, never mailed otherwise.", "note": ""}
        error_messages = {
            "website_url": {"invalid": "Enter the tool's http:// or https:// address."},
            "category": {"invalid_choice": "Pick a category from the list."},
            "pricing_model": {"invalid_choice": "Pick a pricing model from the list."},
            "note": {"max_length": "Keep the note under 1,000 characters (it has %(show_value)d)."},
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}), "email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = "submit-%s"

    def clean(self):
        data = super().clean()
        for name in ("name", "tagline", "email"):
            if CONTROL_CHARS.search(self.data.get(name, "")):
                self.add_error(name, "Use one line of plain text.")
        return data

    def submission_data(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}
