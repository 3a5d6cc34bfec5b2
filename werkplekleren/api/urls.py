"""The REST API (Django REST framework), scoped by the access helpers like the pages.

Project wiring: the router knows each app's ``api.py`` (the one module of the core allowed
to, see the import-linter contract in pyproject.toml)."""

from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from profcirkel import api as profcirkel_api
from trajecten import api as trajecten_api
from weekcyclus import api as weekcyclus_api

from . import views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
# The API speaks JSON only. DRF's format-suffix routes (``/proposals/3/submit.json``) pass a
# ``format`` argument that custom actions and lists do not take (a 500); without them such a
# URL is simply not found.
router.include_format_suffixes = False
router.register("groups", weekcyclus_api.GroepViewSet, basename="groep")
router.register("weekcycli", weekcyclus_api.WeekcyclusViewSet, basename="weekcyclus")
router.register("sessions", weekcyclus_api.SessieViewSet, basename="sessie")
router.register("proposals", profcirkel_api.VoorstelViewSet, basename="voorstel")
router.register("trajecten", trajecten_api.OwnTrajectViewSet, basename="traject")
router.register("activities", trajecten_api.ActiviteitViewSet, basename="activiteit")
router.register("traject-outlines", trajecten_api.TrajectOutlineViewSet, basename="traject-outline")
router.register("gesprekken", profcirkel_api.GesprekViewSet, basename="gesprek")
router.register("bank", profcirkel_api.BankViewSet, basename="bank")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file: it runs under our CSP (no inline script).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    # An integration exchanges a service account's e-mail and password for its token.
    path("auth/token/", views.ObtainToken.as_view(), name="token"),
    *router.urls,
]
