"""/go/<slug>/: counted, bot-proof, personal-data-free, no open redirect, never cached."""

import threading
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import DailyClickCount, Tool
from directory.services import CLICKS, tool_click_record
from fluxsite import tally

BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"


def clicks(tool):
    tally.flush_all()
    return sum(DailyClickCount.objects.filter(tool=tool).values_list("clicks", flat=True))


def test_click_redirects_to_website_and_is_counted(client, make_tool):
    tool = make_tool(website_url="https://maker.example/home")
    response = client.get(f"/go/{tool.slug}/", HTTP_USER_AGENT=BROWSER_UA)
    assert response.status_code == 302
    assert response["Location"] == "https://maker.example/home"
    client.get(f"/go/{tool.slug}/", HTTP_USER_AGENT=BROWSER_UA)
    assert clicks(tool) == 2


def test_affiliate_url_wins_when_set(client, make_tool):
    tool = make_tool(website_url="https://maker.example/", affiliate_url="https://partners.maker.example/?ref=flux")
    response = client.get(f"/go/{tool.slug}/", HTTP_USER_AGENT=BROWSER_UA)
    assert response["Location"] == "https://partners.maker.example/?ref=flux"


@pytest.mark.parametrize(
    "query", ["?next=https://evil.example/", "?url=//evil.example", "?to=https://evil.example&target=x"]
)
def test_no_request_parameter_changes_the_target(client, make_tool, query):
    tool = make_tool(website_url="https://maker.example/")
    response = client.get(f"/go/{tool.slug}/{query}", HTTP_USER_AGENT=BROWSER_UA, HTTP_REFERER="https://evil.example/")
    assert response["Location"] == "https://maker.example/"


def test_unknown_and_unpublished_tools_are_404_and_not_counted(client, make_tool):
    draft = make_tool(status=Tool.Status.DRAFT)
    assert client.get("/go/no-such-tool/", HTTP_USER_AGENT=BROWSER_UA).status_code == 404
    assert client.get(f"/go/{draft.slug}/", HTTP_USER_AGENT=BROWSER_UA).status_code == 404
    tally.flush_all()
    assert not DailyClickCount.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
        {"HTTP_USER_AGENT": "facebookexternalhit/1.1"},
        {"HTTP_USER_AGENT": "curl/8.5.0"},
        {"HTTP_USER_AGENT": "python-requests/2.32"},
        {"HTTP_USER_AGENT": ""},
        {"HTTP_USER_AGENT": BROWSER_UA, "HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_USER_AGENT": BROWSER_UA, "HTTP_PURPOSE": "prefetch"},
        {"HTTP_USER_AGENT": BROWSER_UA, "HTTP_X_MOZ": "prefetch"},
    ],
)
def test_bots_and_prefetches_are_redirected_but_not_counted(client, make_tool, headers):
    tool = make_tool()
    response = client.get(f"/go/{tool.slug}/", **headers)
    assert response.status_code == 302
    assert clicks(tool) == 0


def test_head_requests_are_not_counted(client, make_tool):
    tool = make_tool()
    assert client.head(f"/go/{tool.slug}/", HTTP_USER_AGENT=BROWSER_UA).status_code == 302
    assert clicks(tool) == 0


def test_post_is_refused(client, make_tool):
    tool = make_tool()
    assert client.post(f"/go/{tool.slug}/", HTTP_USER_AGENT=BROWSER_UA).status_code == 405


def test_response_is_not_cacheable_and_not_indexed(client, make_tool):
    tool = make_tool()
    response = client.get(f"/go/{tool.slug}/", HTTP_USER_AGENT=BROWSER_UA)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


def test_click_rows_hold_no_personal_data():
    columns = {field.name for field in DailyClickCount._meta.get_fields()}
    assert columns == {"id", "tool", "day", "clicks"}


def test_clicks_cost_no_query_and_a_flush_adds_them_in_one_statement(client, make_tool, django_assert_num_queries):
    tool = make_tool()
    DailyClickCount.objects.create(tool=tool, day=date(2026, 1, 1), clicks=5)
    with django_assert_num_queries(0):
        tool_click_record(tool=tool, day=date(2026, 1, 1))
        tool_click_record(tool=tool, day=date(2026, 1, 1))
        tool_click_record(tool=tool, day=date(2026, 1, 2))
    with CaptureQueriesContext(connection) as captured:
        assert CLICKS.flush() == 2
    statements = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(statements) == 1 and statements[0].startswith("INSERT") and "ON CONFLICT" in statements[0]
    assert DailyClickCount.objects.get(tool=tool, day=date(2026, 1, 1)).clicks == 7
    assert DailyClickCount.objects.get(tool=tool, day=date(2026, 1, 2)).clicks == 1
    assert CLICKS.flush() == 0, "a flush empties the tally"


def test_clicks_on_a_tool_deleted_before_the_flush_are_dropped_not_failing_the_batch(make_tool):
    kept, gone = make_tool(), make_tool()
    tool_click_record(tool=kept, day=date(2026, 1, 1))
    tool_click_record(tool=gone, day=date(2026, 1, 1))
    gone.delete()
    CLICKS.flush()
    assert list(DailyClickCount.objects.values_list("tool", "clicks")) == [(kept.pk, 1)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_clicks_on_a_new_day_are_all_counted(make_tool):
    tool = make_tool()
    day = date(2026, 3, 1)
    start = threading.Barrier(6)
    failures = []

    def click():
        try:
            start.wait()
            for _ in range(5):
                tool_click_record(tool=tool, day=day)
        except Exception as exc:  # noqa: BLE001 - report any failure from the thread
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    CLICKS.flush()
    row = DailyClickCount.objects.get(tool=tool, day=day)
    assert row.clicks == 30
