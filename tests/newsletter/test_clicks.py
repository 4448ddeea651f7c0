"""Counted links in editions: the same URLs in every copy, one click counted once, no open redirect."""

import re
import threading

import lxml.html
import pytest
from django.core import mail, signing
from django.db import connection
from django.test import Client

from directory.models import DailyClickCount, Tool
from fluxsite import tally
from newsletter import clicks, sending
from newsletter.models import Edition, EditionLink

pytestmark = pytest.mark.django_db

BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"
BODY = (
    "## 1. [Clinic voice agents](https://maker.example/agents?ref=a&b=c)\n\n"
    "Try [the tool](/go/voicebot/) or write to [us](mailto:desk@flux.example).\n\n"
    "More on [clinic agents](https://maker.example/agents?ref=a&b=c) and [our guide](/articles/agents/). "
    "Jump [up](#top).\n"
)


def hrefs(html):
    return re.findall(r'href="([^"]*)"', html)


def body_links(message):
    """The links in the edition's text (HTML part, between its headline and the footer) and its footnotes."""
    html = message.alternatives[0][0].partition("<h1 ")[2].partition("Past editions")[0]
    footnotes = re.findall(r"^\[\d+\] (\S+)$", message.body, re.M)
    return [h for h in hrefs(html) if "/newsletter/archive/" not in h], footnotes


def path_of(url, settings):
    assert url.startswith(settings.SITE_URL)
    return url.removeprefix(settings.SITE_URL)


@pytest.fixture
def sent_edition(make_subscriber, make_edition, settings):
    first, second = make_subscriber(email="ana@example.com"), make_subscriber(email="bo@example.com")
    edition = make_edition(body=BODY)
    sending.edition_send(edition=edition)
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT
    by_address = {message.to[0]: message for message in mail.outbox}
    return edition, by_address[first.email], by_address[second.email]


def test_every_copy_carries_the_same_counted_links_and_no_reader(sent_edition, settings):
    edition, ana, bo = sent_edition
    ana_html, ana_text = body_links(ana)
    bo_html, bo_text = body_links(bo)
    assert ana_html == bo_html and ana_text == bo_text  # nothing in them tells the two readers apart
    click_prefix = f"{settings.SITE_URL}/newsletter/click/"
    web_links = [h for h in ana_html if h.startswith("http")]
    assert web_links and all(h.startswith(click_prefix) for h in web_links)
    assert "mailto:desk@flux.example" in ana_html and "#top" in ana_html  # left as they were
    assert [url for url in ana_text if url.startswith("http")] == web_links  # the text part's footnotes too
    assert "mailto:desk@flux.example" in ana_text
    for link in web_links:
        token = link.removeprefix(click_prefix).rstrip("/")
        # The token is a link's id and its signature: nothing else.
        assert int(signing.Signer(salt=clicks.SALT).unsign(token)) in set(edition.links.values_list("pk", flat=True))
        assert "ana" not in token and "bo@" not in token
    assert list(edition.links.values_list("position", "url")) == [
        (1, "https://maker.example/agents?ref=a&b=c"),
        (2, f"{settings.SITE_URL}/go/voicebot/"),
        (3, f"{settings.SITE_URL}/articles/agents/"),
    ]
    # The same target twice in the body is one link, so its clicks add up in one row.
    assert len(set(web_links)) == 3 and len(web_links) == 4


def test_a_click_counts_once_and_redirects_to_the_target(sent_edition, client, settings):
    edition, ana, _ = sent_edition
    first = body_links(ana)[0][0]
    response = client.get(path_of(first, settings), HTTP_USER_AGENT=BROWSER_UA)
    assert response.status_code == 302
    assert response["Location"] == "https://maker.example/agents?ref=a&b=c"
    assert response["Cache-Control"].startswith("max-age=0") and "no-store" in response["Cache-Control"]
    link = edition.links.get(position=1)
    assert link.clicks == 1
    assert edition.links.exclude(pk=link.pk).filter(clicks__gt=0).count() == 0
    # A HEAD, a link scanner and a prefetch are sent on but not counted.
    client.head(path_of(first, settings), HTTP_USER_AGENT=BROWSER_UA)
    assert client.get(path_of(first, settings), HTTP_USER_AGENT="Barracuda link scanner bot").status_code == 302
    client.get(path_of(first, settings), HTTP_USER_AGENT=BROWSER_UA, HTTP_SEC_PURPOSE="prefetch")
    link.refresh_from_db()
    assert link.clicks == 1


def test_tool_links_still_go_through_go_and_count_for_the_tool(sent_edition, client, settings):
    Tool.objects.create(name="Voicebot", slug="voicebot", tagline="Answers.", website_url="https://voicebot.example/",
                        status=Tool.Status.PUBLISHED)
    _, ana, _ = sent_edition
    second = body_links(ana)[0][1]
    response = client.get(path_of(second, settings), HTTP_USER_AGENT=BROWSER_UA)
    assert response["Location"] == f"{settings.SITE_URL}/go/voicebot/"
    response = client.get(path_of(response["Location"], settings), HTTP_USER_AGENT=BROWSER_UA)
    assert response.status_code == 302 and response["Location"] == "https://voicebot.example/"
    tally.flush_all()  # /go/ counts in the process; the flush stores it
    assert DailyClickCount.objects.get().clicks == 1


