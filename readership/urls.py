from django.urls import path

from readership import views

app_name = "readership"
urlpatterns = [
    path("count/", views.count, name="count"),  # views.COUNT_PATH
]
