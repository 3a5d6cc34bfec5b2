"""Only the organisation's admins reach the admin pages; everyone else gets a 404."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, TeamFactory, UserFactory
from werkplekleren.models import Role, User


def urls(org, other_org):
    person = UserFactory(organisation=org)
    team = TeamFactory(organisation=org)
    return [
        ("get", reverse("organisation_settings")),
        ("post", reverse("organisation_settings")),
        ("get", reverse("beheer:teams")),
        ("post", reverse("beheer:teams")),
        ("get", reverse("beheer:team_edit", args=[team.pk])),
        ("post", reverse("beheer:team_edit", args=[team.pk])),
        ("get", reverse("beheer:people")),
        ("post", reverse("beheer:person_deactivate", args=[person.pk])),
        ("post", reverse("beheer:person_reactivate", args=[person.pk])),
        ("get", reverse("beheer:import")),
        ("post", reverse("beheer:import")),
        ("get", reverse("beheer:import_preview")),
        ("post", reverse("beheer:import_apply")),
    ]


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.LEIDINGGEVENDE, Role.LO])
def test_every_url_is_404_for_non_admins(org, other_org, login, role):
    client = login(UserFactory(organisation=org, roles=[role]))
    for method, url in urls(org, other_org):
        assert getattr(client, method)(url).status_code == 404, (method, url)


def test_admin_of_another_organisation_gets_404_for_our_objects(org, other_org, login):
    client = login(UserFactory(organisation=other_org, roles=[Role.ADMIN]))
    person = UserFactory(organisation=org)
    team = TeamFactory(organisation=org)
    for url in (
        reverse("beheer:team_edit", args=[team.pk]),
        reverse("beheer:person_deactivate", args=[person.pk]),
        reverse("beheer:person_reactivate", args=[person.pk]),
    ):
        assert client.post(url, {"name": "x", "gesprek_interval_weeks": 1}).status_code == 404
    assert client.get(reverse("beheer:team_edit", args=[team.pk])).status_code == 404
    person.refresh_from_db()
    assert person.is_active
    body = client.get(reverse("beheer:people"), {"active": ""}).content.decode()
    assert person.email not in body


def test_superuser_without_organisation_gets_404(org, other_org, client):
    User.objects.create_superuser("root@platform.example", PASSWORD, name="Root")
    assert client.login(username="root@platform.example", password=PASSWORD)
    for method, url in urls(org, other_org):
        assert getattr(client, method)(url).status_code == 404, (method, url)


def test_anonymous_is_sent_to_login(org, other_org, client):
    for method, url in urls(org, other_org):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and reverse("login") in response.url


def test_django_admin_is_for_superusers_only(org, login, client):
    admin_url = reverse("admin:index")
    staff_admin = UserFactory(organisation=org, roles=[Role.ADMIN], is_staff=True)
    login(staff_admin)
    assert client.get(admin_url).status_code == 302  # to the admin login: no access
    User.objects.create_superuser("root@platform.example", PASSWORD, name="Root")
    client.logout()
    assert client.login(username="root@platform.example", password=PASSWORD)
    assert client.get(admin_url).status_code == 200


def test_home_links_to_the_admin_pages(org, login, admin):
    body = login(admin).get(reverse("home")).content.decode()
    for name in ("beheer:teams", "beheer:people", "beheer:import", "organisation_settings"):
        assert reverse(name) in body
