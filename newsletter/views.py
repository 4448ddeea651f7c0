"""The Sauce Drop's public pages: sign-up, signed links, and the archive of sent editions."""

import json
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import DetailView, ListView, TemplateView

from directory.services import request_is_countable
from fluxsite import ratelimit
from fluxsite.security import client_ip
from fluxsite.signed_links import SignedLinkView
from newsletter import clicks, feedback, services
from newsletter.forms import SignupForm, TopicsForm
from newsletter.models import Edition, MailEvent, Subscriber, Topic
from newsletter.tokens import CONFIRM, DATA, UNSUBSCRIBE
from readership import counting

logger = logging.getLogger(__name__)

CSRF_RETRY_MESSAGE = "One more step: press Subscribe to confirm."


def _refusal(status, heading, message):
    # Rendered without the request context: no context processors touch the cache or the
    # database, so this page works when Redis is the thing that's down.
    body = loader.render_to_string(
        "newsletter/refused.html", {"status": status, "heading": heading, "message": message}
    )
    response = HttpResponse(body, status=status)
    response["Retry-After"] = "600" if status == 429 else "60"
    response["Cache-Control"] = "no-store"
    return response


def rate_limited():
    return _refusal(
        429,
        "Too many sign-up attempts",
        "We've had a lot of sign-ups from here in a short time. Please wait a while and try again.",
    )


def limits_unavailable():
    return _refusal(
        503,
        "Sign-ups are paused for a moment",
        "We can't check sign-up limits right now, so we're not taking new sign-ups for a few minutes. "
        "Nothing was saved; please try again shortly.",
    )


def _csrf_failure(request):
    """Check the CSRF token the way the middleware would; return the reason it fails, or None."""
    response = CsrfViewMiddleware(lambda req: None).process_view(request, None, (), {})
    return None if response is None else "csrf"


