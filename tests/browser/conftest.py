import pytest

# Browser tests run against live_server in another thread, so they need real commits; the
# serialized rollback puts back what the migrations created (the editorial groups).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site_url(live_server):
    return live_server.url
