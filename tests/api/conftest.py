"""One organisation with every role and something of each kind, and a second organisation
with the same, for the API tests."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from didactiek.models import Verbetervoorstel
from profcirkel import services as profcirkel_services
from profcirkel.models import Agendapunt, Gespreksafspraak
from tests.factories import LeeractiviteitFactory, ProfTrajectFactory, TeamFactory, UserFactory
from tests.weekcyclus.sessie_setup import group_with_session
from trajecten.models import ProfTraject
from weekcyclus import services as weekcyclus_services
from weekcyclus import steps
from weekcyclus.models import Bijdrage, Sessie
from werkplekleren.models import Role

SECRETS = {
    "activity": "Cursus omgaan met boze ouders",
    "reflection": "Ik merk dat ik conflicten uit de weg ga",
    "talent": "Rustig blijven onder druk",
    "need": "Meer zelfvertrouwen in moeilijke gesprekken",
}
# The other organisation's are different texts (not containing these), so a leak shows.
SECRETS_B = {kind: text.upper() for kind, text in SECRETS.items()}
PRIVATE_OF_PROFESSIONAL = "Eigenlijk wil ik naar een ander team"
PRIVATE_OF_LEIDINGGEVENDE = "Let op: verzuim bespreken"
SHARED_POINT = "Hoe gaat het met de overdracht?"


def _organisation(org, *, label: str):
    """Everything of one organisation: a team, a group with a live brainstorm, a validated
    proposal, a traject with a private reflection, a conversation with private points."""
    secrets = SECRETS if label == "A" else SECRETS_B
    team = TeamFactory(organisation=org, name=f"Team {label}")
    leidinggevende = team.leidinggevende
    groep, members, cyclus, sessie = group_with_session(org, n_members=3)
    groep.name = f"Groep {label}"
    groep.save()
    professional = members[0]
    professional.team = team
    professional.save()
    weekcyclus_services.sessie_start(sessie=sessie, by=professional)
    weekcyclus_services.sessie_goto_step(
        sessie=sessie, by=professional, step=steps.index("brainstorm")
    )
    deelnemer = weekcyclus_services.sessie_join(sessie=sessie, user=members[1])
    idee = weekcyclus_services.bijdrage_add(
        deelnemer=deelnemer, kind=Bijdrage.Kind.IDEE, text=f"Idee van {label}"
    )
    # A closed earlier session of the group with its validated proposal, now overdue.
    voorstel = Verbetervoorstel.objects.create(
        organisation=org,
        sessie=_closed_session(cyclus),
        titel=f"Voorstel {label}",
        status=Verbetervoorstel.Status.IN_UITVOERING,
        owner=leidinggevende,
        due_date=timezone.localdate() - timedelta(days=1),
    )
    traject = ProfTrajectFactory(
        user=professional,
        state=ProfTraject.State.ACTIEF,
        ambitie=f"Ambitie {label}",
        talenten=secrets["talent"],
        leerbehoeften=secrets["need"],
    )
    LeeractiviteitFactory(
        traject=traject, title=secrets["activity"], reflectie=secrets["reflection"]
    )
    gesprek = profcirkel_services.gesprek_plan(
        professional=professional,
        leidinggevende=leidinggevende,
        planned_at=timezone.now() + timedelta(days=7),
    )
    Agendapunt.objects.create(gesprek=gesprek, author=professional, text=SHARED_POINT)
    Agendapunt.objects.create(
        gesprek=gesprek, author=professional, text=PRIVATE_OF_PROFESSIONAL, shared=False
    )
    Agendapunt.objects.create(
        gesprek=gesprek, author=leidinggevende, text=PRIVATE_OF_LEIDINGGEVENDE, shared=False
    )
    Gespreksafspraak.objects.create(gesprek=gesprek, owner=professional, text="Boek lezen")
    return SimpleNamespace(
        org=org,
        team=team,
        leidinggevende=leidinggevende,
        professional=professional,
        member=members[1],
        third=members[2],  # a member who has not joined the live session yet
        groep=groep,
        cyclus=cyclus,
        sessie=sessie,
        idee=idee,
        voorstel=voorstel,
        traject=traject,
        gesprek=gesprek,
        non_member=UserFactory(organisation=org, team=team),
        lo=UserFactory(organisation=org, roles=[Role.LO]),
        admin=UserFactory(organisation=org, roles=[Role.ADMIN]),
        other_leidinggevende=TeamFactory(organisation=org).leidinggevende,
    )


def _closed_session(cyclus):
    first = cyclus.sessies.get(number=1)
    return Sessie.objects.create(
        weekcyclus=cyclus,
        number=2,
        starts_at=first.starts_at - timedelta(days=1),
        state=Sessie.State.CLOSED,
    )


@pytest.fixture
def world(org, other_org, kader):
    return SimpleNamespace(a=_organisation(org, label="A"), b=_organisation(other_org, label="B"))


@pytest.fixture
def api():
    """An API client authenticated with the user's token: ``api(user)``."""

    def _api(user):
        client = APIClient()
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return _api
