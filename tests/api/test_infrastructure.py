"""Authentication, pagination, throttling, the OpenAPI schema and the docs page."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache.backends.locmem import LocMemCache
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from tests.factories import PASSWORD, UserFactory
from weekcyclus import services as weekcyclus_services


@pytest.mark.django_db
def test_token_from_email_and_password_then_token_auth(professional):
    client = APIClient()
    response = client.post(
        reverse("api:token"), {"username": professional.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/groups/").status_code == 200


@pytest.mark.django_db
def test_wrong_password_or_token_gets_nothing(professional):
    client = APIClient()
    bad = client.post(reverse("api:token"), {"username": professional.email, "password": "x"})
    assert bad.status_code == 400
    assert "token" not in bad.json()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get("/api/groups/").status_code == 401


@pytest.mark.django_db
def test_deactivated_person_token_stops_working(world, api):
    client = api(world.a.professional)
    world.a.professional.is_active = False
    world.a.professional.save()
    assert client.get("/api/groups/").status_code == 401


@pytest.mark.django_db
def test_session_auth_works_for_the_browser(professional, login):
    assert login(professional).get("/api/groups/").status_code == 200


@pytest.mark.django_db
def test_pagination_is_50_per_page(professional, api):
    for n in range(51):
        weekcyclus_services.groep_create(created_by=professional, name=f"Groep {n:02d}")
    client = api(professional)
    first = client.get("/api/groups/").json()
    assert first["count"] == 51
    assert len(first["results"]) == 50
    assert first["previous"] is None
    assert first["next"].endswith("/api/groups/?page=2")
    second = client.get("/api/groups/?page=2").json()
    assert [g["name"] for g in second["results"]] == ["Groep 50"]
    assert client.get("/api/groups/?page=3").status_code == 404


def test_throttling_is_configured():
    rest = settings.REST_FRAMEWORK
    assert "rest_framework.throttling.UserRateThrottle" in rest["DEFAULT_THROTTLE_CLASSES"]
    assert "rest_framework.throttling.AnonRateThrottle" in rest["DEFAULT_THROTTLE_CLASSES"]
    assert rest["DEFAULT_THROTTLE_RATES"]["user"] == "1000/hour"
    assert rest["DEFAULT_THROTTLE_RATES"]["anon"]


@pytest.mark.django_db
def test_too_many_requests_get_429(professional, api, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute"})
    # A cache of this test's own: the shared file cache may be cleared by another test run.
    monkeypatch.setattr(UserRateThrottle, "cache", LocMemCache("api-throttle-test", {}))
    client = api(professional)
    codes = [client.get("/api/groups/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


@pytest.mark.django_db
def test_schema_is_openapi_3(client):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Werkplekleren+ API"
    assert "/api/schema/" not in schema["paths"]
    for path in (
        "/api/groups/",
        "/api/weekcycli/{id}/",
        "/api/sessions/{id}/ideas/{idea_id}/vote/",
        "/api/proposals/",
        "/api/trajecten/",
        "/api/traject-outlines/{id}/",
        "/api/gesprekken/",
    ):
        assert path in schema["paths"], path
    outline = schema["components"]["schemas"]["TrajectOutline"]["properties"]
    assert not {"activiteiten", "reflectie", "talenten", "leerbehoeften"} & set(outline)
    assert "tokenAuth" in schema["components"]["securitySchemes"]


@pytest.mark.django_db
def test_docs_use_the_sidecar_assets_no_cdn(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assert not re.search(r"https?://", html)
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert assets
    # The page's own script comes from our origin as a file (CSP: no inline script).
    script = reverse("api:docs") + "?script="
    assert script in assets
    for asset in assets:
        if asset == script:
            continue
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
    assert "<script>" not in html  # no inline script
    js = client.get(script).content.decode()
    assert reverse("api:schema") in js and "cdn" not in js.lower()


@pytest.mark.django_db
def test_no_scope_no_data_for_a_person_without_organisation(api):
    user = UserFactory(organisation=None, roles=[])
    client = api(user)
    for endpoint in ("groups", "proposals", "traject-outlines", "gesprekken"):
        assert client.get(f"/api/{endpoint}/").json()["results"] == []


def test_traject_outline_list_queries_do_not_grow(org, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from tests.factories import ProfTrajectFactory, UserFactory
    from werkplekleren.models import Role

    lo = UserFactory(organisation=org, roles=[Role.LO])
    client = APIClient()
    client.force_authenticate(lo)
    ProfTrajectFactory(user=UserFactory(organisation=org), state="actief")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/traject-outlines/").status_code == 200
    for _ in range(8):
        ProfTrajectFactory(user=UserFactory(organisation=org), state="actief")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/api/traject-outlines/")
    assert response.json()["count"] == 9
