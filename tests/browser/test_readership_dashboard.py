"""The readership dashboard in real Chromium: an Editor signs in and reads the charts at phone and desktop width."""

from datetime import timedelta

import pytest
from django.utils import timezone

from readership.models import DailyPageView, DailyReferrer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def editors_group(transactional_db):
    """The Editors group with its readership grant (a live-server flush elsewhere may have dropped the migration's)."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(content_type__app_label="readership", codename="view_dailypageview"))


@pytest.mark.parametrize("width", [390, 1366])
def test_editor_reads_the_dashboard_without_csp_violations_or_sideways_scroll(page, live_server, editors_group, editor,
                                                                              make_article, width):
    article = make_article(headline="A headline long enough to wrap on a phone, as real headlines often are")
    today = timezone.localdate()
    for days_ago in range(10):
        DailyPageView.objects.create(day=today - timedelta(days=days_ago), path=article.get_absolute_url(),
                                     route="articles:detail", slug=article.slug, views=10 + days_ago)
    DailyReferrer.objects.create(day=today, domain="a-rather-long-referring-domain.news.example.org", views=4)
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/admin/login/?next=/admin/readership/dailypageview/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/readership/dailypageview/")
    assert page.locator(".readership-totals strong").first.inner_text() == "145"
    chart = page.locator("svg.readership-days")
    assert chart.is_visible() and chart.bounding_box()["width"] > width * 0.6
    assert page.locator("svg.readership-days rect").count() == 30
    assert page.locator("#top-articles + ol li").first.inner_text().startswith("A headline long enough")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0

    page.fill("#id_start", "2026-12-07")
    page.fill("#id_end", "2026-11-01")
    page.get_by_role("button", name="Show").click()
    assert "The first day comes after the last one" in page.locator(".messagelist").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert violations == []
