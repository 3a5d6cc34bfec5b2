"""Single sign-on against a real OpenID Connect provider on a local port
(tests/oidc_provider.py): discovery, authorize, token exchange with PKCE and the client
secret, an RS256 id_token checked against the provider's JWKS."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import OrganisationFactory, UserFactory
from werkplekleren import services, sso
from werkplekleren.models import Role, SsoProvider


@pytest.fixture
def provider(org, oidc_provider):
    admin = UserFactory(organisation=org, roles=[Role.ADMIN])
    return services.sso_provider_save(
        organisation=org,
        by=admin,
        name="Microsoft",
        issuer=oidc_provider.issuer,
        client_id=oidc_provider.client_id,
        client_secret=oidc_provider.client_secret,
        allowed_domains="zorggroep.nl, @Zorggroep.com",
        enabled=True,
    )


@pytest.fixture
def anna(org):
    return UserFactory(organisation=org, email="anna@zorggroep.nl", name="Anna Bos")


def sign_in(client, provider, email, *, hint=""):
    """Start at our site, sign in at the provider's page, come back to our callback."""
    start = client.get(reverse("sso_start", args=[provider.pk]) + f"?email={hint or email}")
    assert start.status_code == 302
    authorize = urlsplit(start.url)
    params = {k: v[0] for k, v in parse_qs(authorize.query).items()}
    assert params["login_hint"] == (hint or email)
    assert params["code_challenge_method"] == "S256" and params["nonce"]
    page = requests.get(start.url, timeout=5)
    assert "Aanmelden bij de testprovider" in page.text
    answer = requests.post(
        f"{authorize.scheme}://{authorize.netloc}/authorize",
        data={**params, "email": email},
        allow_redirects=False,
        timeout=5,
    )
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert back.path == reverse("sso_callback")
    return client.get(f"{back.path}?{back.query}")


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_configuration_is_discovered_and_the_secret_encrypted(provider, oidc_provider):
    provider.refresh_from_db()
    assert provider.token_endpoint == f"{oidc_provider.issuer}/token"
    assert provider.jwks_uri == f"{oidc_provider.issuer}/jwks"
    assert provider.domains == ["zorggroep.nl", "zorggroep.com"]
    assert oidc_provider.client_secret not in provider.client_secret_encrypted
    assert sso.client_secret(provider) == oidc_provider.client_secret


def test_the_secret_may_come_from_the_environment(provider, monkeypatch):
    monkeypatch.setenv("OIDC_CLIENT_SECRET_ORG_A", "uit-de-omgeving")
    assert sso.client_secret(provider) == "uit-de-omgeving"


def test_an_active_person_signs_in_and_lands_home(client, provider, anna, oidc_provider):
    response = sign_in(client, provider, "Anna@Zorggroep.nl")
    assert response.status_code == 302 and response.url == reverse("home")
    assert int(client.session[SESSION_KEY]) == anna.pk
    (exchange,) = oidc_provider.token_requests
    assert exchange["code_verifier"] and exchange["client_secret"] == oidc_provider.client_secret


def test_an_unknown_address_is_refused_with_a_clear_message(client, provider):
    response = sign_in(client, provider, "onbekend@zorggroep.nl")
    assert response.status_code == 302 and response.url == reverse("login")
    assert SESSION_KEY not in client.session
    (message,) = messages_of(response)
    assert "Er is geen actief account met het e-mailadres onbekend@zorggroep.nl" in message


def test_no_one_gets_in_who_is_deactivated_or_of_another_organisation(
    client, provider, anna, other_org
):
    anna.is_active = False
    anna.save()
    assert sign_in(client, provider, "anna@zorggroep.nl").url == reverse("login")
    UserFactory(organisation=other_org, email="piet@zorggroep.nl")
    assert sign_in(client, provider, "piet@zorggroep.nl").url == reverse("login")
    # A provider that vouches for an address outside the allowed domains is not believed.
    UserFactory(organisation=provider.organisation, email="kees@elders.nl")
    response = sign_in(client, provider, "kees@elders.nl")
    assert response.url == reverse("login") and SESSION_KEY not in client.session


def test_a_token_signed_with_another_key_is_refused(client, provider, anna, oidc_provider):
    oidc_provider.sign_with_other_key = True
    response = sign_in(client, provider, "anna@zorggroep.nl")
    assert response.url == reverse("login") and SESSION_KEY not in client.session
    assert "niet gelukt" in messages_of(response)[0]


