"""People own their data (issue 12): a person downloads all of it; an organisation erases a
person who left (private content gone, group contributions kept as "oud-collega", hours and
aggregates unchanged); a retention rule erases deactivated people after N months."""

import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from profcirkel import services as profcirkel_services
from profcirkel.models import Agendapunt, Talentontwikkelgesprek
from tests.factories import (
    GroepFactory,
    LeeractiviteitFactory,
    ProfTrajectFactory,
    TeamFactory,
    UserFactory,
    add_member,
)
from tests.lo.seed import at, session
from trajecten import lo_selectors
from trajecten.models import Leeractiviteit, ProfTraject, Tijdregistratie
from weekcyclus.models import Bijdrage, Deelnemer, GroepMember, Leervoornemen
from werkplekleren import privacy
from werkplekleren.models import Role, User

REFLECTION = "Ik merk dat ik conflicten uit de weg ga"
MY_PRIVATE = "Eigenlijk wil ik naar een ander team"
THEIR_PRIVATE = "Let op: verzuim bespreken"
IDEA = "Een vaste overdracht om half drie"
OTHER_IDEA = "Iets van een collega"
MAY = date(2025, 5, 12)


@pytest.fixture
def person(org, team):
    """A professional with something of every kind, in a group with four colleagues."""
    user = UserFactory(organisation=org, team=team, name="Eva Eik", roles=[Role.PROFESSIONAL])
    traject = ProfTrajectFactory(user=user, state=ProfTraject.State.ACTIEF)
    activiteit = LeeractiviteitFactory(traject=traject, title="Boek lezen", reflectie=REFLECTION)
    Tijdregistratie.objects.create(activiteit=activiteit, day=timezone.localdate(), minutes=45)
    colleagues = [UserFactory(organisation=org, team=team) for _i in range(4)]
    groep = GroepFactory(organisation=org, created_by=user, name="Koffie & Kritiek")
    for member in (user, *colleagues):
        add_member(groep, member)
    sessie = session(groep, at(MAY), people=[user, *colleagues], energie=[5, 3, 3, 3, 3])
    mine = Deelnemer.objects.get(sessie=sessie, user=user)
    Bijdrage.objects.create(sessie=sessie, deelnemer=mine, kind=Bijdrage.Kind.IDEE, text=IDEA)
    theirs = Deelnemer.objects.get(sessie=sessie, user=colleagues[0])
    Bijdrage.objects.create(
        sessie=sessie, deelnemer=theirs, kind=Bijdrage.Kind.IDEE, text=OTHER_IDEA
    )
    Leervoornemen.objects.create(sessie=sessie, user=user, wil_leren="Beter feedback geven")
    gesprek = profcirkel_services.gesprek_plan(
        professional=user,
        leidinggevende=team.leidinggevende,
        planned_at=timezone.now() + timedelta(days=7),
    )
    Agendapunt.objects.create(gesprek=gesprek, author=user, text=MY_PRIVATE, shared=False)
    Agendapunt.objects.create(
        gesprek=gesprek, author=team.leidinggevende, text=THEIR_PRIVATE, shared=False
    )
    user.sessie = sessie
    user.colleagues = colleagues
    return user


