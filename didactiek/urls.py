from django.urls import path

from . import views

app_name = "didactiek"
urlpatterns = [
    path("", views.kader, name="kader"),
]
