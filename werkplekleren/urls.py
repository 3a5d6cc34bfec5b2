from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("teams/", views.team_list, name="team_list"),
    path("teams/<int:team_id>/", views.team_detail, name="team_detail"),
    path("mensen/<int:person_id>/", views.person_detail, name="person_detail"),
    path("organisatie/instellingen/", views.organisation_settings, name="organisation_settings"),
    path("mijn-gegevens/", views.my_data, name="my_data"),
    path("mijn-gegevens/download/", views.my_data_download, name="my_data_download"),
    path("kader/", include("didactiek.urls")),
    path("", include("weekcyclus.urls")),
    path("traject/", include("trajecten.urls")),
    path("", include("profcirkel.urls")),
    path("lo/", include("trajecten.lo_urls")),
    path("organisatie/beheer/", include("werkplekleren.beheer_urls")),
    path("api/", include("werkplekleren.api.urls")),
    path("beheer/", admin.site.urls),
]
