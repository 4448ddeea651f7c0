from django.urls import path

from articles import wire_views

app_name = "wire"

urlpatterns = [
    path("wire/", wire_views.WirePageView.as_view(), name="page"),
    path("markets/", wire_views.MarketsView.as_view(), name="markets"),
    path("api/wire/", wire_views.wire_api, name="api"),
    path("api/wire/items/", wire_views.api_items_create, name="api-items"),
    path("api/wire/quotes/", wire_views.api_quotes_upsert, name="api-quotes"),
]
