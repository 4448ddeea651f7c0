from tests.servers import collected_static, stoppable_database  # noqa: F401 - shared fixtures
