"""Single sign-on with OpenID Connect, configured per organisation (``SsoProvider``).

Built on mozilla-django-oidc: its views run the authorization-code flow (state, nonce and
PKCE in the session) and its backend exchanges the code and checks the id_token's RS256
signature against the provider's JWKS. What we add:

- the provider comes from the database, chosen by the e-mail domain typed on the login page
  (``provider_for_email``); its endpoints from the issuer's discovery document;
- the id_token's issuer and audience are checked;
- nobody is created: the verified e-mail must belong to an active person of the provider's
  organisation, with a domain the organisation allows (``OrganisationOIDCBackend``);
- the client secret is stored encrypted (Fernet, key derived from ``SSO_ENCRYPTION_KEY`` or
  ``SECRET_KEY``) or read from ``OIDC_CLIENT_SECRET_<SLUG>`` in the environment.
"""

import base64
import hashlib
import logging
import os
import re

import requests
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .models import SsoProvider, User

logger = logging.getLogger(__name__)
SESSION_PROVIDER = "sso_provider_id"
SESSION_FAILURE = "sso_failure"


# --- The client secret ----------------------------------------------------------------------


def _fernet() -> Fernet:
    secret = os.environ.get("SSO_ENCRYPTION_KEY") or settings.SECRET_KEY
    key = hashlib.sha256(f"werkplekleren-sso:{secret}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode() if secret else ""


def env_name(slug: str) -> str:
    """OIDC_CLIENT_SECRET_ZORGGROEP_NOORD for the organisation "zorggroep-noord"."""
    return "OIDC_CLIENT_SECRET_" + slug.upper().replace("-", "_")


def client_secret(provider: SsoProvider) -> str:
    from_env = os.environ.get(env_name(provider.organisation.slug))
    if from_env:
        return from_env
    if not provider.client_secret_encrypted:
        return ""
    try:
        return _fernet().decrypt(provider.client_secret_encrypted.encode()).decode()
    except InvalidToken:
        logger.error("SSO secret of organisation %s cannot be decrypted", provider.organisation_id)
        return ""


# --- Discovery and lookup -------------------------------------------------------------------


def discover(issuer: str) -> dict:
    """The provider's endpoints from ``<issuer>/.well-known/openid-configuration``."""
    issuer = issuer.rstrip("/")
    if not issuer.startswith("https://") and not settings.OIDC_ALLOW_HTTP_ISSUER:
        raise ValidationError({"issuer": _("De issuer moet met https:// beginnen.")})
    try:
        response = requests.get(
            f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
        )
        response.raise_for_status()
        config = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ValidationError(
            {
                "issuer": _(
                    "Kon de configuratie van de provider niet ophalen van %(url)s. Klopt de issuer?"
                )
                % {"url": f"{issuer}/.well-known/openid-configuration"}
            }
        ) from exc
    needed = ("authorization_endpoint", "token_endpoint", "jwks_uri")
    if not isinstance(config, dict) or any(not config.get(k) for k in needed):
        raise ValidationError(
            {"issuer": _("De provider publiceert geen volledige OpenID Connect-configuratie.")}
        )
    if str(config.get("issuer", "")).rstrip("/") != issuer:
        raise ValidationError(
            {
                "issuer": _("De provider noemt een andere issuer: %(other)s")
                % {"other": config.get("issuer", "")}
            }
        )
    return config


DOMAIN_RE = re.compile(r"^[a-z0-9.-]{1,253}$")


def domain_of(email: str) -> str:
    """The domain of an address, or "" for anything that is not one (typed input)."""
    domain = email.strip().lower().rsplit("@", 1)[-1] if "@" in email else ""
    return domain if DOMAIN_RE.match(domain) else ""


def provider_for_email(email: str) -> SsoProvider | None:
    domain = domain_of(email)
    if not domain:
        return None
    candidates = SsoProvider.objects.filter(
        enabled=True, allowed_domains__icontains=domain
    ).select_related("organisation")
    return next((p for p in candidates if domain in p.domains), None)


def _provider_from_session(request: HttpRequest) -> SsoProvider | None:
    provider_id = request.session.get(SESSION_PROVIDER)
    if not isinstance(provider_id, int):
        return None
    return (
        SsoProvider.objects.filter(pk=provider_id, enabled=True)
        .select_related("organisation")
        .first()
    )


# --- The backend ----------------------------------------------------------------------------


class OrganisationOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with the provider taken from the session."""

    def __init__(self, *args, **kwargs):
        # The library reads one provider from settings here; ours comes per request.
        self.UserModel = User
        self.OIDC_RP_SIGN_ALGO = "RS256"
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.provider = None

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs:
            return None  # not a single sign-on callback
        provider = _provider_from_session(request)
        if provider is None:
            return None
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = provider.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = provider.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = provider.jwks_uri
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = client_secret(provider)
        try:
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, SuspiciousOperation, ValueError) as exc:
            logger.warning("Single sign-on failed for provider %s: %s", provider.pk, exc)
            request.session[SESSION_FAILURE] = "provider"
            return None

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        issuer = self.provider.issuer.rstrip("/")
        if str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("id_token from another issuer")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.provider.client_id not in audiences:
            raise SuspiciousOperation("id_token for another client")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        # The id_token's claims are verified; the userinfo endpoint (optional for Entra ID)
        # only fills in what the token lacks.
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT and not claims.get("email"):
            claims.update(super().get_userinfo(access_token, id_token, payload))
        if not claims.get("email") and claims.get("preferred_username"):
            claims["email"] = claims["preferred_username"]  # Entra ID: the UPN
        return claims

    def verify_claims(self, claims):
        return bool(claims.get("email"))

    def filter_users_by_claims(self, claims):
        email = str(claims.get("email", "")).strip().lower()
        if domain_of(email) not in self.provider.domains:
            self.request.session[SESSION_FAILURE] = "unknown"
            self.request.session["sso_email"] = email[:254]
            return User.objects.none()
        users = User.objects.filter(
            email=email, organisation_id=self.provider.organisation_id, is_active=True
        )
        if not users.exists():
            self.request.session[SESSION_FAILURE] = "unknown"
            self.request.session["sso_email"] = email[:254]
        return users

    def get_settings(self, attr, *args):
        return getattr(settings, attr, *args) if args else getattr(settings, attr)


# --- The views ------------------------------------------------------------------------------


class _Start(OIDCAuthenticationRequestView):
    def __init__(self, *args, **kwargs):  # the library reads one provider from settings
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request, provider_id):
        provider = (
            SsoProvider.objects.filter(pk=provider_id, enabled=True)
            .exclude(authorization_endpoint="")
            .first()
        )
        if provider is None:
            raise Http404
        self.OIDC_OP_AUTH_ENDPOINT = provider.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = provider.client_id
        request.session[SESSION_PROVIDER] = provider.pk
        request.session.pop(SESSION_FAILURE, None)
        self._login_hint = request.GET.get("email", "")[:254]
        return super().get(request)

    def get_extra_params(self, request):
        return {"login_hint": self._login_hint} if self._login_hint else {}


class _Callback(OIDCAuthenticationCallbackView):
    def login_failure(self):
        reason = self.request.session.pop(SESSION_FAILURE, "")
        email = self.request.session.pop("sso_email", "")
        if reason == "unknown":
            messages.error(
                self.request,
                _(
                    "Er is geen actief account met het e-mailadres %(email)s. Vraag de "
                    "organisatiebeheerder van je organisatie om je toe te voegen."
                )
                % {"email": email or "?"},
            )
        else:
            messages.error(
                self.request,
                _(
                    "Inloggen via single sign-on is niet gelukt. Probeer het opnieuw of log in "
                    "met je wachtwoord."
                ),
            )
        return redirect("login")

    def get(self, request):
        try:
            return super().get(request)
        except SuspiciousOperation:
            return self.login_failure()


sso_start = _Start.as_view()
sso_callback = _Callback.as_view()


def sso_lookup(request: HttpRequest) -> HttpResponse:
    """htmx from the login page: the "Inloggen met …" button for the typed address."""
    email = request.GET.get("username", "")[:254]
    provider = provider_for_email(email)
    return render(request, "registration/_sso_button.html", {"provider": provider, "email": email})


def callback_url(request: HttpRequest) -> str:
    """The redirect URI to register at the provider."""
    from django.urls import reverse

    return request.build_absolute_uri(reverse("sso_callback"))
