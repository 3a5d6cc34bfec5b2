"""Admin lists stay one page in a large organisation: search, filters, person field by
e-mail with suggestions, and a fixed number of queries however many people and teams."""

import re

from django.urls import reverse

from tests.factories import TeamFactory, UserFactory
from werkplekleren.models import Role, Team


def test_people_search_by_name_or_email_and_team_name(as_admin, org, team, other_org):
    anna = UserFactory(organisation=org, name="Anna Zoeker", email="a.zoeker@org.example")
    bert = UserFactory(organisation=org, name="Bert Bos", team=team)
    UserFactory(organisation=other_org, name="Anna Vreemd")
    url = reverse("beheer:people")
    body = as_admin.get(url, {"q": "  zoek "}).content.decode()
    assert anna.name in body and bert.name not in body and "Anna Vreemd" not in body
    body = as_admin.get(url, {"q": "A.ZOEKER@"}).content.decode()
    assert anna.name in body
    body = as_admin.get(url, {"team": team.name[2:6]}).content.decode()
    assert bert.name in body and anna.name not in body
    body = as_admin.get(url, {"q": "x" * 300}).content.decode()  # cut short, not ignored
    assert "Niemand gevonden met deze filters." in body and bert.name not in body


def test_team_pages_are_paginated_and_searchable(as_admin, org, team, django_assert_num_queries):
    url = reverse("beheer:teams")
    # session, user, roles, the number of teams, one page of teams with counts
    with django_assert_num_queries(5):
        assert as_admin.get(url).status_code == 200
    for i in range(55):
        TeamFactory(organisation=org, name=f"Afdeling {i:02d}")
        UserFactory(organisation=org, team=Team.objects.get(name=f"Afdeling {i:02d}"))
    with django_assert_num_queries(5):
        body = as_admin.get(url).content.decode()
    assert len(re.findall(r'/organisatie/beheer/teams/\d+/"', body)) == 50
    assert "Pagina 1 van 2" in body and "56 teams" in body
    body = as_admin.get(url, {"pagina": "2"}).content.decode()
    assert len(re.findall(r'/organisatie/beheer/teams/\d+/"', body)) == 6
    with django_assert_num_queries(5):
        body = as_admin.get(url, {"q": "afdeling 1"}).content.decode()
    assert len(re.findall(r'/organisatie/beheer/teams/\d+/"', body)) == 10
    # The new-team form asks for an e-mail address: no select of every person.
    assert "<option" not in body
    response = as_admin.get(url, {"pagina": "zzz", "q": "afdeling"})
    assert response.status_code == 200 and "Pagina 1 van 2" in response.content.decode()


def test_leidinggevende_by_email_with_suggestions(as_admin, org, team, other_org):
    person = UserFactory(
        organisation=org, name="Lea Leider", email="lea@org.example", roles=[Role.PROFESSIONAL]
    )
    UserFactory(organisation=other_org, name="Lea Vreemd", email="lea@vreemd.example")
    options = reverse("beheer:person_options")
    body = as_admin.get(options, {"leidinggevende": "lea"}, HTTP_HX_REQUEST="true")
    body = body.content.decode()
    assert '<option value="lea@org.example">Lea Leider' in body and "vreemd" not in body
    assert "<option" not in as_admin.get(options, {"leidinggevende": "l"}).content.decode()
    response = as_admin.post(
        reverse("beheer:teams"),
        {"name": "Team Noord", "leidinggevende": " LEA@org.example ", "gesprek_interval_weeks": 8},
    )
    assert response.status_code == 302
    created = Team.objects.get(name="Team Noord")
    assert created.leidinggevende == person
    edit = as_admin.get(reverse("beheer:team_edit", args=[created.pk])).content.decode()
    assert 'value="lea@org.example"' in edit
    response = as_admin.post(
        reverse("beheer:teams"),
        {"name": "Team Oost", "leidinggevende": "lea@vreemd.example", "gesprek_interval_weeks": 8},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kies iemand uit de lijst." in body and 'value="lea@vreemd.example"' in body


def test_person_options_are_for_admins_only(org, login):
    client = login(UserFactory(organisation=org, roles=[Role.PROFESSIONAL]))
    assert client.get(reverse("beheer:person_options"), {"q": "an"}).status_code == 404


def test_filters_with_ids_beyond_64_bits_find_nobody(as_admin, org, team):
    UserFactory(organisation=org, name="Bert Bos", team=team)
    response = as_admin.get(reverse("beheer:people"), {"team": "1180591620717411303424"})
    assert response.status_code == 200
    assert "Niemand gevonden met deze filters." in response.content.decode()
