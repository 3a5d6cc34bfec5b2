from django.urls import path

from . import views

app_name = "weekcyclus"
urlpatterns = [
    path("<int:groep_id>/", views.groep_detail, name="groep_detail"),
]
