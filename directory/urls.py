from django.urls import path

from directory import feeds, views

app_name = "directory"

urlpatterns = [
    path("tools/", views.ToolListView.as_view(), name="tools"),
    path("tools/compare/", views.CompareView.as_view(), name="compare"),
    path("tools/changes/", views.ToolChangeListView.as_view(), name="changes"),
    path("tools/submit/", views.ToolSubmitView.as_view(), name="submit"),
    path("tools/submit/confirm/<str:token>/", views.SubmissionConfirmView.as_view(), name="submit_confirm"),
    path("tools/changes/feed/", feeds.ToolChangesFeed(), name="changes_feed"),
    path("tools/<slug:slug>/changes/feed/", feeds.ToolHistoryFeed(), name="tool_changes_feed"),
    path("tools/categories/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("tools/<slug:slug>/", views.ToolDetailView.as_view(), name="tool"),
    path("go/<slug:slug>/", views.go, name="go"),
    path("workflows/", views.WorkflowListView.as_view(), name="workflows"),
    path("workflows/<slug:slug>/", views.WorkflowDetailView.as_view(), name="workflow"),
    path("workflows/<slug:slug>/report/", views.OutcomeReportView.as_view(), name="report"),
    path("workflows/<slug:slug>/calculator/", views.CalculatorView.as_view(), name="calculator"),
    path("reports/confirm/<str:token>/", views.ReportConfirmView.as_view(), name="report_confirm"),
    path("reports/withdraw/<str:token>/", views.ReportWithdrawView.as_view(), name="report_withdraw"),
    path("feeds/workflows/", feeds.WorkflowFeed(), name="workflows_feed"),
]
