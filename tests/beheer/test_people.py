"""The people list (filters, fixed queries) and deactivation."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, GroepFactory, SessieFactory, UserFactory, add_member
from weekcyclus import access as weekcyclus_access
from weekcyclus.models import Bijdrage, Deelnemer, GroepMember
from werkplekleren import access, services
from werkplekleren.models import Role


def test_people_list_filters(as_admin, org, team, other_org):
    lo = UserFactory(organisation=org, name="Lotte Leren", roles=[Role.LO])
    member = UserFactory(organisation=org, name="Teun Team", team=team)
    gone = UserFactory(organisation=org, name="Vera Vertrokken", is_active=False)
    stranger = UserFactory(organisation=other_org, name="Xander Vreemd")
    url = reverse("beheer:people")

    body = as_admin.get(url).content.decode()
    assert lo.name in body and member.name in body and gone.name not in body
    assert stranger.name not in body
    body = as_admin.get(url, {"team": team.pk}).content.decode()
    assert member.name in body and lo.name not in body
    body = as_admin.get(url, {"role": "lo"}).content.decode()
    assert lo.name in body and member.name not in body
    body = as_admin.get(url, {"active": "0"}).content.decode()
    assert gone.name in body and member.name not in body and "Heractiveren" in body
    body = as_admin.get(url, {"active": ""}).content.decode()
    assert gone.name in body and member.name in body


def test_people_list_query_count_is_constant(as_admin, org, team, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert as_admin.get(reverse("beheer:people"), {"active": ""}).status_code == 200
        return len(ctx.captured_queries)

    UserFactory(organisation=org, team=team, roles=[Role.PROFESSIONAL, Role.LO])
    one = count()
    for _ in range(10):
        UserFactory(organisation=org, team=team, roles=[Role.PROFESSIONAL, Role.LEIDINGGEVENDE])
    assert count() == one


def test_deactivated_person_cannot_log_in_and_leaves_colleague_lists(as_admin, org, team, client):
    person = UserFactory(organisation=org, team=team)
    colleague = UserFactory(organisation=org, team=team)
    groep = GroepFactory(organisation=org, created_by=person)
    add_member(groep, person)
    sessie = SessieFactory(weekcyclus__groep=groep)
    deelnemer = Deelnemer.objects.create(sessie=sessie, user=person)
    idee = Bijdrage.objects.create(
        sessie=sessie, deelnemer=deelnemer, kind=Bijdrage.Kind.IDEE, text="Briefje bij de deur"
    )

    response = as_admin.post(reverse("beheer:person_deactivate", args=[person.pk]))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_active is False
    # History stays.
    assert Bijdrage.objects.filter(pk=idee.pk).exists()
    assert Deelnemer.objects.filter(pk=deelnemer.pk).exists()
    assert GroepMember.objects.filter(groep=groep, user=person).exists()
    # Gone from colleague lists.
    assert person not in access.people_for(colleague)
    assert person not in weekcyclus_access.groep_candidates_for(colleague)
    # Cannot log in.
    client.logout()
    assert not client.login(username=person.email, password=PASSWORD)


def test_an_open_session_ends_on_deactivation(org, client, admin):
    from django.test import Client

    person = UserFactory(organisation=org)
    their_browser = Client()
    assert their_browser.login(username=person.email, password=PASSWORD)
    assert their_browser.get(reverse("home")).status_code == 200
    services.person_deactivate(person=person, by=admin)
    assert their_browser.get(reverse("home")).status_code == 302  # back to the login page


def test_reactivate(as_admin, org):
    person = UserFactory(organisation=org, is_active=False)
    response = as_admin.post(reverse("beheer:person_reactivate", args=[person.pk]))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_active


def test_admin_cannot_deactivate_themselves(as_admin, admin):
    response = as_admin.post(reverse("beheer:person_deactivate", args=[admin.pk]), follow=True)
    assert "Je kunt jezelf niet deactiveren." in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_service_refuses_non_admins_and_self(org, admin, other_org):
    from django.core.exceptions import PermissionDenied, ValidationError

    person = UserFactory(organisation=org)
    with pytest.raises(ValidationError):
        services.person_deactivate(person=admin, by=admin)
    for by in (
        UserFactory(organisation=org, roles=[Role.LO]),
        UserFactory(organisation=other_org, roles=[Role.ADMIN]),
    ):
        with pytest.raises(PermissionDenied):
            services.person_deactivate(person=person, by=by)
