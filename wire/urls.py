from django.urls import path

from wire import views

app_name = "wire"

urlpatterns = [
    path("wire/", views.WirePageView.as_view(), name="page"),
    path("markets/", views.MarketsView.as_view(), name="markets"),
    path("api/wire/", views.wire_api, name="api"),
    path("api/wire/items/", views.api_items_create, name="api-items"),
    path("api/wire/quotes/", views.api_quotes_upsert, name="api-quotes"),
]
