"""Readership in the admin: the dashboard (charts of the daily totals) and its CSV export, for Editors."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path

from readership import dashboard
from readership.models import DailyPageView


@admin.register(DailyPageView)
class ReadershipAdmin(admin.ModelAdmin):
    """The page-view table's admin page is the dashboard; no row is added or edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [path("export.csv", self.admin_site.admin_view(self.export_view), name="readership_export"),
                *super().get_urls()]

    def _range(self, request):
        """(start, end, form): the asked days, or the last 30 with the form's errors to show."""
        form = dashboard.RangeForm(request.GET)
        if form.is_valid():
            return form.cleaned_data["start"], form.cleaned_data["end"], form
        return (*dashboard.default_range(), form)

    def changelist_view(self, request, extra_context=None):
        """Charts of views per day, top articles and pages, referrers, /go/ clicks and sign-ups per page.

        GET ?start=&end= (YYYY-MM-DD, default the last 30 days). Template
        admin/readership/dashboard.html; a bad range shows the default one with a message (400).
        """
        if not self.has_view_permission(request):
            raise PermissionDenied
        start, end, form = self._range(request)
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{error} Showing the last {dashboard.DEFAULT_DAYS} days.")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Readership",
            "form": form,
            **dashboard.build(start, end),
        }
        return TemplateResponse(request, "admin/readership/dashboard.html", context, status=400 if form.errors else 200)

    def export_view(self, request):
        """GET ?start=&end=: every daily row of the range as CSV (measure, day, page_or_source, kind, count)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = dashboard.RangeForm(request.GET)
        if not form.is_valid():
            problems = " ".join(error for errors in form.errors.values() for error in errors)
            return HttpResponse(f"{problems}\n", status=400, content_type="text/plain; charset=utf-8")
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="flux-readership-{start}-to-{end}.csv"'
        dashboard.write_csv(response, start, end)
        return response
