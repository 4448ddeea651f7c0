from django.urls import path

from pages import views

app_name = "pages"

# Included last in the root URLconf: a page's slug can't shadow another app's address.
urlpatterns = [
    path("<slug:slug>/", views.SitePageView.as_view(), name="detail"),
]
