"""Screens of self-chosen groups: list, create with invitations, group page, invite, answer,
leave; 404 for strangers; fixed query counts."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from tests.factories import GroepFactory, TeamFactory, UserFactory, add_member
from weekcyclus import services
from weekcyclus.models import Groep, GroepMember
from werkplekleren.models import Role

Status = GroepMember.Status


@pytest.fixture
def groep(org, professional):
    groep = GroepFactory(organisation=org, created_by=professional, name="Koffie & Kritiek")
    add_member(groep, professional)
    return groep


def colleague(org, name: str, **kwargs):
    return UserFactory(organisation=org, name=name, **kwargs)


def statuses(groep) -> dict[str, str]:
    return {m.user.name: m.status for m in groep.members.select_related("user")}


def body_of(response) -> str:
    return response.content.decode()


def messages_in(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- login and role ------------------------------------------------------------------------


def test_every_group_url_needs_login(client, groep, professional):
    invitation = add_member(groep, UserFactory(organisation=groep.organisation), Status.INVITED)
    urls = [
        ("get", reverse("weekcyclus:groep_list")),
        ("get", reverse("weekcyclus:groep_create")),
        ("get", reverse("weekcyclus:groep_detail", args=[groep.pk])),
        ("post", reverse("weekcyclus:groep_invite", args=[groep.pk])),
        ("post", reverse("weekcyclus:groep_leave", args=[groep.pk])),
        ("post", reverse("weekcyclus:groep_invitation_respond", args=[invitation.pk])),
    ]
    for method, url in urls:
        response = getattr(client, method)(url, {"answer": "accept", "confirm": "yes"})
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url
    assert statuses(groep)[invitation.user.name] == Status.INVITED


@pytest.mark.parametrize("role", [Role.LEIDINGGEVENDE, Role.LO, Role.ADMIN])
def test_groups_are_for_professionals_only(org, login, role):
    client = login(UserFactory(organisation=org, roles=[role]))
    assert client.get(reverse("weekcyclus:groep_list")).status_code == 404
    assert client.get(reverse("weekcyclus:groep_create")).status_code == 404
    response = client.post(reverse("weekcyclus:groep_create"), {"name": "Stiekem"})
    assert response.status_code == 404
    assert not Groep.objects.exists()
    home = body_of(client.get(reverse("home")))
    assert reverse("weekcyclus:groep_list") not in home  # no "Groepen" in the menu


def test_main_menu_shows_groups_to_professionals(org, professional, login):
    body = body_of(login(professional).get(reverse("team_list")))
    nav = body.split('class="mainnav"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{reverse("weekcyclus:groep_list")}"' in nav
    assert ">Groepen<" in nav


# --- list ----------------------------------------------------------------------------------


def test_list_shows_my_groups_my_invitations_and_a_create_link(org, professional, login):
    mine = GroepFactory(organisation=org, name="Mijn groep")
    add_member(mine, professional)
    add_member(mine, colleague(org, "Mede Lid"))
    left = GroepFactory(organisation=org, name="Verlaten groep")
    add_member(left, professional, Status.LEFT)
    GroepFactory(organisation=org, name="Andermans groep")
    inviter = colleague(org, "Ineke Inviter")
    asking = GroepFactory(organisation=org, name="Vragende groep")
    add_member(asking, inviter)
    invitation = GroepMember.objects.create(
        groep=asking, user=professional, status=Status.INVITED, invited_by=inviter
    )
    someone_else = colleague(org, "Iemand Anders")
    other_invitation = add_member(mine, someone_else, Status.INVITED)

    body = body_of(login(professional).get(reverse("weekcyclus:groep_list")))
    assert "Mijn groep" in body
    # Every active member counts (not only me); the invited colleague does not.
    assert re.search(r"Mijn groep</a>\s*<span class=\"muted\">2 leden</span>", body)
    assert "Verlaten groep" not in body and "Andermans groep" not in body
    assert "Ineke Inviter nodigt je uit voor groep Vragende groep." in body
    respond = reverse("weekcyclus:groep_invitation_respond", args=[invitation.pk])
    assert f'action="{respond}"' in body
    assert 'name="answer" value="accept"' in body and 'name="answer" value="decline"' in body
    assert reverse("weekcyclus:groep_invitation_respond", args=[other_invitation.pk]) not in body
    assert f'href="{reverse("weekcyclus:groep_create")}"' in body


# --- create --------------------------------------------------------------------------------


def test_create_form_searches_professional_colleagues_of_my_organisation(
    org, other_org, professional, login
):
    anna = colleague(org, "Anna Aalbers")
    colleague(org, "Anna Weg", is_active=False)
    colleague(org, "Anna L&O", roles=[Role.LO])
    UserFactory(organisation=other_org, name="Anna Vreemd")
    client = login(professional)
    url = reverse("weekcyclus:groep_create")
    # Nobody is listed until one searches: a large organisation is not one long page.
    body = body_of(client.get(url))
    assert 'name="colleagues"' not in body and 'name="q"' in body
    response = client.get(url, {"q": " anna ", "name": "Mijn groep"})
    body = body_of(response)
    assert response.status_code == 200
    assert re.findall(r'name="colleagues" value="(\d+)"', body) == [str(anna.pk)]
    assert 'value="Mijn groep"' in body  # what was typed stays
    for absent in ("Anna Weg", "Anna L&amp;O", "Anna Vreemd"):
        assert absent not in body
    own = professional.name.split()[0]
    body = body_of(client.get(url, {"q": own}))
    assert f'value="{professional.pk}"' not in body  # not yourself
    assert "Typ minstens twee letters." in body_of(client.get(url, {"q": "a"}))


def test_create_search_as_you_type_keeps_the_ticked_colleagues(org, professional, login):
    anna, bart = colleague(org, "Anna Aalbers"), colleague(org, "Bart Bos")
    response = login(professional).get(
        reverse("weekcyclus:groep_create"),
        {"q": "Bos", "colleagues": [anna.pk, "x"]},
        HTTP_HX_REQUEST="true",
    )
    body = body_of(response)
    assert "<form" not in body  # the fragment only
    assert re.search(rf'value="{anna.pk}" checked', body)
    assert re.search(rf'value="{bart.pk}">', body)


def test_create_keeps_only_real_colleagues_ticked(org, professional, login):
    anna = colleague(org, "Anna Aalbers")
    huge = "1180591620717411303424"
    client = login(professional)
    body = body_of(client.get(reverse("weekcyclus:groep_create"), {"colleagues": [huge, anna.pk]}))
    assert re.findall(r'name="colleagues" value="(\d+)" checked', body) == [str(anna.pk)]
    response = client.post(reverse("weekcyclus:groep_create"), {"name": "G", "colleagues": [huge]})
    assert response.status_code == 200 and 'class="field-error"' in body_of(response)
    assert not Groep.objects.exists()


def test_create_search_shows_a_page_and_says_there_is_more(org, professional, login):
    for i in range(25):
        colleague(org, f"Zoekbaar {i:02d}")
    body = body_of(login(professional).get(reverse("weekcyclus:groep_create"), {"q": "zoekbaar"}))
    assert body.count('name="colleagues"') == 20
    assert "Er zijn meer collega’s gevonden; typ verder om te kiezen." in body


def test_create_with_invitations(org, team, professional, login):
    anna, bart, cees = (
        colleague(org, n, team=team) for n in ("Anna Aalbers", "Bart Bos", "Cees Claes")
    )
    client = login(professional)
    response = client.post(
        reverse("weekcyclus:groep_create"),
        {"name": "  De Verbeteraars ", "colleagues": [anna.pk, bart.pk]},
        follow=True,
    )
    groep = Groep.objects.get()
    assert response.redirect_chain[-1][0] == reverse("weekcyclus:groep_detail", args=[groep.pk])
    assert groep.name == "De Verbeteraars"
    assert groep.organisation == org and groep.created_by == professional
    rows = {m.user: (m.status, m.invited_by) for m in groep.members.all()}
    assert rows == {
        professional: (Status.ACTIVE, None),
        anna: (Status.INVITED, professional),
        bart: (Status.INVITED, professional),
    }
    assert "Groep De Verbeteraars is gemaakt; 2 collega's zijn uitgenodigd." in messages_in(
        response
    )
    body = body_of(response)
    invited = body.split('id="uitgenodigd"', 1)[1].split("</ul>", 1)[0]
    assert "Anna Aalbers" in invited and "Bart Bos" in invited
    assert cees.name not in invited
    # The invitees see the invitation on their own home page.
    assert "nodigt je uit voor groep De Verbeteraars" in body_of(login(anna).get(reverse("home")))


def test_create_alone_is_allowed_with_a_size_warning(org, professional, login):
    response = login(professional).post(
        reverse("weekcyclus:groep_create"), {"name": "Solo"}, follow=True
    )
    groep = Groep.objects.get()
    assert statuses(groep) == {professional.name: Status.ACTIVE}
    assert "Groep Solo is gemaakt." in messages_in(response)
    assert "Een groep werkt meestal het best met 3 tot 6 professionals." in body_of(response)


def test_validation_error_keeps_what_was_typed_and_checked(org, professional, login):
    GroepFactory(organisation=org, name="Koffie & Kritiek")
    anna = colleague(org, "Anna Aalbers")
    bart = colleague(org, "Bart Bos")
    response = login(professional).post(
        reverse("weekcyclus:groep_create"), {"name": "Koffie & Kritiek", "colleagues": [anna.pk]}
    )
    assert response.status_code == 200
    body = body_of(response)
    assert "Er is al een groep met de naam Koffie &amp; Kritiek in je organisatie." in body
    assert 'value="Koffie &amp; Kritiek"' in body
    assert re.search(rf'value="{anna.pk}"[^>]*checked', body)
    assert not re.search(rf'value="{bart.pk}"[^>]*checked', body)
    assert Groep.objects.count() == 1
    assert not GroepMember.objects.exists()


def test_empty_name_is_a_field_error_and_keeps_the_choice(org, professional, login):
    anna = colleague(org, "Anna Aalbers")
    response = login(professional).post(
        reverse("weekcyclus:groep_create"), {"name": "  ", "colleagues": [anna.pk]}
    )
    assert response.status_code == 200
    assert 'class="field-error"' in body_of(response)
    assert re.search(rf'value="{anna.pk}"[^>]*checked', body_of(response))
    assert not Groep.objects.exists()


def test_a_colleague_of_another_organisation_cannot_be_slipped_in(
    org, other_org, professional, login
):
    stranger = UserFactory(organisation=other_org)
    response = login(professional).post(
        reverse("weekcyclus:groep_create"), {"name": "Gemengd", "colleagues": [stranger.pk]}
    )
    assert response.status_code == 200
    assert 'class="field-error"' in body_of(response)
    assert 'value="Gemengd"' in body_of(response)
    assert not Groep.objects.exists()
    assert not GroepMember.objects.filter(user=stranger).exists()


def test_a_failing_invitation_creates_nothing(org, professional, login, monkeypatch):
    anna, bart = colleague(org, "Anna Aalbers"), colleague(org, "Bart Bos")
    real_invite = services.groep_invite
    calls = []

    def invite_then_fail(**kwargs):
        calls.append(kwargs["user"])
        if len(calls) == 2:
            raise ValidationError("Uitnodigen lukte niet.")
        return real_invite(**kwargs)

    monkeypatch.setattr(services, "groep_invite", invite_then_fail)
    response = login(professional).post(
        reverse("weekcyclus:groep_create"), {"name": "Half", "colleagues": [anna.pk, bart.pk]}
    )
    assert len(calls) == 2
    assert response.status_code == 200
    assert "Uitnodigen lukte niet." in body_of(response)
    assert not Groep.objects.exists()
    assert not GroepMember.objects.exists()


# --- group page and inviting ---------------------------------------------------------------


def test_group_page_shows_members_invitations_and_who_can_be_invited(
    org, other_org, team, groep, professional, login
):
    member = colleague(org, "Mees Member", team=team)
    add_member(groep, member)
    invited = colleague(org, "Ina Invited")
    add_member(groep, invited, Status.INVITED)
    declined = colleague(org, "Dirk Declined")
    add_member(groep, declined, Status.DECLINED)
    left = colleague(org, "Lies Left")
    add_member(groep, left, Status.LEFT)
    free = colleague(org, "Vera Vrij", team=team)
    colleague(org, "Lotte L&O", roles=[Role.LO])
    UserFactory(organisation=other_org, name="Vreemde Vera")

    body = body_of(login(professional).get(reverse("weekcyclus:groep_detail", args=[groep.pk])))
    members = body.split('id="leden"', 1)[1].split('id="uitgenodigd"', 1)[0]
    assert "Mees Member" in members and escape(professional.name) in members
    assert "Ina Invited" not in members and "Lies Left" not in members
    pending = body.split('id="uitgenodigd"', 1)[1].split("</ul>", 1)[0]
    assert "Ina Invited" in pending and "Dirk Declined" not in pending
    assert 'name="user"' not in body  # nobody offered until one searches
    assert 'id="id_invite_q"' in body
    assert f'hx-get="{reverse("weekcyclus:groep_invite", args=[groep.pk])}"' in body
    # Without JavaScript the search reloads the page with the matches.
    url = reverse("weekcyclus:groep_detail", args=[groep.pk])
    found = body_of(login(professional).get(url, {"q": "e"}))
    assert 'name="user"' not in found and "Typ minstens twee letters." in found
    found = body_of(login(professional).get(url, {"q": "  "}))
    assert 'name="user"' not in found
    offered = set()
    for q in ("Lotte", "Mees", "Ina", "Dirk", "Lies", "Vera"):
        found = body_of(login(professional).get(url, {"q": q}))
        offered |= set(re.findall(r'name="user" value="(\d+)"', found))
    assert offered == {str(declined.pk), str(left.pk), str(free.pk)}
    assert f'action="{reverse("weekcyclus:groep_invite", args=[groep.pk])}"' in found
    assert f'action="{reverse("weekcyclus:groep_leave", args=[groep.pk])}"' in body
    assert 'id="weken"' in body  # the planning partial is still included
    # Two active members: outside 3–6, so the page warns (but allows).
    assert "Een groep werkt meestal het best met 3 tot 6 professionals." in body


def test_no_size_warning_for_a_typical_group(org, groep, login, professional):
    for i in range(2):
        add_member(groep, colleague(org, f"Lid {i}"))
    body = body_of(login(professional).get(reverse("weekcyclus:groep_detail", args=[groep.pk])))
    assert "Een groep werkt meestal het best met 3 tot 6 professionals." not in body


def test_invite_search_is_an_htmx_fragment_and_a_page_without_javascript(
    org, groep, professional, login
):
    anna = colleague(org, "Anna Aalbers")
    client = login(professional)
    url = reverse("weekcyclus:groep_invite", args=[groep.pk])
    fragment = body_of(client.get(url, {"q": "aalb"}, HTTP_HX_REQUEST="true"))
    assert "<html" not in fragment
    assert re.findall(r'name="user" value="(\d+)"', fragment) == [str(anna.pk)]
    response = client.get(url, {"q": "aalb"})
    detail = reverse("weekcyclus:groep_detail", args=[groep.pk])
    assert response.status_code == 302 and response.url == f"{detail}?q=aalb#uitnodigen"
    nothing = body_of(client.get(url, {"q": "zzz"}, HTTP_HX_REQUEST="true"))
    assert "Geen collega gevonden" in nothing
    stranger = login(UserFactory(organisation=org))
    assert stranger.get(url, {"q": "aalb"}, HTTP_HX_REQUEST="true").status_code == 404


def test_invite_accept_flow(org, groep, professional, login):
    anna = colleague(org, "Anna Aalbers")
    response = login(professional).post(
        reverse("weekcyclus:groep_invite", args=[groep.pk]), {"user": anna.pk}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("weekcyclus:groep_detail", args=[groep.pk])
    assert "Anna Aalbers is uitgenodigd." in messages_in(response)
    row = GroepMember.objects.get(groep=groep, user=anna)
    assert (row.status, row.invited_by) == (Status.INVITED, professional)

    client = login(anna)
    assert client.get(reverse("weekcyclus:groep_detail", args=[groep.pk])).status_code == 404
    response = client.post(
        reverse("weekcyclus:groep_invitation_respond", args=[row.pk]), {"answer": "accept"}
    )
    assert response.status_code == 302
    assert response.url == reverse("weekcyclus:groep_detail", args=[groep.pk])
    row.refresh_from_db()
    assert row.status == Status.ACTIVE and row.joined_at is not None
    response = client.get(response.url)
    assert response.status_code == 200
    assert "Welkom in groep Koffie &amp; Kritiek." in body_of(response)
    # Answered once: the invitation is gone, a second answer finds nothing.
    again = client.post(
        reverse("weekcyclus:groep_invitation_respond", args=[row.pk]), {"answer": "decline"}
    )
    assert again.status_code == 404
    row.refresh_from_db()
    assert row.status == Status.ACTIVE


def test_decline_flow_and_re_invite(org, groep, professional, login):
    anna = colleague(org, "Anna Aalbers")
    invitation = services.groep_invite(groep=groep, invited_by=professional, user=anna)
    response = login(anna).post(
        reverse("weekcyclus:groep_invitation_respond", args=[invitation.pk]),
        {"answer": "decline"},
    )
    assert response.status_code == 302
    assert response.url == reverse("weekcyclus:groep_list")
    assert statuses(groep)["Anna Aalbers"] == Status.DECLINED
    assert login(anna).get(reverse("weekcyclus:groep_detail", args=[groep.pk])).status_code == 404
    # After a decline the group may ask again.
    login(professional).post(reverse("weekcyclus:groep_invite", args=[groep.pk]), {"user": anna.pk})
    assert statuses(groep)["Anna Aalbers"] == Status.INVITED
    assert GroepMember.objects.filter(groep=groep, user=anna).count() == 1


def test_invite_refusals_are_shown_and_change_nothing(org, groep, professional, login):
    anna = colleague(org, "Anna Aalbers")
    add_member(groep, anna, Status.INVITED)
    client = login(professional)
    url = reverse("weekcyclus:groep_invite", args=[groep.pk])
    response = client.post(url, {"user": anna.pk}, follow=True)
    assert "Anna Aalbers is al uitgenodigd." in messages_in(response)
    response = client.post(url, {"user": professional.pk}, follow=True)
    assert f"{professional.name} is al lid van deze groep." in messages_in(response)
    response = client.post(url, {}, follow=True)
    assert "Kies een collega om uit te nodigen." in messages_in(response)
    assert GroepMember.objects.filter(groep=groep).count() == 2


def test_invite_of_a_stranger_or_nonsense_is_404(org, other_org, groep, professional, login):
    stranger = UserFactory(organisation=other_org)
    client = login(professional)
    url = reverse("weekcyclus:groep_invite", args=[groep.pk])
    for value in (stranger.pk, 999999, "abc"):
        assert client.post(url, {"user": value}).status_code == 404
    assert GroepMember.objects.filter(groep=groep).count() == 1


def test_invite_get_only_searches(org, groep, professional, login):
    anna = colleague(org, "Anna Aalbers")
    client = login(professional)
    response = client.get(reverse("weekcyclus:groep_invite", args=[groep.pk]), {"user": anna.pk})
    assert response.status_code == 302  # back to the group page, nobody invited
    assert statuses(groep) == {professional.name: Status.ACTIVE}
    assert client.put(reverse("weekcyclus:groep_invite", args=[groep.pk])).status_code == 405


# --- answering from the home page ----------------------------------------------------------


def test_home_has_answer_buttons_and_group_links(org, groep, professional, login):
    anna = colleague(org, "Anna Aalbers")
    invitation = services.groep_invite(groep=groep, invited_by=professional, user=anna)
    body = body_of(login(anna).get(reverse("home")))
    section = body.split('id="rol-professional"', 1)[1].split("</section>", 1)[0]
    assert (
        f'action="{reverse("weekcyclus:groep_invitation_respond", args=[invitation.pk])}"'
        in section
    )
    assert f'name="next" value="{reverse("home")}"' in section
    assert 'value="accept"' in section and 'value="decline"' in section
    assert f'href="{reverse("weekcyclus:groep_create")}"' in section and "Nieuwe groep" in section
    assert f'href="{reverse("weekcyclus:groep_list")}"' in section and "Alle groepen" in section


def test_home_counts_every_active_member_of_my_groups(org, groep, professional, login):
    for name in ("Anna Aalbers", "Bart Bos"):
        add_member(groep, colleague(org, name))
    add_member(groep, colleague(org, "Ina Invited"), Status.INVITED)
    add_member(groep, colleague(org, "Lies Left"), Status.LEFT)
    body = body_of(login(professional).get(reverse("home")))
    assert re.search(r"Koffie &amp; Kritiek</a>\s*<span class=\"muted\">3 leden</span>", body)


def test_decline_from_home_returns_home(org, groep, professional, login):
    anna = colleague(org, "Anna Aalbers")
    invitation = services.groep_invite(groep=groep, invited_by=professional, user=anna)
    response = login(anna).post(
        reverse("weekcyclus:groep_invitation_respond", args=[invitation.pk]),
        {"answer": "decline", "next": reverse("home")},
    )
    assert response.url == reverse("home")
    assert statuses(groep)["Anna Aalbers"] == Status.DECLINED


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_an_unsafe_next_is_ignored(org, groep, professional, login, next_url):
    anna = colleague(org, "Anna Aalbers")
    invitation = services.groep_invite(groep=groep, invited_by=professional, user=anna)
    response = login(anna).post(
        reverse("weekcyclus:groep_invitation_respond", args=[invitation.pk]),
        {"answer": "decline", "next": next_url},
    )
    assert response.status_code == 302
    assert response.url == reverse("weekcyclus:groep_list")


def test_accept_from_home_goes_to_the_group(org, groep, professional, login):
    anna = colleague(org, "Anna Aalbers")
    invitation = services.groep_invite(groep=groep, invited_by=professional, user=anna)
    response = login(anna).post(
        reverse("weekcyclus:groep_invitation_respond", args=[invitation.pk]),
        {"answer": "accept", "next": reverse("home")},
    )
    assert response.url == reverse("weekcyclus:groep_detail", args=[groep.pk])
    assert statuses(groep)["Anna Aalbers"] == Status.ACTIVE


def test_an_unknown_answer_changes_nothing(org, groep, professional, login):
    anna = colleague(org, "Anna Aalbers")
    invitation = services.groep_invite(groep=groep, invited_by=professional, user=anna)
    response = login(anna).post(
        reverse("weekcyclus:groep_invitation_respond", args=[invitation.pk]),
        {"answer": "misschien"},
        follow=True,
    )
    assert "Kies of je de uitnodiging aanneemt of afwijst." in messages_in(response)
    assert statuses(groep)["Anna Aalbers"] == Status.INVITED


def test_someone_elses_invitation_is_404(org, groep, professional, login):
    anna, bart = colleague(org, "Anna Aalbers"), colleague(org, "Bart Bos")
    invitation = services.groep_invite(groep=groep, invited_by=professional, user=anna)
    url = reverse("weekcyclus:groep_invitation_respond", args=[invitation.pk])
    for intruder in (bart, professional):
        assert login(intruder).post(url, {"answer": "accept"}).status_code == 404
    assert statuses(groep)["Anna Aalbers"] == Status.INVITED


# --- leaving -------------------------------------------------------------------------------


def test_leave_asks_first_then_leaves(org, groep, professional, login):
    other = colleague(org, "Olga Other")
    add_member(groep, other)
    client = login(professional)
    url = reverse("weekcyclus:groep_leave", args=[groep.pk])
    for response in (client.get(url), client.post(url)):  # the button asks first
        assert response.status_code == 200
        assert 'name="confirm" value="yes"' in body_of(response)
        assert "laatste lid" not in body_of(response)
    assert statuses(groep)[professional.name] == Status.ACTIVE

    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("weekcyclus:groep_list")
    assert "Je hebt groep Koffie & Kritiek verlaten." in messages_in(response)
    assert "Koffie &amp; Kritiek" not in body_of(response).split("</ul>", 1)[1]
    row = GroepMember.objects.get(groep=groep, user=professional)
    assert row.status == Status.LEFT  # kept as history
    assert client.get(reverse("weekcyclus:groep_detail", args=[groep.pk])).status_code == 404
    assert client.post(url, {"confirm": "yes"}).status_code == 404
    assert login(other).get(reverse("weekcyclus:groep_detail", args=[groep.pk])).status_code == 200


def test_the_last_member_is_warned(groep, professional, login):
    body = body_of(login(professional).get(reverse("weekcyclus:groep_leave", args=[groep.pk])))
    assert "Je bent het laatste lid" in body


# --- strangers get 404 everywhere ----------------------------------------------------------


def _group_urls(groep, invitation, target):
    return [
        ("get", reverse("weekcyclus:groep_detail", args=[groep.pk]), {}),
        ("get", reverse("weekcyclus:groep_leave", args=[groep.pk]), {}),
        ("post", reverse("weekcyclus:groep_leave", args=[groep.pk]), {"confirm": "yes"}),
        ("post", reverse("weekcyclus:groep_invite", args=[groep.pk]), {"user": target.pk}),
        (
            "post",
            reverse("weekcyclus:groep_invitation_respond", args=[invitation.pk]),
            {"answer": "accept"},
        ),
    ]


@pytest.mark.parametrize("who", ["other_organisation", "colleague", "invited", "left"])
def test_strangers_and_non_members_get_404_on_every_group_url(
    org, other_org, groep, professional, login, who
):
    pending = colleague(org, "Piet Pending")
    invitation = services.groep_invite(groep=groep, invited_by=professional, user=pending)
    if who == "other_organisation":
        intruder = UserFactory(organisation=other_org, roles=list(Role))
    else:
        intruder = colleague(org, "Nina Niet-lid", roles=list(Role))
        if who == "invited":
            add_member(groep, intruder, Status.INVITED)
        elif who == "left":
            add_member(groep, intruder, Status.LEFT)
    # Also an invite that names a valid colleague, so only membership can refuse it.
    target = colleague(org, "Tom Target")
    client = login(intruder)
    for method, url, data in _group_urls(groep, invitation, target):
        assert getattr(client, method)(url, data).status_code == 404, url
    expected = {professional.name: Status.ACTIVE, "Piet Pending": Status.INVITED}
    if who in {"invited", "left"}:
        expected[intruder.name] = Status.INVITED if who == "invited" else Status.LEFT
    assert statuses(groep) == expected  # nothing changed, nobody was added
    body = body_of(client.get(reverse("weekcyclus:groep_list")))
    mine = body.split('id="mijn-groepen"', 1)[1]
    assert "Koffie &amp; Kritiek" not in mine


# --- query counts --------------------------------------------------------------------------


def _grow(org, professional, n):
    """n more groups of mine with members and open invitations, invitations for me, and
    colleagues who could be invited."""
    for _ in range(n):
        team = TeamFactory(organisation=org)
        groep = GroepFactory(organisation=org, created_by=professional)
        add_member(groep, professional)
        for _ in range(3):
            add_member(groep, UserFactory(organisation=org, team=team))
        add_member(groep, UserFactory(organisation=org, team=team), Status.INVITED)
        asking = GroepFactory(organisation=org)
        add_member(asking, UserFactory(organisation=org))
        GroepMember.objects.create(
            groep=asking, user=professional, status=Status.INVITED, invited_by=asking.created_by
        )
        UserFactory(organisation=org, team=team)


def test_list_query_count_does_not_grow(org, professional, login, django_assert_num_queries):
    client = login(professional)
    _grow(org, professional, 1)
    # session, user, roles, groups with member counts, invitations with group and inviter
    with django_assert_num_queries(5):
        body = body_of(client.get(reverse("weekcyclus:groep_list")))
    assert body.count('name="answer" value="accept"') == 1
    _grow(org, professional, 4)
    with django_assert_num_queries(5):
        body = body_of(client.get(reverse("weekcyclus:groep_list")))
    assert body.count('name="answer" value="accept"') == 5


def test_group_page_query_count_does_not_grow(
    org, team, groep, professional, login, django_assert_num_queries
):
    client = login(professional)
    url = reverse("weekcyclus:groep_detail", args=[groep.pk])
    add_member(groep, UserFactory(organisation=org, team=team))
    add_member(groep, UserFactory(organisation=org, team=team), Status.INVITED)
    UserFactory(organisation=org, team=team)
    # session, user, roles, groep, members and invitations, plus the planning partial's
    # weeks (two queries while no week is planned), the group's implemented proposals
    # (recognition); a search adds one for the matches
    expected = 8
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(expected + 1):
        assert client.get(url, {"q": "zz"}).status_code == 200
    for i in range(30):
        other_team = TeamFactory(organisation=org)
        if i < 6:
            add_member(groep, UserFactory(organisation=org, team=other_team))
            add_member(groep, UserFactory(organisation=org, team=other_team), Status.INVITED)
        UserFactory(organisation=org, team=other_team, name=f"Zzoekbaar {i}")
    with django_assert_num_queries(expected):
        body = body_of(client.get(url))
    assert body.split('id="uitgenodigd"', 1)[1].split("</ul>", 1)[0].count("<li>") == 7
    with django_assert_num_queries(expected + 1):
        body = body_of(client.get(url, {"q": "zz"}))
    assert body.count('name="user"') == 20  # one page of matches, never everyone


def test_create_page_query_count_does_not_grow(org, professional, login, django_assert_num_queries):
    client = login(professional)
    url = reverse("weekcyclus:groep_create")
    anna = colleague(org, "Anna Zz")
    # session, user, roles, the ticked colleagues, the matches
    with django_assert_num_queries(5):
        client.get(url, {"q": "zz", "colleagues": [anna.pk]})
    for i in range(30):
        colleague(org, f"Zz {i}", team=TeamFactory(organisation=org))
    with django_assert_num_queries(5):
        body = body_of(client.get(url, {"q": "zz", "colleagues": [anna.pk]}))
    assert body.count('name="colleagues"') == 21