def test_previews_and_test_copies_are_not_counted(make_edition, client, settings):
    edition = make_edition(body=BODY)
    sending.edition_send_test(edition=edition, to="editor@example.com")
    (copy,) = mail.outbox
    link = body_links(copy)[0][0]
    response = client.get(path_of(link, settings), HTTP_USER_AGENT=BROWSER_UA)
    assert response.status_code == 302 and response["Location"] == "https://maker.example/agents?ref=a&b=c"
    assert sum(edition.links.values_list("clicks", flat=True)) == 0


def test_a_draft_edited_after_a_preview_lists_only_its_current_links(make_edition):
    edition = make_edition(body=BODY)
    sending.edition_send_test(edition=edition, to="editor@example.com")
    edition.body = "Only [one link](https://other.example/) now."
    edition.save()
    sending.edition_send_test(edition=edition, to="editor@example.com")
    assert list(edition.links.values_list("position", "url")) == [(1, "https://other.example/")]


@pytest.mark.parametrize("kind", ["tampered", "other salt", "no such link", "garbage", "not a number"])
def test_forged_or_broken_tokens_get_a_400_page_and_no_redirect(sent_edition, client, settings, kind):
    edition, ana, _ = sent_edition
    token = body_links(ana)[0][0].removeprefix(f"{settings.SITE_URL}/newsletter/click/").rstrip("/")
    pk = token.partition(":")[0]
    bad = {
        "tampered": f"{int(pk) + 1}:{token.partition(':')[2]}",
        "other salt": signing.Signer(salt="newsletter.unsubscribe").sign(pk),
        "no such link": signing.Signer(salt=clicks.SALT).sign("999999"),
        "garbage": "evil.example:x",
        "not a number": signing.Signer(salt=clicks.SALT).sign("evil.example"),
    }[kind]
    response = client.get(f"/newsletter/click/{bad}/", HTTP_USER_AGENT=BROWSER_UA)
    assert response.status_code == 400
    assert "Location" not in response
    assert "This link doesn" in response.content.decode()
    assert sum(edition.links.values_list("clicks", flat=True)) == 0


def test_a_stored_target_that_is_not_http_is_refused(sent_edition, client, settings):
    edition, ana, _ = sent_edition
    first = body_links(ana)[0][0]
    EditionLink.objects.filter(edition=edition, position=1).update(url="javascript:alert(1)")
    response = client.get(path_of(first, settings), HTTP_USER_AGENT=BROWSER_UA)
    assert response.status_code == 400 and "Location" not in response


def test_only_get_and_head(sent_edition, client, settings):
    _, ana, _ = sent_edition
    assert client.post(path_of(body_links(ana)[0][0], settings)).status_code == 405


def test_edition_admin_shows_clicks_per_link(sent_edition, client, editor, settings):
    edition, ana, _ = sent_edition
    first = path_of(body_links(ana)[0][0], settings)
    for _ in range(3):
        Client().get(first, HTTP_USER_AGENT=BROWSER_UA)
    client.force_login(editor)
    html = client.get(f"/admin/newsletter/edition/{edition.pk}/change/").content.decode()
    rows = re.findall(r"<tr><td>(\d+)</td><td><a [^>]*>([^<]+)</a></td><td>([\d,]+)</td></tr>", html)
    assert rows == [
        ("1", "https://maker.example/agents?ref=a&amp;b=c", "3"),
        ("2", f"{settings.SITE_URL}/go/voicebot/", "0"),
        ("3", f"{settings.SITE_URL}/articles/agents/", "0"),
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_clicks_are_all_counted(make_subscriber, make_edition, settings):
    make_subscriber()
    edition = make_edition(body=BODY)
    sending.edition_send(edition=edition)
    link = edition.links.get(position=1)
    path = f"/newsletter/click/{signing.Signer(salt=clicks.SALT).sign(str(link.pk))}/"
    statuses = []

    def click():
        try:
            statuses.append(Client().get(path, HTTP_USER_AGENT=BROWSER_UA).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 24
    link.refresh_from_db()
    assert link.clicks == 24


def test_a_paragraph_full_of_links_still_stamps_every_copy_from_one_template(make_edition, settings):
    """Counted URLs are long; a line past 998 bytes would make the mail quoted-printable and every copy
    would be built in full (several times slower per mail). Line breaks inside the tags keep lines short."""
    from newsletter.emails import EditionMailer

    settings.SITE_URL = "https://flux.example"
    links = ", ".join(f"[source {n}](https://example.com/a-rather-long/path/to/story-{n}/)" for n in range(12))
    edition = make_edition(body=f"Sources for this week's figures: {links}.")
    mailer = EditionMailer(edition)
    assert mailer.html.count("/newsletter/click/") == 12
    assert max(len(line.encode()) for line in mailer.html.splitlines()) < 998
    assert mailer.smtp_copy(1, "reader@example.com") is not None  # stamped, not built in full
    html = lxml.html.fromstring(mailer.html)
    assert len([a for a in html.iter("a") if "/newsletter/click/" in a.get("href", "")]) == 12
