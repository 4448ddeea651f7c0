"""Public directory pages. Every queryset starts from `published()`; staff may preview drafts."""


import logging
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from directory import services
from directory.forms import (
    WORKFLOW_SORTS,
    CalculatorForm,
    OutcomeReportForm,
    ToolFilterForm,
    ToolSubmissionForm,
    WorkflowFilterForm,
)
from directory.models import Category, Tool, ToolChange, Workflow
from directory.outcomes import MIN_REPORTS_FOR_MEDIAN, net_per_hour, net_per_month
from directory.seo import tool_seo, workflow_seo
from directory.tokens import REPORT_CONFIRM, REPORT_WITHDRAW, SUBMISSION_CONFIRM
from fluxsite import ratelimit
from fluxsite.cache import is_anonymous
from fluxsite.security import client_ip
from fluxsite.signed_links import SignedLinkView

logger = logging.getLogger(__name__)

ALTERNATIVES_SHOWN = 6
HISTORY_SHOWN = 12
MENTIONS_SHOWN = 8
WORKFLOWS_SHOWN = 6
COMPARE_MIN, COMPARE_MAX = 2, 4


class LenientPaginationMixin:
    """A malformed page number shows page 1, one past the end shows the last page: never an error."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class DirectoryMixin:
    """Readers see published rows; signed-in staff may preview drafts on detail pages."""

    def visible(self, queryset):
        # Only a visitor with a session can be staff. Asking anyone else's `request.user` reads
        # the session, which marks the page `Vary: Cookie` and keeps it out of the page cache.
        if not is_anonymous(self.request):
            user = self.request.user
            if user.is_authenticated and user.is_staff:
                return queryset
        return queryset.published()


class ToolListView(LenientPaginationMixin, ListView):
    """/tools/ with GET filters. Template directory/tool_list.html; context: form, page_obj, filters."""

    template_name = "directory/tool_list.html"
    context_object_name = "tools"
    paginate_by = 24
    category = None

    def get_form(self):
        published = Tool.objects.published()
        origin_codes = (
            published.exclude(origin_country="").order_by().values_list("origin_country", flat=True).distinct()
        )
        self.categories = list(Category.objects.all())
        return ToolFilterForm(self.request.GET, categories=self.categories, origin_codes=list(origin_codes))

    def get_queryset(self):
        self.form = self.get_form()
        queryset = Tool.objects.published().for_listing()
        if self.category:
            queryset = queryset.filter(categories=self.category)
        return self.form.apply(queryset)

    def get_context_data(self, **kwargs):
        filters = self.form.valid_filters()
        tag = None
        if "tag" in filters:
            tag = Tag.objects.filter(slug=filters["tag"]).first()
        return super().get_context_data(
            form=self.form,
            filters=filters,
            filtered=bool(set(filters) - {"sort"}),
            tag=tag,
            category=self.category,
            categories=self.categories,
            **kwargs,
        )


class CategoryView(ToolListView):
    template_name = "directory/category_detail.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)


class ToolDetailView(DirectoryMixin, DetailView):
    """One tool. Template directory/tool_detail.html; context: tool, alternatives, meta tags (tool_seo).

    Categories, tags, mentions, workflows, history and alternatives come with the tool (ToolQuerySet.for_detail).
    """

    context_object_name = "tool"
    template_name = "directory/tool_detail.html"

    def get_queryset(self):
        return self.visible(Tool.objects.all()).for_detail(
            mentions=MENTIONS_SHOWN, workflows=WORKFLOWS_SHOWN, history=HISTORY_SHOWN, alternatives=ALTERNATIVES_SHOWN
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(alternatives=self.object.alternative_cards, **tool_seo(self.object), **kwargs)


def alternatives_for(tool, limit=ALTERNATIVES_SHOWN):
    """Published tools sharing a category with `tool`: most shared tags, then shared categories, then score."""
    return Tool.objects.alternatives(tool, limit=limit)


class ToolChangeListView(LenientPaginationMixin, ListView):
    """/tools/changes/: recorded changes across published tools, newest first. Template directory/toolchange_list.html."""

    template_name = "directory/toolchange_list.html"
    context_object_name = "changes"
    paginate_by = 40

    def get_queryset(self):
        return ToolChange.objects.public().select_related("tool").only(
            "field", "old_value", "new_value", "note", "changed_at", "tool__name", "tool__slug"
        )


class CompareView(TemplateView):
    """2–4 tools side by side: /tools/compare/?tools=a,b (or repeated tools=). Template directory/tool_compare.html."""

    template_name = "directory/tool_compare.html"

    def get(self, request, *args, **kwargs):
        raw = [part for value in request.GET.getlist("tools") for part in value.split(",")]
        slugs = list(dict.fromkeys(slug.strip().lower() for slug in raw if slug.strip()))[: COMPARE_MAX + 1]
        context = self.get_context_data(requested=bool(raw), tools=[], problem="")
        if not raw:
            return self.render_to_response(context)
        found = {
            tool.slug: tool
            for tool in Tool.objects.published().filter(slug__in=slugs[:COMPARE_MAX]).prefetch_related("categories")
        }
        missing = [slug for slug in slugs[:COMPARE_MAX] if slug not in found]
        if len(slugs) > COMPARE_MAX:
            context["problem"] = f"Pick at most {COMPARE_MAX} tools to compare."
        elif missing:
            context["problem"] = "We couldn't find a published tool called " + ", ".join(f"“{s[:60]}”" for s in missing) + "."
        elif len(found) < COMPARE_MIN:
            context["problem"] = f"Pick at least {COMPARE_MIN} tools to compare."
        if context["problem"]:
            return self.render_to_response(context, status=400)
        context["tools"] = [found[slug] for slug in slugs]
        return self.render_to_response(context)


class WorkflowListView(LenientPaginationMixin, ListView):
    """/workflows/ with GET filters (tool, readers' medians) and sorts. Template directory/workflow_list.html."""

    template_name = "directory/workflow_list.html"
    context_object_name = "workflows"
    paginate_by = 20

    def get_queryset(self):
        tools = (
            Tool.objects.published()
            .filter(workflows__status=Workflow.Status.PUBLISHED)
            .order_by("name")
            .values_list("slug", "name")
            .distinct()
        )
        self.form = WorkflowFilterForm(self.request.GET, tools=list(tools))
        queryset = Workflow.objects.published().prefetch_related(
            Prefetch("tools", queryset=Tool.objects.published().only("name", "slug").order_by("name"))
        )
        return self.form.apply(queryset)

    def get_context_data(self, **kwargs):
        filters = self.form.valid_filters()
        sorts = [(key, label) for key, (label, _) in WORKFLOW_SORTS.items()]
        return super().get_context_data(
            form=self.form, sort=filters.get("sort", "earnings"), sorts=sorts,
            filtered=bool(set(filters) - {"sort"}), min_reports=MIN_REPORTS_FOR_MEDIAN, **kwargs
        )


class WorkflowDetailView(DirectoryMixin, DetailView):
    """One workflow. Template directory/workflow_detail.html; context: workflow, report_counts, report_form, meta tags (workflow_seo)."""

    context_object_name = "workflow"
    template_name = "directory/workflow_detail.html"

    def get_queryset(self):
        return self.visible(Workflow.objects.all()).prefetch_related(
            Prefetch("tools", queryset=Tool.objects.published().for_listing().order_by("name"))
        )

    def get_context_data(self, **kwargs):
        cost = self.object.running_cost()
        summary = self.object.report_summary()
        return super().get_context_data(
            summary=summary,
            cost=cost,
            calculator=CalculatorForm(initial=calculator_defaults(self.object, summary, cost)),
            report_counts=self.object.report_counts(),
            report_form=OutcomeReportForm(),
            min_reports=MIN_REPORTS_FOR_MEDIAN,
            **workflow_seo(self.object),
            **kwargs,
        )


def calculator_defaults(workflow, summary, cost):
    """Start from the readers' median (else the creator's claim) and the tools' monthly total."""
    earnings = summary.median_earnings if summary.median_earnings is not None else workflow.monthly_earnings
    return {
        "earnings": earnings.quantize(Decimal("1")),
        "tool_costs": cost.total.quantize(Decimal("1")),
        "other_costs": 0,
        "hours": int(summary.median_hours) if summary.median_hours is not None else None,
    }


@method_decorator(never_cache, name="dispatch")
class CalculatorView(DetailView):
    """/workflows/<slug>/calculator/?earnings=…: a reader's own numbers set against the workflow's costs.

    Template directory/workflow_calculator.html; context: workflow, cost, calculator, result.
    """

    context_object_name = "workflow"
    template_name = "directory/workflow_calculator.html"
    http_method_names = ["get", "head"]

    def get_queryset(self):
        return Workflow.objects.published()

    def get_context_data(self, **kwargs):
        cost = self.object.running_cost()
        form = CalculatorForm(self.request.GET or None, initial=calculator_defaults(self.object, self.object.report_summary(), cost))
        result = None
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            costs = data["tool_costs"] + (data["other_costs"] or 0)
            result = {
                "net": net_per_month(earnings=data["earnings"], costs=costs),
                "per_hour": net_per_hour(earnings=data["earnings"], costs=costs, hours_per_week=data["hours"]),
                "costs": costs,
            }
        return super().get_context_data(cost=cost, calculator=form, result=result, **kwargs)

    def render_to_response(self, context, **kwargs):
        form = context["calculator"]
        status = 400 if form.is_bound and not form.is_valid() else 200
        return super().render_to_response(context, status=status, **kwargs)


REPORT_REFUSALS = {
    "ip": "We've had a lot of reports from your network in a short time. Please wait an hour and try again.",
    "email": "This address has sent several reports today. Please try again tomorrow.",
    "unavailable": "We can't check our sending limits right now, so we're not taking anything new for a few "
    "minutes. Please try again shortly.",
}


def limit_refusal(group, value, rate, which):
    """Count this request against a limit (fluxsite.ratelimit): None to go on, else a REPORT_REFUSALS key.

    The limits fail closed: if their store can't be reached, nothing is taken.
    """
    try:
        return which if ratelimit.hit(group, value, rate) else None
    except ratelimit.RateLimitUnavailable:
        return "unavailable"


def refusal(request, template, context, which):
    response = render(request, template, {**context, "message": REPORT_REFUSALS[which]}, status=503 if which == "unavailable" else 429)
    response["Retry-After"] = "300" if which == "unavailable" else "3600"
    return response
CSRF_RETRY_MESSAGE = "One more step: check your answers and press “Send my report” again."


@method_decorator([never_cache, csrf_exempt], name="dispatch")
class OutcomeReportView(View):
    """“I tried this” for one published workflow: GET shows the form, POST files an unconfirmed report.

    Exempt from the middleware because the form also sits on the cached workflow page with no
    token baked in (static/js/signup.js fetches one); the POST checks CSRF itself and, when the
    token is missing or stale, stores nothing and shows the answers again on this page, which
    carries a token. Template directory/reports/report_form.html; context: workflow, form, notice.
    """

    http_method_names = ["get", "post", "head"]
    template_name = "directory/reports/report_form.html"

    def dispatch(self, request, slug):
        self.workflow = get_object_or_404(Workflow.objects.published(), slug=slug)
        return super().dispatch(request, slug)

    def render_form(self, form, *, status=200, notice=""):
        context = {"workflow": self.workflow, "form": form, "notice": notice}
        return render(self.request, self.template_name, context, status=status)

    def refuse(self, which):
        heading = "Reports are paused for a moment" if which == "unavailable" else "Too many reports"
        return refusal(self.request, "directory/reports/refused.html", {"workflow": self.workflow, "heading": heading}, which)

    def get(self, request, slug):
        return self.render_form(OutcomeReportForm())

    def post(self, request, slug):
        if refused := limit_refusal("report-ip", client_ip(request), settings.DIRECTORY_REPORT_RATE_IP, "ip"):
            return self.refuse(refused)
        form = OutcomeReportForm(request.POST)
        if form.is_bot:
            logger.info("outcome report honeypot tripped from %s", client_ip(request))
            return render(request, "directory/reports/sent.html", {"workflow": self.workflow})
        if CsrfViewMiddleware(lambda req: None).process_view(request, None, (), {}) is not None:
            form.is_valid()  # show what was wrong too, if anything
            return self.render_form(form, notice=CSRF_RETRY_MESSAGE)
        if not form.is_valid():
            return self.render_form(form, status=400)
        email = form.cleaned_data["email"].lower()
        if refused := limit_refusal("report-email", email, settings.DIRECTORY_REPORT_RATE_EMAIL, "email"):
            return self.refuse(refused)
        services.report_submit(workflow=self.workflow, data=form.report_data())
        return render(request, "directory/reports/sent.html", {"workflow": self.workflow, "email": email})


@method_decorator(never_cache, name="dispatch")
class ToolSubmitView(View):
    """Suggest a tool: GET shows the form, POST stores an unconfirmed submission and emails its link.

    Template directory/submit/submit_form.html; context: form, existing (a listed tool it matches).
    """

    http_method_names = ["get", "post", "head"]
    template_name = "directory/submit/submit_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ToolSubmissionForm()})

    def post(self, request):
        if refused := limit_refusal("submit-ip", client_ip(request), settings.DIRECTORY_SUBMIT_RATE_IP, "ip"):
            return refusal(request, "directory/submit/refused.html", {"heading": "Suggestions are paused for a moment"} if refused == "unavailable" else {}, refused)
        form = ToolSubmissionForm(request.POST)
        if form.is_bot:
            return render(request, "directory/submit/sent.html", {})
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        data = form.submission_data()
        existing = services.tools_matching(name=data["name"], website_url=data["website_url"]).published().first()
        if existing:
            return render(request, self.template_name, {"form": form, "existing": existing}, status=400)
        email = data["email"].lower()
        if refused := limit_refusal("submit-email", email, settings.DIRECTORY_SUBMIT_RATE_EMAIL, "email"):
            return refusal(request, "directory/submit/refused.html", {"heading": "Suggestions are paused for a moment"} if refused == "unavailable" else {}, refused)
        services.tool_submission_submit(data=data)
        return render(request, "directory/submit/sent.html", {"email": email})


BAD_LINK_MESSAGES = {
    "expired": "This confirmation link has expired, so the report was not published. "
    "You're welcome to fill in the form again: we'll send a fresh link.",
    "invalid": "This link isn't valid. It may have been cut off or changed: copy the whole link from the email.",
    "unknown": "This link no longer matches a report. It may have been deleted.",
}


class ReportLinkView(SignedLinkView):
    """A page behind a link in a reporter's or submitter's mail (fluxsite.signed_links)."""

    def bad_link(self, request, error):
        context = {"message": BAD_LINK_MESSAGES[error.reason]}
        return render(request, "directory/reports/link_problem.html", context, status=400)


class SubmissionConfirmView(ReportLinkView):
    """Confirm a tool submission: the button sends it on to the duplicate check and the editors."""

    link = SUBMISSION_CONFIRM

    def get(self, request, token):
        return render(request, "directory/submit/confirm.html", {"submission": self.object, "token": token})

    def post(self, request, token):
        submission = services.tool_submission_confirm(submission=self.object)
        return render(request, "directory/submit/confirmed.html", {"submission": submission})


class ReportConfirmView(ReportLinkView):
    """Confirm an outcome report: the button, not opening the link, sends it to the editors."""

    link = REPORT_CONFIRM

    def get(self, request, token):
        return render(request, "directory/reports/confirm.html", {"report": self.object, "token": token})

    def post(self, request, token):
        report = services.report_confirm(report=self.object)
        return render(request, "directory/reports/confirmed.html", {"report": report})


class ReportWithdrawView(ReportLinkView):
    """Withdraw an outcome report: it stops counting at once."""

    link = REPORT_WITHDRAW

    def get(self, request, token):
        return render(request, "directory/reports/withdraw.html", {"report": self.object, "token": token})

    def post(self, request, token):
        report = services.report_withdraw(report=self.object)
        return render(request, "directory/reports/withdrawn.html", {"report": report})


@never_cache
@require_safe
def go(request, slug):
    """Count a reader's outbound click and 302 to the tool's affiliate URL, else its website.

    The target comes only from the database; unknown or unpublished tools are 404.
    """
    tool = Tool.objects.published().filter(slug=slug).only("id", "website_url", "affiliate_url").first()
    if tool is None:
        raise Http404("No such tool.")
    if services.request_is_countable(request):
        services.tool_click_record(tool=tool)
    response = HttpResponseRedirect(tool.affiliate_url or tool.website_url)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "origin"
    return response
