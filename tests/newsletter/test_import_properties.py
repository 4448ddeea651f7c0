"""Property-based: the CSV importer rejects or imports any bytes, and a rejection saves nothing."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fluxsite.importers import ImportRejected
from newsletter.models import Subscriber
from newsletter.services import subscribers_import_csv

pytestmark = pytest.mark.django_db

cells = st.one_of(
    st.emails().map(str),
    st.text(max_size=40),
    st.sampled_from(["", "a@b", "x@example.com\r\nBcc: y@example.com", "=HYPERLINK()", "\x00", "é@exämple.com"]),
)
rows = st.lists(st.tuples(cells, st.sampled_from(["", "2026-01-02", "nope", "2026-01-02T03:04:05"])), max_size=8)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows, raw=st.binary(max_size=60))
def test_importer_never_crashes_and_is_all_or_nothing(rows, raw):
    Subscriber.objects.all().delete()
    csv_text = "email,consented_at\n" + "\n".join(f'"{email.replace(chr(34), "")}",{when}' for email, when in rows)
    for data in [csv_text.encode(), raw]:
        before = Subscriber.objects.count()
        try:
            report = subscribers_import_csv(data=data, source_name="prop.csv")
        except ImportRejected as rejected:
            assert rejected.errors and all(isinstance(error.line, int) and error.line >= 1 for error in rejected.errors)
            assert Subscriber.objects.count() == before
        else:
            assert Subscriber.objects.count() == before + report.created