def _zip(response) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def test_a_person_downloads_all_their_own_data(person, login):
    response = login(person).get(reverse("my_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    files = _zip(response)
    assert set(files) == {"gegevens.json", "gegevens.md"}
    data = json.loads(files["gegevens.json"])
    assert data["persoon"]["naam"] == "Eva Eik"
    activiteit = data["prof_trajecten"][0]["leeractiviteiten"][0]
    assert activiteit["reflectie"] == REFLECTION and activiteit["tijd"][0]["minuten"] == 45
    assert [b["tekst"] for b in data["bijdragen"]] == [IDEA]
    assert data["sessies"][0]["energie_bij_check_in"] == 5
    assert data["leervoornemens"][0]["wil_leren"] == "Beter feedback geven"
    points = [p["tekst"] for p in data["talentontwikkelgesprekken"][0]["punten"]]
    assert MY_PRIVATE in points
    # Never someone else's: the leidinggevende's private point, a colleague's idea.
    for text in (THEIR_PRIVATE, OTHER_IDEA):
        assert text not in files["gegevens.json"] and text not in files["gegevens.md"]
    assert REFLECTION in files["gegevens.md"] and "# Mijn gegevens: Eva Eik" in files["gegevens.md"]


def test_the_download_needs_a_login(client):
    response = client.get(reverse("my_data_download"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _team_figures(lo):
    today = date(2025, 6, 18)
    return (
        [
            (r.label, [(c.average, c.people) for c in r.cells])
            for r in lo_selectors.vitality(user=lo, today=today).rows
        ],
        [
            (r.label, [(c.average, c.people) for c in r.cells])
            for r in lo_selectors.session_hours(user=lo, today=today).rows
        ],
    )


def test_an_admin_erases_a_person_who_left(person, org, team, login):
    admin = UserFactory(organisation=org, roles=[Role.ADMIN])
    lo = UserFactory(organisation=org, roles=[Role.LO])
    client = login(admin)
    # Someone still active cannot be erased: deactivate first.
    assert client.get(reverse("beheer:person_erase", args=[person.pk])).status_code == 404
    client.post(reverse("beheer:person_deactivate", args=[person.pk]))
    person.refresh_from_db()
    assert person.deactivated_at is not None
    before = _team_figures(lo)
    assert dict(before[1])[team.name][-1] == (1 * 5, 5)  # five people, five hours in May

    page = client.get(reverse("beheer:person_erase", args=[person.pk]))
    assert page.status_code == 200 and "oud-collega" in page.content.decode()
    response = client.post(reverse("beheer:person_erase", args=[person.pk]))
    assert response.status_code == 302

    assert not User.objects.filter(pk=person.pk).exists()
    assert not ProfTraject.objects.filter(user_id=person.pk).exists()
    assert not Leeractiviteit.objects.filter(reflectie=REFLECTION).exists()
    assert not Leervoornemen.objects.filter(wil_leren="Beter feedback geven").exists()
    assert not Agendapunt.objects.filter(text=MY_PRIVATE).exists()
    assert not Talentontwikkelgesprek.objects.filter(professional_id=person.pk).exists()
    assert not GroepMember.objects.filter(user_id=person.pk).exists()
    # The group's session keeps the attendance and the idea, without the name.
    former = Deelnemer.objects.get(sessie=person.sessie, oud_collega__isnull=False)
    assert former.user_id is None and former.team_id == team.pk and former.energie == 5
    assert former.display_name == "oud-collega"
    assert Bijdrage.objects.get(text=IDEA).deelnemer_id == former.pk
    # Hours and team figures are what they were (the head count may only go down: then hide).
    after = _team_figures(lo)
    assert after == before
    # A colleague reads the session summary: it still reads well.
    colleague = Client()  # (the admin's client still holds its flash message)
    colleague.force_login(person.colleagues[0])
    summary = colleague.get(reverse("weekcyclus:summary", args=[person.sessie.pk]))
    body = summary.content.decode()
    assert summary.status_code == 200 and "oud-collega" in body and IDEA in body
    assert "Eva Eik" not in body


@pytest.mark.parametrize("who", ["colleague", "lo", "other_admin"])
def test_only_the_own_organisations_admin_may_erase(person, org, other_org, login, who):
    person.is_active = False
    person.save()
    viewer = {
        "colleague": lambda: person.colleagues[0],
        "lo": lambda: UserFactory(organisation=org, roles=[Role.LO]),
        "other_admin": lambda: UserFactory(organisation=other_org, roles=[Role.ADMIN]),
    }[who]()
    client = login(viewer)
    assert client.post(reverse("beheer:person_erase", args=[person.pk])).status_code == 404
    assert User.objects.filter(pk=person.pk).exists()


def test_retention_erases_deactivated_people_after_n_months(org, team, settings):
    settings.RETENTION_MONTHS_AFTER_DEACTIVATION = 24
    now = timezone.now()
    long_gone = UserFactory(organisation=org, team=team, is_active=False)
    recently = UserFactory(organisation=org, team=team, is_active=False)
    active = UserFactory(organisation=org, team=team)
    User.objects.filter(pk=long_gone.pk).update(deactivated_at=now - timedelta(days=25 * 31))
    User.objects.filter(pk=recently.pk).update(deactivated_at=now - timedelta(days=31))
    groep = GroepFactory(organisation=org, created_by=long_gone)
    session(groep, at(MAY), people=[long_gone, recently, active])

    from werkplekleren.tasks import erase_past_retention

    erase_past_retention.apply()
    assert not User.objects.filter(pk=long_gone.pk).exists()
    assert User.objects.filter(pk__in=[recently.pk, active.pk]).count() == 2
    assert Deelnemer.objects.filter(oud_collega__isnull=False, user__isnull=True).count() == 1
    # Switched off: nobody is erased.
    settings.RETENTION_MONTHS_AFTER_DEACTIVATION = 0
    User.objects.filter(pk=recently.pk).update(deactivated_at=now - timedelta(days=2000))
    assert privacy.people_erase_past_retention() == 0
    schedule = django_settings.CELERY_BEAT_SCHEDULE
    assert any(e["task"] == "werkplekleren.tasks.erase_past_retention" for e in schedule.values())


def test_the_team_of_an_erased_person_stays_on_their_rows(person, org):
    other = TeamFactory(organisation=org)
    team_id = person.team_id
    person.team = other
    person.is_active = False
    person.save()
    privacy.person_erase(person=person, by=None)
    assert Deelnemer.objects.get(sessie=person.sessie, oud_collega__isnull=False).team_id == team_id
