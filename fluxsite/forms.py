"""Form pieces the apps share."""

from django import forms


class HoneypotForm(forms.Form):
    """Reader-facing forms carry a hidden 'website' field: people (and assistive tech) never see it; bots fill it.

    Templates render it hidden; a view that finds it filled answers as if all went well and stores nothing.
    """

    website = forms.CharField(required=False, strip=False)

    @property
    def is_bot(self):
        return bool(self.data.get("website"))
