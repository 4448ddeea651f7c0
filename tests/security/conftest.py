import pytest

from tests.servers import collected_static  # noqa: F401 - shared session fixture


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Logins are the subject here, not the hash's cost; PBKDF2 would add a second per attempt.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
