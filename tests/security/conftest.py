from hypothesis import settings as hypothesis_settings

from tests.servers import collected_static  # noqa: F401 - shared session fixture

# Two shared cores: a slow example is load, not a bug. Failing examples are kept in .hypothesis/.
hypothesis_settings.register_profile("flux", deadline=None)
hypothesis_settings.load_profile("flux")

