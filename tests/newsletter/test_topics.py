"""Topics: what each reader gets, chosen on a signed preferences page; editions go to one topic's readers."""

import re

import pytest

from newsletter import sending, services, tokens
from newsletter.models import Edition, Subscriber, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(db):
    """The three topics the migration makes (made again if a transaction test flushed them)."""
    made = {}
    for slug, name, default in [("weekly", "The weekly Sauce Drop", True), ("wire", "Breaking wire alerts", False),
                                ("directory", "Directory changes", False)]:
        made[slug], _ = Topic.objects.get_or_create(slug=slug, defaults={"name": name, "is_default": default})
    return made


def test_sign_ups_and_imports_start_on_the_default_topics(client, topics):
    client.post("/newsletter/", {"email": "new@example.com"})
    services.subscribers_import_csv(data=b"email\nimported@example.com\n", source_name="list.csv")
    for address in ("new@example.com", "imported@example.com"):
        subscriber = Subscriber.objects.by_email(address).get()
        assert set(subscriber.topics.values_list("slug", flat=True)) == {"weekly"}


def test_the_sign_up_page_offers_the_topics_with_the_defaults_ticked(client, topics):
    page = client.get("/newsletter/").content.decode()
    assert '<input type="hidden" name="topics_shown" value="1">' in page
    for topic in topics.values():
        assert f'value="{topic.pk}"' in page and topic.name in page
    ticked = set(re.findall(r'name="topics" value="(\d+)"[^>]*checked', page))
    assert ticked == {str(topics["weekly"].pk)}
    # The footer's form (on cached pages) has no room for them: its sign-ups get the defaults.
    assert 'name="topics"' not in client.get("/newsletter/thanks/").content.decode()


def test_topics_ticked_on_the_sign_up_page_are_kept(client, topics):
    response = client.post("/newsletter/", {
        "email": "picky@example.com", "topics_shown": "1", "topics": [topics["wire"].pk, topics["directory"].pk],
    })
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert set(subscriber.topics.values_list("slug", flat=True)) == {"wire", "directory"}
    # Signing up again before confirming: the latest choice counts.
    client.post("/newsletter/", {"email": "picky@example.com", "topics_shown": "1", "topics": [topics["weekly"].pk]})
    assert set(subscriber.topics.values_list("slug", flat=True)) == {"weekly"}
    # Once active, a sign-up form (anyone's) changes nothing: the preferences page is the reader's.
    Subscriber.objects.filter(pk=subscriber.pk).update(status=Subscriber.Status.ACTIVE)
    client.post("/newsletter/", {"email": "picky@example.com", "topics_shown": "1", "topics": [topics["wire"].pk]})
    assert set(subscriber.topics.values_list("slug", flat=True)) == {"weekly"}


@pytest.mark.parametrize(
    ("topic_values", "message"),
    [([], "Tick at least one"), (["999999"], "Choose from the list."), (["wire"], "Choose from the list.")],
)
def test_a_sign_up_with_no_or_unknown_topics_is_refused_and_says_why(client, topics, topic_values, message):
    response = client.post("/newsletter/", {"email": "none@example.com", "topics_shown": "1", "topics": topic_values})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'aria-describedby="page-topics-errors"' in html
    assert 'value="none@example.com"' in html  # the address stays filled in
    assert not Subscriber.objects.exists()


def test_preferences_page_by_signed_link_saves_choices(client, make_subscriber, topics):
    reader = make_subscriber()
    reader.topics.set([topics["weekly"]])
    url = f"/newsletter/data/{tokens.DATA.make(reader)}/preferences/"
    page = client.get(url).content.decode()
    assert "Breaking wire alerts" in page and "Directory changes" in page
    assert re.search(rf'value="{topics["weekly"].pk}"[^>]*checked', page)
    response = client.post(url, {"topics": [topics["wire"].pk, topics["directory"].pk]})
    assert response.status_code == 200 and "Saved." in response.content.decode()
    assert set(reader.topics.values_list("slug", flat=True)) == {"wire", "directory"}
    assert client.post(url, {"topics": ["999999"]}).status_code == 400  # not a topic: nothing changes
    assert set(reader.topics.values_list("slug", flat=True)) == {"wire", "directory"}
    # Unticking everything is unsubscribing.
    response = client.post(url, {})
    assert "You're unsubscribed" in response.content.decode()
    assert Subscriber.objects.get(pk=reader.pk).status == Subscriber.Status.UNSUBSCRIBED


