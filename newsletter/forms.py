"""Sign-up and CSV import forms: validation and normalization only, no side effects."""

from django import forms

from fluxsite.forms import HoneypotForm
from fluxsite.security import CONTROL_CHARS
from newsletter.models import Topic


def normalize_email(value):
    """Trim and lower-case the domain (the local part is the mailbox owner's to decide)."""
    local, _, domain = value.strip().rpartition("@")
    return f"{local}@{domain.lower()}"


class SignupForm(HoneypotForm):
    email = forms.CharField(
        max_length=254,
        strip=False,
        error_messages={
            "required": "Enter your email address.",
            "max_length": "That address is too long: an email address has at most 254 characters.",
        },
    )
    source = forms.CharField(max_length=200, required=False, strip=False)
    # Offered on the sign-up page only (the footer's form has no room): unticked there means "choose one";
    # a form without the choice (`topics_shown` absent) gets the default topics.
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Send me",
        initial=lambda: list(Topic.objects.defaults().values_list("pk", flat=True)),
        error_messages={"invalid_choice": "Choose from the list.", "invalid_pk_value": "Choose from the list."},
    )
    topics_shown = forms.BooleanField(required=False)

    def clean_email(self):
        value = self.cleaned_data["email"]
        if CONTROL_CHARS.search(value):
            raise forms.ValidationError("An email address can't contain line breaks or control characters.")
        value = value.strip()
        forms.EmailField(error_messages={"invalid": "Enter a valid email address, like you@example.com."}).clean(value)
        return normalize_email(value)

    def clean_source(self):
        value = self.cleaned_data["source"]
        if CONTROL_CHARS.search(value):
            raise forms.ValidationError("The page address contains characters that aren't allowed.")
        return value if value.startswith("/") and not value.startswith("//") else ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("topics_shown") and "topics" in cleaned and not cleaned["topics"]:
            self.add_error("topics", "Tick at least one: what should we send you?")
        return cleaned

    @property
    def chosen_topics(self):
        """The topics ticked on the sign-up page, or None for a form that didn't offer them."""
        return list(self.cleaned_data["topics"]) if self.cleaned_data.get("topics_shown") else None


class SubscriberImportForm(forms.Form):
    file = forms.FileField(
        help_text="CSV with an 'email' column; optional 'consented_at' (ISO 8601) and 'source_page'. "
        "Existing addresses are left as they are; bounced and unsubscribed ones stay suppressed."
    )


class TopicsForm(forms.Form):
    """The topics a subscriber gets, on the preferences page."""

    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(), widget=forms.CheckboxSelectMultiple, required=False, label="Send me"
    )
