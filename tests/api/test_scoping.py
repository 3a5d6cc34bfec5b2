"""Per endpoint and role: the API shows exactly what the pages would, and a forbidden or
foreign object is a 404 (asserted on the JSON, not only on status codes)."""

import json

import pytest

from tests.api.conftest import (
    PRIVATE_OF_LEIDINGGEVENDE,
    PRIVATE_OF_PROFESSIONAL,
    SECRETS,
    SHARED_POINT,
)

ROLES = ["professional", "member", "non_member", "leidinggevende", "lo", "admin", "foreign"]


def _viewer(world, who):
    if who == "foreign":  # a professional with everything in another organisation
        return world.b.professional
    return getattr(world.a, who)


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# endpoint, the object of organisation A it serves, the roles that may see that object
ENDPOINTS = [
    ("groups", "groep", {"professional", "member"}),
    ("weekcycli", "cyclus", {"professional", "member"}),
    ("sessions", "sessie", {"professional", "member"}),
    ("proposals", "voorstel", {"professional", "member", "lo"}),
    ("trajecten", "traject", {"professional"}),
    ("traject-outlines", "traject", {"professional", "leidinggevende", "lo"}),
    ("gesprekken", "gesprek", {"professional", "leidinggevende"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(("endpoint", "attr", "allowed"), ENDPOINTS)
def test_list_and_detail_are_scoped_like_the_pages(world, api, who, endpoint, attr, allowed):
    client = api(_viewer(world, who))
    obj = getattr(world.a, attr)
    foreign = getattr(world.b, attr)
    listed = _ids(client.get(f"/api/{endpoint}/"))
    detail = client.get(f"/api/{endpoint}/{obj.pk}/")
    if who in allowed:
        assert obj.pk in listed
        assert detail.status_code == 200
        assert detail.json()["id"] == obj.pk
    else:
        assert obj.pk not in listed
        assert detail.status_code == 404
    # Never another organisation's object, in any role.
    if who != "foreign":
        assert foreign.pk not in listed
        assert client.get(f"/api/{endpoint}/{foreign.pk}/").status_code == 404
    body = json.dumps(client.get(f"/api/{endpoint}/").json())
    other = world.b if who != "foreign" else world.a
    for name in (other.groep.name, other.voorstel.titel, other.traject.ambitie):
        assert name not in body


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", [e for e, _a, _r in ENDPOINTS])
def test_malformed_and_huge_ids_are_404(world, api, endpoint):
    client = api(world.a.professional)
    for pk in ("abc", "-1", "0", str(2**70)):
        assert client.get(f"/api/{endpoint}/{pk}/").status_code == 404, pk


@pytest.mark.django_db
def test_anonymous_gets_nothing(world, client):
    for endpoint, _attr, _roles in ENDPOINTS:
        response = client.get(f"/api/{endpoint}/")
        assert response.status_code in (401, 403)
        assert "results" not in response.json()


# --- Content of the responses --------------------------------------------------------------


@pytest.mark.django_db
def test_session_has_steps_ideas_and_votes(world, api):
    data = api(world.a.professional).get(f"/api/sessions/{world.a.sessie.pk}/").json()
    assert data["state"] == "bezig"
    assert data["current_step"]["key"] == "brainstorm"
    assert [step["key"] for step in data["steps"]][:2] == ["checkin", "kiezen"]
    assert sum(step["minutes"] for step in data["steps"]) == 60
    assert data["ideas"] == [
        {
            "id": world.a.idee.pk,
            "text": "Idee van A",
            "votes": 0,
            "created_at": data["ideas"][0]["created_at"],
        }
    ]
    assert "join_code" not in data


@pytest.mark.django_db
def test_proposal_has_follow_up_fields(world, api):
    data = api(world.a.lo).get(f"/api/proposals/{world.a.voorstel.pk}/").json()
    assert data["status"] == "uitvoering"
    assert data["overdue"] is True
    assert data["owner"] == {"id": world.a.leidinggevende.pk, "name": world.a.leidinggevende.name}
    for field in ("antwoord", "antwoord_reden", "due_date", "implemented_at", "effect"):
        assert field in data


@pytest.mark.django_db
def test_owner_gets_the_full_traject(world, api):
    data = api(world.a.professional).get(f"/api/trajecten/{world.a.traject.pk}/").json()
    assert data["talenten"] == SECRETS["talent"]
    assert data["leerbehoeften"] == SECRETS["need"]
    [activiteit] = data["activiteiten"]
    assert activiteit["title"] == SECRETS["activity"]
    assert activiteit["reflectie"] == SECRETS["reflection"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["professional", "leidinggevende", "lo"])
def test_outline_never_shows_how_someone_learns(world, api, who):
    client = api(getattr(world.a, who))
    for response in (
        client.get("/api/traject-outlines/"),
        client.get(f"/api/traject-outlines/{world.a.traject.pk}/"),
    ):
        assert response.status_code == 200
        body = json.dumps(response.json())
        assert "Ambitie A" in body
        for kind, text in SECRETS.items():
            assert text not in body, kind
        for key in ("activiteiten", "reflectie", "talenten", "leerbehoeften"):
            assert key not in body
    data = client.get(f"/api/traject-outlines/{world.a.traject.pk}/").json()
    assert set(data) == {
        "id",
        "user",
        "person_name",
        "state",
        "ambitie",
        "start",
        "end",
        "active_weeks",
        "vragen",
        "hours_used",
        "hours_available",
        "proposals_count",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("who", ROLES)
def test_activities_and_reflections_only_ever_reach_the_owner(world, api, who):
    client = api(_viewer(world, who))
    body = ""
    for endpoint, attr, _roles in ENDPOINTS:
        body += json.dumps(client.get(f"/api/{endpoint}/").json())
        body += json.dumps(client.get(f"/api/{endpoint}/{getattr(world.a, attr).pk}/").json())
    for kind, text in SECRETS.items():
        assert (text in body) == (who == "professional"), kind


@pytest.mark.django_db
def test_conversation_private_points_stay_with_their_author(world, api):
    url = f"/api/gesprekken/{world.a.gesprek.pk}/"
    mine = api(world.a.professional).get(url).json()
    theirs = api(world.a.leidinggevende).get(url).json()
    assert {p["text"] for p in mine["agendapunten"]} == {SHARED_POINT, PRIVATE_OF_PROFESSIONAL}
    assert {p["text"] for p in theirs["agendapunten"]} == {SHARED_POINT, PRIVATE_OF_LEIDINGGEVENDE}
    assert PRIVATE_OF_LEIDINGGEVENDE not in json.dumps(
        api(world.a.professional).get("/api/gesprekken/").json()
    )
    assert PRIVATE_OF_PROFESSIONAL not in json.dumps(
        api(world.a.leidinggevende).get("/api/gesprekken/").json()
    )
    assert [a["text"] for a in mine["afspraken"]] == ["Boek lezen"]


# --- Filters -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_filters(world, api):
    client = api(world.a.professional)
    assert _ids(client.get("/api/sessions/?state=bezig")) == {world.a.sessie.pk}
    assert _ids(client.get("/api/sessions/?state=gepland")) == set()
    assert world.a.sessie.pk in _ids(client.get(f"/api/sessions/?groep={world.a.groep.pk}"))
    assert _ids(client.get(f"/api/sessions/?groep={world.b.groep.pk}")) == set()
    assert _ids(client.get(f"/api/weekcycli/?groep={world.a.groep.pk}")) == {world.a.cyclus.pk}
    assert _ids(client.get("/api/proposals/?status=uitvoering")) == {world.a.voorstel.pk}
    assert _ids(client.get("/api/proposals/?status=gerealiseerd")) == set()
    assert _ids(client.get("/api/groups/?name=groep a")) == {world.a.groep.pk}
    assert _ids(client.get("/api/trajecten/?state=actief")) == {world.a.traject.pk}
    assert _ids(client.get("/api/gesprekken/?state=gehouden")) == set()
    lo = api(world.a.lo)
    assert _ids(lo.get(f"/api/traject-outlines/?user={world.a.professional.pk}")) == {
        world.a.traject.pk
    }
    for bad in ("/api/sessions/?state=x", "/api/sessions/?groep=x", "/api/weekcycli/?groep=-3"):
        assert client.get(bad).status_code == 400, bad
    assert client.get("/api/weekcycli/?week_start_from=gisteren").status_code == 400


def test_a_list_filter_on_a_detail_or_a_create_is_never_a_server_error(world, api):
    client = api(world.a.professional)
    a = world.a
    # A detail that does not meet the filter is not there (404, as in DRF); one that does is.
    for url in (
        f"/api/sessions/{a.sessie.pk}/?state=gepland",
        f"/api/weekcycli/{a.cyclus.pk}/?groep={world.b.groep.pk}",
        f"/api/proposals/{a.voorstel.pk}/?status=gerealiseerd",
        f"/api/trajecten/{a.traject.pk}/?state=afgerond",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/api/sessions/{a.sessie.pk}/?state=bezig").json()["id"] == a.sessie.pk
    # The group just made is answered, whatever ?name= the request carried.
    response = client.post("/api/groups/?name=zzz", {"name": "Nieuw"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Nieuw"
