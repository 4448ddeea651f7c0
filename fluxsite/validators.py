"""Validators the apps share."""

from django.core.validators import URLValidator

# URLField's own validator also allows ftp(s); the links we store and show must be web pages.
validate_web_url = URLValidator(schemes=["http", "https"], message="Enter an http:// or https:// address.")
