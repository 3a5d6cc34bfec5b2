"""Writes through the API go through the services, as the person, within their scope."""

import pytest

from tests.factories import UserFactory
from weekcyclus import services as weekcyclus_services
from weekcyclus.models import Bijdrage, Deelnemer, Groep, GroepMember, Sessie
from werkplekleren.models import Role

# --- Groups --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_professional_creates_a_group_and_invites_colleagues(world, api):
    colleague = world.a.non_member
    response = api(world.a.professional).post(
        "/api/groups/", {"name": "Nieuwe groep", "invite": [colleague.pk]}, format="json"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    groep = Groep.objects.get(pk=data["id"])
    assert groep.organisation_id == world.a.org.pk
    assert {(m["id"], m["status"]) for m in data["members"]} == {
        (world.a.professional.pk, GroepMember.Status.ACTIVE),
        (colleague.pk, GroepMember.Status.INVITED),
    }
    # The invited colleague does not see the group's content until they accept.
    assert api(colleague).get(f"/api/groups/{groep.pk}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("invitee", ["foreign", "lo", "self"])
def test_only_professional_colleagues_can_be_invited(world, api, invitee):
    user = {
        "foreign": world.b.professional,
        "lo": world.a.lo,
        "self": world.a.professional,
    }[invitee]
    response = api(world.a.professional).post(
        "/api/groups/", {"name": "Nieuwe groep", "invite": [user.pk]}, format="json"
    )
    assert response.status_code == 400
    assert not Groep.objects.filter(name="Nieuwe groep").exists()


@pytest.mark.django_db
def test_group_name_must_be_unique_in_the_organisation(world, api):
    response = api(world.a.professional).post("/api/groups/", {"name": "Groep A"}, format="json")
    assert response.status_code == 400
    assert "Groep A" in str(response.json())
    # The same name in another organisation is fine.
    response = api(world.b.professional).post("/api/groups/", {"name": "Groep A"}, format="json")
    assert response.status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["lo", "admin", "leidinggevende"])
def test_only_professionals_create_groups(world, api, who):
    response = api(getattr(world.a, who)).post("/api/groups/", {"name": "X"}, format="json")
    assert response.status_code == 403
    assert not Groep.objects.filter(name="X").exists()


# --- Ideas and votes -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_posts_an_idea_and_joins_the_session(world, api):
    sessie, third = world.a.sessie, world.a.third
    assert not Deelnemer.objects.filter(sessie=sessie, user=third).exists()
    response = api(third).post(
        f"/api/sessions/{sessie.pk}/ideas/", {"text": "  Een checklist  "}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["text"] == "Een checklist"
    assert response.json()["votes"] == 0
    idee = Bijdrage.objects.get(pk=response.json()["id"])
    assert idee.kind == Bijdrage.Kind.IDEE
    assert idee.deelnemer.user == third
    detail = api(world.a.professional).get(f"/api/sessions/{sessie.pk}/").json()
    assert "Een checklist" in [i["text"] for i in detail["ideas"]]


@pytest.mark.django_db
def test_no_idea_outside_the_brainstorm_and_no_attendance_either(world, api):
    sessie, third = world.a.sessie, world.a.third
    weekcyclus_services.sessie_goto_step(sessie=sessie, by=world.a.professional, step=2)
    response = api(third).post(f"/api/sessions/{sessie.pk}/ideas/", {"text": "x"}, format="json")
    assert response.status_code == 400
    assert "Brainstorm" in str(response.json())
    assert not Deelnemer.objects.filter(sessie=sessie, user=third).exists()


@pytest.mark.django_db
def test_no_idea_in_a_closed_session(world, api):
    closed = world.a.voorstel.sessie
    assert closed.state == Sessie.State.CLOSED
    response = api(world.a.professional).post(
        f"/api/sessions/{closed.pk}/ideas/", {"text": "x"}, format="json"
    )
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["non_member", "lo", "admin", "leidinggevende", "foreign"])
def test_outsiders_cannot_post_or_vote(world, api, who):
    user = world.b.professional if who == "foreign" else getattr(world.a, who)
    client = api(user)
    sessie, idee = world.a.sessie, world.a.idee
    assert client.post(f"/api/sessions/{sessie.pk}/ideas/", {"text": "x"}).status_code == 404
    assert client.post(f"/api/sessions/{sessie.pk}/ideas/{idee.pk}/vote/").status_code == 404
    assert sessie.bijdragen.count() == 1
    assert not idee.stemmen.exists()


@pytest.mark.django_db
def test_vote_toggles(world, api):
    client = api(world.a.third)
    url = f"/api/sessions/{world.a.sessie.pk}/ideas/{world.a.idee.pk}/vote/"
    assert client.post(url).json() == {"voted": True, "votes": 1}
    detail = client.get(f"/api/sessions/{world.a.sessie.pk}/").json()
    assert detail["ideas"][0]["votes"] == 1
    assert client.post(url).json() == {"voted": False, "votes": 0}


@pytest.mark.django_db
def test_vote_on_an_idea_of_another_session_is_404(world, api):
    # The idea of organisation B, through a session of organisation A.
    url = f"/api/sessions/{world.a.sessie.pk}/ideas/{world.b.idee.pk}/vote/"
    assert api(world.a.professional).post(url).status_code == 404
    assert not world.b.idee.stemmen.exists()


@pytest.mark.django_db
def test_an_lo_colleague_in_a_group_still_has_no_way_in(world, api):
    """An L&O colleague who is somehow a member still cannot see groups (access decides)."""
    lo = UserFactory(organisation=world.a.org, roles=[Role.LO])
    GroepMember.objects.create(groep=world.a.groep, user=lo, status=GroepMember.Status.ACTIVE)
    response = api(lo).post(f"/api/sessions/{world.a.sessie.pk}/ideas/", {"text": "x"})
    assert response.status_code == 404
