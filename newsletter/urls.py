from django.urls import path

from newsletter import views
from newsletter.feeds import EditionFeed

app_name = "newsletter"

urlpatterns = [
    path("newsletter/", views.SignupView.as_view(), name="landing"),
    path("newsletter/thanks/", views.ThanksView.as_view(), name="thanks"),
    path("newsletter/csrf/", views.csrf_token, name="csrf"),
    path("newsletter/confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("newsletter/unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("newsletter/data/<str:token>/", views.DataExportView.as_view(), name="data_export"),
    path("newsletter/data/<str:token>/delete/", views.DataDeleteView.as_view(), name="data_delete"),
    path("newsletter/data/<str:token>/preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("newsletter/click/<str:token>/", views.click, name="click"),
    path("newsletter/events/", views.events_webhook, name="events_webhook"),
    path("newsletter/events/postmark/", views.postmark_webhook, name="postmark_webhook"),
    path("newsletter/archive/", views.EditionArchiveView.as_view(), name="archive"),
    path("newsletter/archive/<slug:slug>/", views.EditionDetailView.as_view(), name="archive_detail"),
    path("feeds/newsletter/", EditionFeed(), name="feed"),
]
