"""The REST API (Django REST framework), scoped by werkplekleren.access like the pages."""

from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from profcirkel.api import BankViewSet

from . import views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
# The API speaks JSON only. DRF's format-suffix routes (``/proposals/3/submit.json``) pass a
# ``format`` argument that custom actions and lists do not take (a 500); without them such a
# URL is simply not found.
router.include_format_suffixes = False
router.register("groups", views.GroepViewSet, basename="groep")
router.register("weekcycli", views.WeekcyclusViewSet, basename="weekcyclus")
router.register("sessions", views.SessieViewSet, basename="sessie")
router.register("proposals", views.VoorstelViewSet, basename="voorstel")
router.register("trajecten", views.OwnTrajectViewSet, basename="traject")
router.register("activities", views.ActiviteitViewSet, basename="activiteit")
router.register("traject-outlines", views.TrajectOutlineViewSet, basename="traject-outline")
router.register("gesprekken", views.GesprekViewSet, basename="gesprek")
# App-owned API modules register here.
router.register("bank", BankViewSet, basename="bank")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file: it runs under our CSP (no inline script).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    # An integration exchanges a service account's e-mail and password for its token.
    path("auth/token/", views.ObtainToken.as_view(), name="token"),
    *router.urls,
]