def test_unsubscribe_from_everything_on_the_preferences_page(client, make_subscriber, topics):
    reader = make_subscriber()
    url = f"/newsletter/data/{tokens.DATA.make(reader)}/preferences/"
    assert "You're unsubscribed" in client.post(url, {"everything": "1"}).content.decode()
    assert Subscriber.objects.get(pk=reader.pk).status == Subscriber.Status.UNSUBSCRIBED
    page = client.get(url).content.decode()
    assert "isn't getting any Sauce Drop emails" in page


def test_preferences_links_that_are_forged_or_for_deleted_subscribers_explain_themselves(client, make_subscriber):
    assert client.get("/newsletter/data/forged/preferences/").status_code == 400
    reader = make_subscriber()
    url = f"/newsletter/data/{tokens.DATA.make(reader)}/preferences/"
    services.subscriber_delete(subscriber=reader)
    for response in (client.get(url), client.post(url, {"everything": "1"})):
        assert response.status_code == 400
        assert "no longer matches a subscription" in response.content.decode()


def test_stop_one_topic_in_one_click_or_everything(client, make_subscriber, topics):
    reader = make_subscriber()
    reader.topics.set([topics["weekly"], topics["wire"]])
    url = f"/newsletter/unsubscribe/{tokens.UNSUBSCRIBE.make(reader)}/"
    page = client.get(f"{url}?topic=wire").content.decode()
    assert "Stop Breaking wire alerts" in page and "Unsubscribe from everything" in page
    response = client.post(url, {"topic": "wire", "scope": "topic"})
    assert "No more Breaking wire alerts" in response.content.decode()
    assert set(reader.topics.values_list("slug", flat=True)) == {"weekly"}
    assert Subscriber.objects.get(pk=reader.pk).status == Subscriber.Status.ACTIVE
    # Dropping the last topic stops everything.
    client.post(url, {"topic": "weekly", "scope": "topic"})
    assert Subscriber.objects.get(pk=reader.pk).status == Subscriber.Status.UNSUBSCRIBED


def test_one_click_header_post_always_unsubscribes_from_everything(client, make_subscriber, topics):
    reader = make_subscriber()
    reader.topics.set([topics["weekly"], topics["wire"]])
    url = f"/newsletter/unsubscribe/{tokens.UNSUBSCRIBE.make(reader)}/?topic=wire"
    client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert Subscriber.objects.get(pk=reader.pk).status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edition_for_one_topic_reaches_only_its_readers(smtp_server, make_subscriber, make_edition, topics):
    weekly_only, wire_only, both = make_subscriber(), make_subscriber(), make_subscriber()
    weekly_only.topics.set([topics["weekly"]])
    wire_only.topics.set([topics["wire"]])
    both.topics.set([topics["weekly"], topics["wire"]])
    alert = make_edition(subject="Breaking: a model price war", topic=topics["wire"])
    sending.edition_prepare(edition_id=alert.pk)
    both.topics.remove(topics["wire"])  # left the topic after the send was prepared
    sending.edition_send(edition=alert)
    assert [m["To"] for m in smtp_server.messages] == [wire_only.email]
    (message,) = smtp_server.messages
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert "?topic=wire" in html and "Stop Breaking wire alerts" in html
    assert "/preferences/" in html and "Choose what you get: " in text
    assert Edition.objects.get(pk=alert.pk).status == Edition.Status.SENT



def test_a_sign_up_without_a_csrf_token_keeps_the_ticked_topics_on_the_retry_page(topics):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/newsletter/", {"email": "late@example.com", "topics_shown": "1", "topics": [topics["wire"].pk]}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "One more step" in html
    assert set(re.findall(r'name="topics" value="(\d+)"[^>]*checked', html)) == {str(topics["wire"].pk)}
    assert not Subscriber.objects.exists()
