"""What every app's API module (``<app>/api.py``) shares: query parameters validated to a 400
(never a 500), a service's refusal in the person's words, and the token view.

Every queryset and every object of the API comes from the access helpers the pages use: the
API can never show what a page would not. Foreign, forbidden or malformed ids are 404, writes
go through the app's services.
"""

from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.throttling import AnonRateThrottle

from werkplekleren.errors import messages_of

MAX_ID = 2**63 - 1


# --- Query parameters: validated, a bad value is a 400 (never a 500) -----------------------


def int_param(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValidationError({name: "Geef een geheel getal."}) from None
    if not 1 <= value <= MAX_ID:
        raise ValidationError({name: "Onbekend id."})
    return value


def choice_param(request, name: str, choices) -> str | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    if raw not in choices:
        raise ValidationError({name: f"Kies uit: {', '.join(choices)}."})
    return raw


def date_param(request, name: str) -> date | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: "Geef een datum als JJJJ-MM-DD."}) from None


def int_filter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.INT, description=description)


def choice_filter(name: str, choices, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, enum=list(choices), description=description)


def service_errors(exc: Exception):
    """A service's refusal, in the person's words: 400 for invalid input, 403 for a refusal."""
    if isinstance(exc, DjangoPermissionDenied):
        return PermissionDenied(messages_of(exc) or None)
    return ValidationError({"detail": messages_of(exc)})


@contextmanager
def like_the_pages():
    """A service's refusal as the pages give it: not the user's to do is a 404 (nothing is
    revealed), a refused transition or input is a 400 with the Dutch reason."""
    try:
        yield
    except DjangoPermissionDenied as exc:
        raise NotFound from exc
    except DjangoValidationError as exc:
        raise ValidationError({"detail": messages_of(exc)}) from exc


# --- Token ---------------------------------------------------------------------------------


class AccessLookup:
    """A viewset mixin: an object by id only through its app's ``access_*`` helper (404 for
    anything forbidden, never a raw ``get(pk=…)`` on the URL), then from the viewset's own
    queryset so a detail is shaped like a list row. A list filter on a detail URL that the
    object does not meet (``/api/sessions/7/?state=gepland``) is a 404, as in DRF."""

    lookup_value_regex = r"\d+"
    access: Callable[..., Any]

    def get_object(self):
        found = self.access(self.request.user, self.kwargs["pk"])  # type: ignore[attr-defined]
        try:
            return self.get_queryset().get(pk=found.pk)  # type: ignore[attr-defined]
        except ObjectDoesNotExist as exc:
            raise NotFound from exc


class ObtainToken(ObtainAuthToken):
    """E-mail and password in, the account's API token out. Throttled like any anonymous
    request, so it is no way to guess passwords (DRF's own view is not throttled)."""

    throttle_classes = [AnonRateThrottle]
