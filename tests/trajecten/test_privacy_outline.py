"""The outline of a Prof-traject: who may see it, and that it never shows how someone learns
(activities, reflections, talents, learning needs)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import GroepFactory, TeamFactory, UserFactory, add_member
from tests.trajecten.test_voortgang import at, choose, make_activiteit, make_sessie, make_traject
from werkplekleren.models import Role

SECRETS = {
    "activity": "Cursus omgaan met boze ouders",
    "reflection": "Ik merk dat ik conflicten uit de weg ga",
    "talent": "Rustig blijven onder druk",
    "need": "Meer zelfvertrouwen in moeilijke gesprekken",
}


@pytest.fixture
def traject(org, professional, kader):
    today = timezone.localdate()
    traject = make_traject(
        professional,
        start=today - timedelta(days=14),
        end=today + timedelta(days=150),
        ambitie="Ik wil sterker worden in oudergesprekken.",
        talenten=SECRETS["talent"],
        leerbehoeften=SECRETS["need"],
    )
    make_activiteit(
        traject, title=SECRETS["activity"], vragen=[3], logs=[(today - timedelta(days=2), 90)]
    )
    traject.activiteiten.update(reflectie=SECRETS["reflection"])
    choose(traject, today - timedelta(days=today.weekday()), [3, 9])
    groep = GroepFactory(organisation=org, created_by=professional)
    add_member(groep, professional)
    make_sessie(groep, at(today - timedelta(days=3)), present=[professional])
    return traject


def assert_no_secrets(body: str):
    for kind, text in SECRETS.items():
        assert text not in body, kind


def test_leidinggevende_and_lo_see_the_outline_only(org, team, traject, login):
    lo = UserFactory(organisation=org, roles=[Role.LO])
    url = reverse("trajecten:outline", args=[traject.pk])
    for viewer in (team.leidinggevende, lo):
        response = login(viewer).get(url)
        assert response.status_code == 200, viewer
        body = response.content.decode()
        assert "Ik wil sterker worden in oudergesprekken." in body
        # 90 minutes logged + a 60-minute session; L&O sees hours only as aggregates.
        assert ("2,5 van" in body) == (viewer == team.leidinggevende)
        assert_no_secrets(body)


def test_the_person_sees_their_own_outline(professional, traject, login):
    body = login(professional).get(reverse("trajecten:outline", args=[traject.pk]))
    assert body.status_code == 200
    assert_no_secrets(body.content.decode())


@pytest.mark.parametrize(
    "who",
    ["other_organisation", "colleague", "admin", "other_leidinggevende", "teammate"],
)
def test_outline_is_404_for_everyone_else(who, org, other_org, team, traject, login):
    viewer = {
        "other_organisation": lambda: UserFactory(organisation=other_org, roles=list(Role)),
        "colleague": lambda: UserFactory(organisation=org, roles=[Role.PROFESSIONAL]),
        "admin": lambda: UserFactory(organisation=org, roles=[Role.ADMIN]),
        "other_leidinggevende": lambda: TeamFactory(organisation=org).leidinggevende,
        "teammate": lambda: UserFactory(organisation=org, team=team),
    }[who]()
    client = login(viewer)
    assert client.get(reverse("trajecten:outline", args=[traject.pk])).status_code == 404
    assert client.get(reverse("trajecten:detail", args=[traject.pk])).status_code == 404


def test_leidinggevende_and_lo_cannot_open_the_progress_page(org, team, traject, login):
    lo = UserFactory(organisation=org, roles=[Role.LO, Role.PROFESSIONAL])
    for viewer in (team.leidinggevende, lo):
        client = login(viewer)
        assert client.get(reverse("trajecten:detail", args=[traject.pk])).status_code == 404
        response = client.get(reverse("trajecten:voortgang"))
        assert response.status_code == 200, viewer  # their own progress page, not the other's
        assert_no_secrets(response.content.decode())


def test_team_page_shows_outline_links_to_its_leidinggevende_only(
    org, team, professional, traject, login
):
    url = reverse("team_detail", args=[team.pk])
    outline_url = reverse("trajecten:outline", args=[traject.pk])
    body = login(team.leidinggevende).get(url).content.decode()
    assert outline_url in body
    assert "2,5 van" in body
    assert_no_secrets(body)
    lo = UserFactory(organisation=org, roles=[Role.LO])
    for viewer in (professional, lo, TeamFactory(organisation=org).leidinggevende):
        response = login(viewer).get(url)
        assert response.status_code == 200, viewer  # the team page itself (the directory)
        body = response.content.decode()
        assert team.name in body and professional.name in body, viewer
        assert outline_url not in body, viewer
        assert_no_secrets(body)


def test_team_page_of_the_leidinggevende_in_fixed_queries(
    org, team, traject, login, django_assert_num_queries
):
    client = login(team.leidinggevende)
    url = reverse("team_detail", args=[team.pk])
    # session, user, roles, team, members, led members, then the outlines: trajecten,
    # sessions, logged time, proposals, choices; then next conversations and proposal states
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200
    today = timezone.localdate()
    for _ in range(5):
        member = UserFactory(organisation=org, team=team)
        other = make_traject(member, start=today - timedelta(days=7))
        make_activiteit(other, title="Iets", logs=[(today, 30)])
    with django_assert_num_queries(13):
        body = client.get(url).content.decode()
    assert body.count("/traject/overzicht/") == 6
