"""Logging in with a password: the e-mail backend and the lock-out after failed attempts.

django-axes counts failures per account and per address (``AXES_LOCKOUT_PARAMETERS``); after
``AXES_FAILURE_LIMIT`` failures the login page refuses even the right password until the
cool-off has passed or an organisation admin unlocks the account (``auth_unlock``).
"""

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import User


class EmailBackend(ModelBackend):
    """Django's backend (e-mail is the USERNAME_FIELD), loading the organisation with the user.

    Every page shows the organisation in its header; one join saves a query per request.
    """

    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("organisation").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def authenticate(self, request, username=None, password=None, **kwargs):
        # Addresses are stored in lower case; people type them any way they like.
        if username is not None:
            username = username.strip().lower()
        return super().authenticate(request, username=username, password=password, **kwargs)


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, first in line. A call without a request (a management command,
    the test client's ``login``) is no login form anyone can hammer: it is let through."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def axes_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """Count failures per address as stored: "Ann@X.nl " and "ann@x.nl" are one account."""
    value = (credentials or {}).get("username") or request.POST.get("username")
    # axes stores it in a 255-character column: longer input is no address anyway.
    return value.strip().lower()[:254] if value else value


def client_ip(request: HttpRequest) -> str | None:
    header = settings.AXES_CLIENT_IP_HEADER
    if header and request.META.get(header):
        # Our proxy appends the address it saw; anything before it the client may have typed.
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


def lockout_message() -> str:
    minutes = round(float(settings.AXES_COOLOFF_TIME or 0) * 60)
    return _(
        "Te veel mislukte pogingen om in te loggen. Uit voorzorg is inloggen %(minutes)s "
        "minuten geblokkeerd, ook met het juiste wachtwoord. Wachtwoord vergeten? Vraag "
        "via de link hieronder een nieuw wachtwoord aan, of vraag je organisatiebeheerder "
        "om je account te ontgrendelen."
    ) % {"minutes": minutes}


def lockout_response(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """The login page again, with what was typed and a Dutch explanation (status 429)."""
    # Unbound: binding would validate, i.e. try to log in again.
    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    return render(
        request,
        "registration/login.html",
        {"form": form, "lockout": lockout_message(), "next": request.POST.get("next", "")},
        status=429,
    )


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule with a message in Dutch first (Django's Dutch catalogue lacks it)."""

    def get_error_message(self) -> str:
        return ngettext(
            "Dit wachtwoord is te kort: gebruik minstens %(n)d teken.",
            "Dit wachtwoord is te kort: gebruik minstens %(n)d tekens.",
            self.min_length,
        ) % {"n": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Je wachtwoord moet minstens %(n)d teken lang zijn.",
            "Je wachtwoord moet minstens %(n)d tekens lang zijn.",
            self.min_length,
        ) % {"n": self.min_length}


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with a separate, higher limit per address.

    axes compares one number with ``AXES_FAILURE_LIMIT``: the largest failure count among
    its lockout parameters (``["username", "ip_address"]``, in that order). A whole office
    behind one NAT address must not be locked out by ten typos of ten colleagues, so the
    address's count is scaled: it reaches the limit at ``AXES_ADDRESS_FAILURE_LIMIT``."""

    def get_failures(self, request, credentials=None) -> int:
        counts = [
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        per_account, per_address = (counts + [0, 0])[:2]
        limit = settings.AXES_FAILURE_LIMIT
        return max(per_account, per_address * limit // max(settings.AXES_ADDRESS_FAILURE_LIMIT, 1))
