"""The proposal bank in the API: the same fields as the pages, the organisation's only, names
only when the group chose so; following through the API."""

from rest_framework.test import APIClient

from profcirkel.models import VoorstelVolger
from tests.factories import UserFactory
from tests.profcirkel.test_bank import bank_world, submit  # noqa: F401 (fixture)
from werkplekleren.models import Role


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_bank_in_the_api(bank_world, django_assert_max_num_queries):  # noqa: F811
    w = bank_world
    submit(w)
    client = _client(w.reader)
    with django_assert_max_num_queries(12):
        response = client.get("/api/bank/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1 and data["pages"] == 1
    item = data["results"][0]
    assert item["titel"] == "Vaste overdracht"
    assert "gaat informatie verloren" in item["probleemstelling"]
    assert item["groep"] is None and item["namen"] == []
    text = response.content.decode()
    assert "Geheime analysenotitie" not in text and "Geheim antwoord" not in text
    assert all(m.name not in text for m in w.members)
    detail = client.get(f"/api/bank/{w.voorstel.pk}/").json()
    assert detail["id"] == w.voorstel.pk and detail["followed"] is False
    followed = client.post(f"/api/bank/{w.voorstel.pk}/follow/", {"follow": True}, format="json")
    assert followed.status_code == 200 and followed.json()["followed"] is True
    assert VoorstelVolger.objects.filter(voorstel=w.voorstel, user=w.reader).exists()
    client.post(f"/api/bank/{w.voorstel.pk}/follow/", {"follow": False}, format="json")
    assert not VoorstelVolger.objects.filter(voorstel=w.voorstel, user=w.reader).exists()
    # Filters and nonsense input.
    assert client.get("/api/bank/", {"q": "rooster"}).json()["count"] == 0
    assert client.get("/api/bank/", {"q": "overdrachten"}).json()["count"] == 1
    for params in ({"vraag": "x"}, {"team": "9" * 30}, {"page": "-3"}, {"status": "??"}):
        assert client.get("/api/bank/", params).status_code == 200


def test_the_api_bank_is_the_organisations_only(bank_world, other_org):  # noqa: F811
    w = bank_world
    submit(w)
    stranger = _client(UserFactory(organisation=other_org))
    assert stranger.get("/api/bank/").json()["count"] == 0
    assert stranger.get(f"/api/bank/{w.voorstel.pk}/").status_code == 404
    admin = _client(UserFactory(organisation=w.org, roles=[Role.ADMIN]))
    assert admin.get("/api/bank/").status_code == 404
    assert admin.post(f"/api/bank/{w.voorstel.pk}/follow/").status_code == 404
    assert APIClient().get("/api/bank/").status_code in (401, 403)