@method_decorator([never_cache, csrf_exempt], name="dispatch")
class SignupView(View):
    """The landing page (GET) and every sign-up form's target (POST).

    Exempt from the middleware because the footer form sits on shared cached pages with no token
    baked in; the POST verifies CSRF itself and, when the token is missing or wrong, changes
    nothing and asks the reader to press Subscribe again on this page (which carries a token).
    """

    template_name = "newsletter/landing.html"
    http_method_names = ["get", "post", "head"]

    def render_page(self, request, form, *, status=200, notice=None):
        context = {
            "form": form,
            "notice": notice,
            "recent_editions": Edition.objects.published().only("subject", "slug", "preheader", "sent_at")[:3],
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        source = request.GET.get("from", "")[:200] or request.path
        return self.render_page(request, SignupForm(initial={"source": source}))

    def post(self, request):
        try:
            if ratelimit.hit("signup-ip", client_ip(request), settings.NEWSLETTER_SIGNUP_RATE_IP):
                return rate_limited()
        except ratelimit.RateLimitUnavailable:
            return limits_unavailable()
        form = SignupForm(request.POST)
        if form.is_bot:
            logger.info("newsletter sign-up honeypot tripped from %s", client_ip(request))
            return redirect("newsletter:thanks")
        if _csrf_failure(request):
            initial = {"email": request.POST.get("email", "")[:254], "source": request.POST.get("source", "")[:200]}
            if request.POST.get("topics_shown"):
                initial["topics"] = request.POST.getlist("topics")[:20]
            retry = SignupForm(initial=initial)
            return self.render_page(request, retry, notice=CSRF_RETRY_MESSAGE)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        email = form.cleaned_data["email"]
        try:
            if ratelimit.hit("signup-email", email.lower(), settings.NEWSLETTER_SIGNUP_RATE_EMAIL):
                return rate_limited()
        except ratelimit.RateLimitUnavailable:
            return limits_unavailable()
        subscriber = services.subscriber_signup(
            email=email, source_page=form.cleaned_data["source"], topics=form.chosen_topics
        )
        if subscriber.status == subscriber.Status.PENDING:
            # The page the form was on, as a daily total: nothing that could lead back to the subscriber.
            counting.signup_record(source=form.cleaned_data["source"])
        return redirect("newsletter:thanks")


class ThanksView(TemplateView):
    template_name = "newsletter/thanks.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(confirm_days=settings.NEWSLETTER_CONFIRM_MAX_AGE // 86400, **kwargs)


@never_cache
@require_safe
def csrf_token(request):
    """Hand the footer sign-up script a CSRF token (and set the cookie); never cached."""
    return JsonResponse({"token": get_token(request)})


def _bad_link(request, error, *, kind):
    messages = {
        "expired": "This confirmation link has expired. Sign up again and we'll send you a fresh one.",
        "invalid": f"This {kind} link isn't valid. It may have been cut off or changed: "
        "copy the whole link from the email, or sign up again.",
        "unknown": f"This {kind} link no longer matches a subscription. If you deleted your data, "
        "there is nothing left to do.",
    }
    response = render(
        request,
        "newsletter/link_problem.html",
        {"message": messages[error.reason], "form": SignupForm()},
        status=400,
    )
    return response


class SubscriberLinkView(SignedLinkView):
    """A page behind a link in our mail (fluxsite.signed_links); self.object is the subscriber."""

    kind: str  # how the bad-link page names the link

    def bad_link(self, request, error):
        return _bad_link(request, error, kind=self.kind)


class ConfirmView(SubscriberLinkView):
    """Double opt-in: the button on this page, not opening the link, activates the subscription.

    A confirming GET would let a scanner subscribe anyone whose address was typed into our form,
    which is what double opt-in is there to prevent.
    """

    kind = "confirmation"
    link = CONFIRM

    def get(self, request, token):
        subscriber = self.object
        if subscriber.status != subscriber.Status.PENDING:
            # Already confirmed (a second click), or unsubscribed since: nothing to ask.
            active = subscriber.status == subscriber.Status.ACTIVE
            return render(request, "newsletter/confirmed.html", {"subscriber": subscriber, "active": active})
        return render(request, "newsletter/confirm.html", {"subscriber": subscriber, "token": token})

    def post(self, request, token):
        active = services.subscriber_confirm(subscriber=self.object)
        return render(request, "newsletter/confirmed.html", {"subscriber": self.object, "active": active})


class UnsubscribeView(SubscriberLinkView):
    """The unsubscribe page; its POST also serves RFC 8058 one-click from mail clients.

    With ?topic=<slug> (the "Stop getting …" link in an edition) the page offers to drop that one
    topic first; the RFC 8058 POST always unsubscribes from everything.
    """

    kind = "unsubscribe"
    link = UNSUBSCRIBE

    def topic(self, request):
        slug = request.POST.get("topic") or request.GET.get("topic") or ""
        try:
            validate_slug(slug)
        except ValidationError:  # none of ours (and PostgreSQL refuses text with NUL in a query)
            return None
        return Topic.objects.filter(slug=slug[:80]).first()

    def get(self, request, token):
        context = {"subscriber": self.object, "token": token, "topic": self.topic(request)}
        return render(request, "newsletter/unsubscribe.html", context)

    def post(self, request, token):
        subscriber = self.object
        topic = self.topic(request) if request.POST.get("List-Unsubscribe") != "One-Click" else None
        if topic is not None and request.POST.get("scope") == "topic":
            services.subscriber_drop_topic(subscriber=subscriber, topic=topic)
            subscriber.refresh_from_db()
            if subscriber.status == Subscriber.Status.ACTIVE:
                context = {"subscriber": subscriber, "topic": topic, "preferences_url": _preferences_path(subscriber)}
                return render(request, "newsletter/topic_dropped.html", context)
        services.subscriber_unsubscribe(subscriber=subscriber)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("Unsubscribed.\n", content_type="text/plain")
        form = SignupForm(initial={"email": subscriber.email, "source": request.path[:200]})
        return render(request, "newsletter/unsubscribed.html", {"subscriber": subscriber, "form": form})


def _preferences_path(subscriber):
    return reverse("newsletter:preferences", args=[DATA.make(subscriber)])


class PreferencesView(SubscriberLinkView):
    """Choose topics (GET shows them, POST saves); reached from every email's footer, no login."""

    kind = "preferences"
    link = DATA

    def render_form(self, request, form, *, saved=False, status=200):
        context = {"subscriber": self.object, "form": form, "saved": saved}
        return render(request, "newsletter/preferences.html", context, status=status)

    def get(self, request, token):
        return self.render_form(request, TopicsForm(initial={"topics": self.object.topics.all()}))

    def post(self, request, token):
        if self.object.status not in (Subscriber.Status.ACTIVE, Subscriber.Status.PENDING):
            return self.get(request, token)  # nothing to choose: the page says why
        if request.POST.get("everything"):
            services.subscriber_unsubscribe(subscriber=self.object)
            form = SignupForm(initial={"email": self.object.email, "source": request.path[:200]})
            return render(request, "newsletter/unsubscribed.html", {"subscriber": self.object, "form": form})
        form = TopicsForm(request.POST)
        if not form.is_valid():
            return self.render_form(request, form, status=400)
        services.subscriber_set_topics(subscriber=self.object, topics=list(form.cleaned_data["topics"]))
        self.object.refresh_from_db()
        if self.object.status == Subscriber.Status.UNSUBSCRIBED:
            form = SignupForm(initial={"email": self.object.email, "source": request.path[:200]})
            return render(request, "newsletter/unsubscribed.html", {"subscriber": self.object, "form": form})
        return self.render_form(request, form, saved=True)


class DataExportView(SubscriberLinkView):
    """Download everything we hold about the subscriber the signed link names, as JSON."""

    http_method_names = ["get", "head"]
    kind = "data"
    link = DATA

    def get(self, request, token):
        payload = json.dumps(services.subscriber_export(subscriber=self.object), indent=2)
        response = HttpResponse(payload, content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="sauce-drop-my-data.json"'
        return response


class DataDeleteView(SubscriberLinkView):
    """GET explains and asks; POST erases the subscriber and their delivery records."""

    kind = "data"
    link = DATA

    def get(self, request, token):
        return render(request, "newsletter/data_delete.html", {"subscriber": self.object})

    def post(self, request, token):
        services.subscriber_delete(subscriber=self.object)
        return render(request, "newsletter/data_deleted.html", {})


class PublishedEditionMixin:
    """Readers see sent editions only."""

    paginate_by = 20

    def get_queryset(self):
        return Edition.objects.published()


class EditionArchiveView(PublishedEditionMixin, ListView):
    template_name = "newsletter/edition_list.html"

    def get_queryset(self):
        return super().get_queryset().only("subject", "slug", "preheader", "sent_at")


class EditionDetailView(PublishedEditionMixin, DetailView):
    template_name = "newsletter/edition_detail.html"
    context_object_name = "edition"


@never_cache
@require_safe
def click(request, token):
    """Count a reader's click on a link in an edition (EditionLink; nobody recorded) and 302 to it.

    Counted only for a sent edition and a reader's GET (not HEAD, prefetches or link scanners).
    A bad or forged token gets a 400 page: the target comes only from the database.
    """
    link = clicks.link_for_token(token)
    if link is None or not clicks.is_web_url(link.url):
        context = {
            "status": 400,
            "heading": "This link doesn't work",
            "message": "The link was cut off or changed on the way, or it is no longer in the edition. "
            "Copy the whole link from the email, or read the edition in the archive.",
        }
        return render(request, "newsletter/refused.html", context, status=400)
    if link.edition.status in clicks.COUNTED_STATES and request_is_countable(request):
        clicks.link_click_record(link=link)
    response = HttpResponseRedirect(link.url)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "origin"
    return response


def _feedback_response(read, source):
    """Run a webhook's checks and parser; 4xx with the reason, or 200 with what was recorded."""
    try:
        events = read()
    except feedback.BadFeedback as refused:
        return JsonResponse({"error": refused.error, "detail": str(refused)}, status=refused.status)
    report = services.mail_events_record(events=events, source=source)
    return JsonResponse(report.as_dict())


@csrf_exempt
@require_POST
def events_webhook(request):
    """Bounce and complaint events as generic JSON, signed with NEWSLETTER_WEBHOOK_SECRET (docs/newsletter.md)."""

    def read():
        body = request.body  # Django refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE (400)
        feedback.verify_signature(settings.NEWSLETTER_WEBHOOK_SECRET, request.headers.get("Flux-Signature"), body)
        return feedback.parse_generic(body)

    return _feedback_response(read, MailEvent.Source.WEBHOOK)


@csrf_exempt
@require_POST
def postmark_webhook(request):
    """Postmark's bounce and spam-complaint webhooks, behind HTTP Basic auth with the webhook secret."""

    def read():
        feedback.verify_basic_auth(settings.NEWSLETTER_WEBHOOK_SECRET, request.headers.get("Authorization"))
        return feedback.parse_postmark(request.body)

    return _feedback_response(read, MailEvent.Source.POSTMARK)
