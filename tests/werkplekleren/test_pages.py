"""Pages of the core: login, home per role, teams and people, scoped by organisation."""

import re
from html import escape

import pytest
from django.urls import reverse

from tests.factories import GroepFactory, SessieFactory, TeamFactory, UserFactory, add_member
from werkplekleren.models import Role

ROLE_SECTIONS = {
    Role.PROFESSIONAL: "rol-professional",
    Role.LEIDINGGEVENDE: "rol-leidinggevende",
    Role.LO: "rol-lo",
    Role.ADMIN: "rol-admin",
}


def test_login_page_is_dutch(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Inloggen" in response.content.decode()
    assert 'lang="nl"' in response.content.decode()


def test_pages_require_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_with_email_and_wrong_password_message_in_dutch(client, professional):
    response = client.post(reverse("login"), {"username": professional.email, "password": "fout"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Voer een juiste e-mailadres en wachtwoord in" in body
    assert f'value="{professional.email}"' in body  # what the user typed is kept


def test_login_and_logout(client, professional):
    from tests.factories import PASSWORD

    response = client.post(reverse("login"), {"username": professional.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    response = client.post(
        reverse("login"), {"username": f" {professional.email.upper()} ", "password": PASSWORD}
    )
    assert response.status_code == 302  # e-mail addresses are not case-sensitive
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize("role", list(Role))
def test_home_shows_the_section_of_each_role_held(org, login, role):
    user = UserFactory(organisation=org, roles=[role])
    response = login(user).get(reverse("home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="{ROLE_SECTIONS[role]}"' in body
    for other, section in ROLE_SECTIONS.items():
        if other != role:
            assert f'id="{section}"' not in body
    assert "Wat je nu kunt doen" in body


def test_home_for_a_person_with_several_roles_shows_each(org, login):
    user = UserFactory(organisation=org, roles=[Role.PROFESSIONAL, Role.LEIDINGGEVENDE])
    body = login(user).get(reverse("home")).content.decode()
    assert 'id="rol-professional"' in body and 'id="rol-leidinggevende"' in body


def test_home_without_role_explains_what_to_do(org, login):
    user = UserFactory(organisation=org, roles=[])
    body = login(user).get(reverse("home")).content.decode()
    assert "Nog geen rol" in body


def _populate(org, n):
    """n teams with members and n groups of four, so lists grow with n."""
    for _ in range(n):
        team = TeamFactory(organisation=org)
        members = [UserFactory(organisation=org, team=team) for _ in range(4)]
        groep = GroepFactory(organisation=org, created_by=members[0])
        for m in members:
            add_member(groep, m)


@pytest.mark.parametrize("role", list(Role))
def test_home_query_count_does_not_grow_with_data(org, login, django_assert_num_queries, role):
    user = UserFactory(organisation=org, roles=[role])
    client = login(user)
    _populate(org, 1)
    if role == Role.PROFESSIONAL:
        groep = GroepFactory(organisation=org)
        add_member(groep, user)
    # session + user + roles, plus the role's own section (a professional's includes the
    # unread messages from L&O)
    expected = {Role.PROFESSIONAL: 7, Role.LEIDINGGEVENDE: 4, Role.LO: 5, Role.ADMIN: 4}[role]
    with django_assert_num_queries(expected):
        client.get(reverse("home"))
    _populate(org, 5)
    if role == Role.PROFESSIONAL:
        for _ in range(3):
            groep = GroepFactory(organisation=org)
            add_member(groep, user)
            SessieFactory(weekcyclus__groep=groep)
    with django_assert_num_queries(expected):
        assert client.get(reverse("home")).status_code == 200


def test_home_lists_own_groups_only(org, login, professional):
    mine = GroepFactory(organisation=org, name="Mijn groep")
    add_member(mine, professional)
    GroepFactory(organisation=org, name="Andermans groep")
    body = login(professional).get(reverse("home")).content.decode()
    assert "Mijn groep" in body
    assert "Andermans groep" not in body


def test_team_and_person_pages_of_own_organisation(org, team, professional, login):
    client = login(professional)
    body = client.get(reverse("team_detail", args=[team.pk])).content.decode()
    for name in (team.name, professional.name, team.leidinggevende.name):
        assert escape(name) in body  # names like "D'Hondt" arrive HTML-escaped
    assert client.get(reverse("team_list")).status_code == 200
    assert client.get(reverse("person_detail", args=[professional.pk])).status_code == 200


def test_organisation_b_gets_404_for_organisation_a(org, other_org, team, professional, login):
    groep = GroepFactory(organisation=org)
    add_member(groep, professional)
    for role in Role:
        outsider = UserFactory(organisation=other_org, roles=list(Role))
        client = login(outsider)
        for url in (
            reverse("team_detail", args=[team.pk]),
            reverse("person_detail", args=[professional.pk]),
            reverse("person_detail", args=[team.leidinggevende.pk]),
            reverse("weekcyclus:groep_detail", args=[groep.pk]),
        ):
            assert client.get(url).status_code == 404, (role, url)
        listing = client.get(reverse("team_list")).content.decode()
        assert team.name not in listing


def test_group_page_for_members_and_404_for_colleagues(org, professional, login):
    groep = GroepFactory(organisation=org, name="Koffie & Kritiek")
    add_member(groep, professional)
    assert (
        login(professional).get(reverse("weekcyclus:groep_detail", args=[groep.pk])).status_code
        == 200
    )
    colleague = UserFactory(organisation=org, roles=[Role.PROFESSIONAL, Role.LEIDINGGEVENDE])
    assert (
        login(colleague).get(reverse("weekcyclus:groep_detail", args=[groep.pk])).status_code == 404
    )


def test_language_switch_to_english(client, professional, login):
    login(professional)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    body = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in body
    assert "What you can do now" in body
    assert "Wat je nu kunt doen" not in body


def test_django_admin_is_for_superusers_only(org, login):
    staff = UserFactory(organisation=org, roles=[Role.ADMIN], is_staff=True)
    response = login(staff).get("/beheer/")
    assert response.status_code == 302  # sent to the admin login, not let in


def test_dutch_first_even_for_an_english_browser(client, professional, login):
    login(professional)
    body = client.get(reverse("home"), headers={"accept-language": "en-US,en;q=0.9"}).content
    assert "Wat je nu kunt doen" in body.decode()


def test_team_and_group_pages_query_counts_do_not_grow(
    org, team, professional, login, django_assert_num_queries
):
    client = login(professional)
    groep = GroepFactory(organisation=org, created_by=professional)
    add_member(groep, professional)
    urls = {
        # session, user, roles, the number of teams, one page of teams with counts
        reverse("team_list"): 5,
        reverse("team_list") + "?q=team&pagina=2": 5,
        reverse("team_detail", args=[team.pk]): 5,  # session, user, roles, team, members
        # ... groep, members and invitations, the planning weeks (2), implemented proposals
        reverse("weekcyclus:groep_detail", args=[groep.pk]): 8,
        reverse("weekcyclus:groep_detail", args=[groep.pk]) + "?q=pe": 9,  # + the matches
    }
    for url, expected in urls.items():
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200
    for i in range(60):
        if i < 5:
            add_member(groep, UserFactory(organisation=org, team=team))
        TeamFactory(organisation=org, name=f"Team {i:02d}")
    for url, expected in urls.items():
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200
    body = client.get(reverse("team_list")).content.decode()
    assert len(re.findall(r'href="/teams/\d+/"', body)) == 50 and "Pagina 1 van 2" in body
    body = client.get(reverse("team_list"), {"q": "team 0"}).content.decode()
    assert len(re.findall(r'href="/teams/\d+/"', body)) == 10  # Team 00 … Team 09


def test_home_lists_the_next_sessions_of_my_groups(org, login, professional):
    groep = GroepFactory(organisation=org, name="Mijn groep")
    add_member(groep, professional)
    mine = SessieFactory(weekcyclus__groep=groep)
    other = SessieFactory(weekcyclus__groep=GroepFactory(organisation=org))
    body = login(professional).get(reverse("home")).content.decode()
    assert reverse("weekcyclus:sessie_detail", args=[mine.pk]) in body
    assert reverse("weekcyclus:sessie_detail", args=[other.pk]) not in body


def test_organisation_admin_sets_ai_and_others_get_404(org, login, client):
    admin = UserFactory(organisation=org, roles=[Role.ADMIN])
    login(admin)
    url = reverse("organisation_settings")
    assert "AI gebruiken voor concepten" in client.get(url).content.decode()
    client.post(url, {"llm_model": " llama3.1:8b "})
    org.refresh_from_db()
    assert org.ai_enabled is False and org.llm_model == "llama3.1:8b"
    client.post(url, {"ai_enabled": "on", "llm_model": ""})
    org.refresh_from_db()
    assert org.ai_enabled is True and org.llm_model == ""
    for role in (Role.PROFESSIONAL, Role.LEIDINGGEVENDE, Role.LO):
        login(UserFactory(organisation=org, roles=[role]))
        assert client.get(url).status_code == 404
        assert client.post(url, {"llm_model": "x"}).status_code == 404
    org.refresh_from_db()
    assert org.llm_model == ""