def test_a_token_from_another_issuer_is_refused(client, provider, anna, oidc_provider):
    oidc_provider.issuer_override = "https://elders.example"
    response = sign_in(client, provider, "anna@zorggroep.nl")
    assert response.url == reverse("login") and SESSION_KEY not in client.session


def test_a_replayed_callback_does_not_log_in(client, provider, anna):
    sign_in(client, provider, "anna@zorggroep.nl")
    client.logout()
    response = client.get(reverse("sso_callback") + "?code=x&state=y")
    assert response.status_code == 302 and SESSION_KEY not in client.session


def test_the_login_page_offers_the_button_for_the_domain(client, provider):
    page = client.get(reverse("sso_lookup"), {"username": "iemand@ZORGGROEP.com"})
    assert "Inloggen met Microsoft" in page.content.decode()
    assert "iemand%40ZORGGROEP.com" in page.content.decode()
    none = client.get(reverse("sso_lookup"), {"username": "iemand@elders.nl"})
    assert "Inloggen met" not in none.content.decode()
    assert client.get(reverse("sso_lookup"), {"username": "x" * 5000}).status_code == 200
    provider.enabled = False
    provider.save()
    assert (
        "Inloggen met"
        not in client.get(
            reverse("sso_lookup"), {"username": "iemand@zorggroep.nl"}
        ).content.decode()
    )
    assert client.get(reverse("sso_start", args=[provider.pk])).status_code == 404


def test_the_admin_page_saves_and_explains_mistakes(client, org, oidc_provider):
    admin = UserFactory(organisation=org, roles=[Role.ADMIN])
    client.force_login(admin)
    page = client.get(reverse("beheer:sso")).content.decode()
    assert reverse("sso_callback") in page
    data = {
        "name": "Microsoft",
        "issuer": oidc_provider.issuer + "/verkeerd",
        "client_id": oidc_provider.client_id,
        "client_secret": "geheim",
        "allowed_domains": "zorggroep.nl",
        "enabled": "on",
    }
    wrong = client.post(reverse("beheer:sso"), data).content.decode()
    assert "Kon de configuratie van de provider niet ophalen" in wrong
    assert "zorggroep.nl" in wrong and "geheim" not in wrong  # the secret is never echoed
    assert not SsoProvider.objects.exists()
    data["issuer"] = oidc_provider.issuer
    assert client.post(reverse("beheer:sso"), data).status_code == 302
    saved = SsoProvider.objects.get()
    assert saved.organisation == org and sso.client_secret(saved) == "geheim"
    # Saving again without a secret keeps the stored one.
    data["client_secret"] = ""
    client.post(reverse("beheer:sso"), data)
    assert sso.client_secret(SsoProvider.objects.get()) == "geheim"


def test_a_domain_belongs_to_one_organisation(provider, oidc_provider):
    other = OrganisationFactory(slug="anders")
    admin = UserFactory(organisation=other, roles=[Role.ADMIN])
    with pytest.raises(ValidationError, match="zorggroep.nl"):
        services.sso_provider_save(
            organisation=other,
            by=admin,
            name="X",
            issuer=oidc_provider.issuer,
            client_id="x",
            client_secret="y",
            allowed_domains="zorggroep.nl",
            enabled=True,
        )


def test_only_admins_reach_the_sso_page(client, professional):
    client.force_login(professional)
    assert client.get(reverse("beheer:sso")).status_code == 404


def test_https_is_required_outside_development(settings):
    settings.OIDC_ALLOW_HTTP_ISSUER = False
    with pytest.raises(ValidationError, match="https"):
        sso.discover("http://127.0.0.1:1")
    assert re.match(r"^OIDC_CLIENT_SECRET_ZORGGROEP_NOORD$", sso.env_name("zorggroep-noord"))


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/sso/zoek/?username=a%00@zorggroep.nl",
        "/accounts/sso/zoek/?username=%F0%9F%98%80@%00",
        "/accounts/sso/callback/?error=access_denied&state=x",
        "/accounts/sso/callback/?code=%00&state=%00",
        "/accounts/sso/99999999999999999999/start/",
        "/uitnodiging/%00/",
        "/uitnodiging/" + "x" * 500 + "/",
        "/accounts/reset/%00/%00/",
    ],
)
def test_odd_input_never_breaks(client, provider, url):
    assert client.get(url).status_code in (200, 302, 404)
