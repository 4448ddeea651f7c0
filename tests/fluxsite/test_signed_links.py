"""One signed-link scheme for every emailed link (fluxsite.signed_links)."""

import pytest
from django.core import signing
from django.http import HttpResponse
from django.utils import timezone

from directory.tokens import REPORT_WITHDRAW
from fluxsite.signed_links import BadLink, email_tag
from newsletter import tokens
from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_subscriber():
    def make(status):
        return Subscriber.objects.create(email="reader@example.com", status=status, consented_at=timezone.now())

    return make


def test_links_in_mail_already_sent_still_open(make_subscriber):
    """Links made before the scheme was shared: signing.dumps for confirmations, Signer for the rest."""
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    payload = {"s": subscriber.pk, "e": email_tag(subscriber.email)}
    confirm = signing.dumps(payload, salt="newsletter.confirm", compress=True)
    unsubscribe = signing.Signer(salt="newsletter.unsubscribe").sign_object(payload)
    assert tokens.CONFIRM.read(confirm) == subscriber
    assert tokens.UNSUBSCRIBE.read(unsubscribe) == subscriber
    assert tokens.UNSUBSCRIBE.make(subscriber) == unsubscribe


def test_a_link_is_bound_to_its_purpose_its_row_and_its_address(make_subscriber):
    subscriber = make_subscriber(status=Subscriber.Status.ACTIVE)
    data = tokens.DATA.make(subscriber)
    with pytest.raises(BadLink) as error:
        tokens.UNSUBSCRIBE.read(data)
    assert error.value.reason == "invalid"
    with pytest.raises(BadLink) as error:
        REPORT_WITHDRAW.read(signing.Signer(salt=REPORT_WITHDRAW.salt).sign_object({"r": "1", "e": "x"}))
    assert error.value.reason == "invalid"
    subscriber.email = "someone.else@example.com"
    subscriber.save(update_fields=["email"])
    with pytest.raises(BadLink) as error:
        tokens.DATA.read(data)
    assert error.value.reason == "unknown"
    fresh = tokens.DATA.make(subscriber)
    subscriber.delete()
    with pytest.raises(BadLink) as error:
        tokens.DATA.read(fresh)
    assert error.value.reason == "unknown"


def test_a_batch_maker_signs_as_make_does(make_subscriber):
    subscriber = make_subscriber(status=Subscriber.Status.ACTIVE)
    assert tokens.DATA.maker()(subscriber.pk, subscriber.email) == tokens.DATA.make(subscriber)


def test_a_view_that_keeps_the_default_page_answers_a_bad_link_with_400_and_the_reason(rf, make_subscriber):
    from fluxsite.signed_links import SignedLinkView

    class Page(SignedLinkView):
        link = tokens.DATA

        def get(self, request, token):
            return HttpResponse(self.object.email)

    subscriber = make_subscriber(status=Subscriber.Status.ACTIVE)
    view = Page.as_view()
    assert view(rf.get("/"), token=tokens.DATA.make(subscriber)).content == b"reader@example.com"
    response = view(rf.get("/"), token="forged")
    assert response.status_code == 400
    assert response.content == b"This link can't be used (invalid)."
