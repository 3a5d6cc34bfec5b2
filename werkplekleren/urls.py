from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import account_views, beheer_access_views, beheer_views, home, sso, views

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_reset/", account_views.password_reset, name="password_reset"),
    path(
        "accounts/password_reset/done/",
        account_views.password_reset_done,
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        account_views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        account_views.password_reset_complete,
        name="password_reset_complete",
    ),
    path("accounts/password_change/", account_views.password_change, name="password_change"),
    path(
        "accounts/password_change/done/",
        account_views.password_change_done,
        name="password_change_done",
    ),
    path("accounts/sso/zoek/", sso.sso_lookup, name="sso_lookup"),
    path("accounts/sso/<int:provider_id>/start/", sso.sso_start, name="sso_start"),
    path("accounts/sso/callback/", sso.sso_callback, name="sso_callback"),
    path("uitnodiging/<str:token>/", account_views.invitation_accept, name="invitation_accept"),
    path("welkom/", account_views.welcome, name="welcome"),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path(
        "platform/organisaties/",
        beheer_access_views.platform_organisations,
        name="platform_organisations",
    ),
    path("teams/", views.team_list, name="team_list"),
    path("teams/<int:team_id>/", home.team_detail, name="team_detail"),
    path("mensen/<int:person_id>/", views.person_detail, name="person_detail"),
    path(
        "organisatie/instellingen/",
        beheer_views.organisation_settings,
        name="organisation_settings",
    ),
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
