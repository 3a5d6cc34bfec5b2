from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import timezone

from didactiek.models import (
    Verbetervoorstel,
    VoorstelDraft,
    VoorstelStem,
    VoorstelVersie,
    Werksituatie,
)
from trajecten.models import Leeractiviteit, ProfTraject, Tijdregistratie, Vraagkeuze
from weekcyclus.models import (
    Afspraak,
    Bijdrage,
    Deelnemer,
    Groep,
    GroepMember,
    Leervoornemen,
    Sessie,
    Stem,
    Weekcyclus,
)
from werkplekleren.demo import DEMO_PASSWORD
from werkplekleren.models import Organisation, Role, RoleAssignment, Team, User

MODELS = [
    Organisation,
    User,
    Team,
    RoleAssignment,
    Groep,
    GroepMember,
    Weekcyclus,
    Sessie,
    Werksituatie,
    Deelnemer,
    Bijdrage,
    Stem,
    Afspraak,
    Leervoornemen,
    Verbetervoorstel,
    VoorstelDraft,
    VoorstelStem,
    VoorstelVersie,
    ProfTraject,
    Vraagkeuze,
    Leeractiviteit,
    Tijdregistratie,
]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_creates_a_living_organisation():
    output = _seed()
    organisation = Organisation.objects.get()
    people = User.objects.filter(organisation=organisation)

    def with_role(role):
        return people.filter(role_assignments__role=role)

    assert Team.objects.filter(organisation=organisation).count() == 2
    assert with_role(Role.LEIDINGGEVENDE).count() == 2
    assert with_role(Role.LO).count() == 1
    assert with_role(Role.ADMIN).count() == 1
    assert with_role(Role.PROFESSIONAL).count() == 12
    assert all(team.leidinggevende for team in Team.objects.all())
    groepen = Groep.objects.filter(organisation=organisation)
    assert groepen.count() == 3
    for groep in groepen:
        assert groep.members.filter(status=GroepMember.Status.ACTIVE).count() == 4
    # Every group has a past week walked through the steps and a week under way.
    for groep in groepen:
        assert groep.weekcycli.count() == 2
        closed = Sessie.objects.filter(weekcyclus__groep=groep, state=Sessie.State.CLOSED)
        assert closed.count() >= 4
        assert Deelnemer.objects.filter(sessie__in=closed).count() >= 16  # attendance
        assert Bijdrage.objects.filter(sessie__weekcyclus__groep=groep, kind="idee").exists()
        assert Afspraak.objects.filter(sessie__weekcyclus__groep=groep).exists()
    states = set(Verbetervoorstel.objects.values_list("status", flat=True))
    assert states == {Verbetervoorstel.Status.CONCEPT, Verbetervoorstel.Status.GEVALIDEERD}
    # Drafts are honest templates in demo data, and validated proposals are frozen versions.
    assert VoorstelDraft.objects.exists()
    assert all(d.is_template and d.state == "klaar" for d in VoorstelDraft.objects.all())
    assert (
        VoorstelVersie.objects.count()
        == Verbetervoorstel.objects.filter(status="gevalideerd").count()
    )
    # Prof-trajecten in every state, with activities and logged time.
    states = list(ProfTraject.objects.values_list("state", flat=True))
    assert states.count("actief") == 9 and states.count("concept") == 1
    assert states.count("afgerond") == 1
    assert Tijdregistratie.objects.exists()
    assert Leeractiviteit.objects.exclude(reflectie="").exists()
    assert Leervoornemen.objects.filter(shared=True).exists()
    assert Leervoornemen.objects.filter(shared=False).exists()
    # This week's sessions that have not ended yet are still to come.
    upcoming = Sessie.objects.filter(starts_at__gt=timezone.now())
    assert all(s.state == Sessie.State.PLANNED for s in upcoming)
    assert DEMO_PASSWORD in output
    for person in people:
        assert person.email in output


@pytest.mark.django_db
def test_printed_logins_work_for_every_role():
    _seed()
    for role in Role:
        person = User.objects.filter(role_assignments__role=role).first()
        client = Client()
        assert client.login(username=person.email, password=DEMO_PASSWORD), role
        assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_seed_demo_twice_creates_nothing_new():
    _seed()
    before = _counts()
    output = _seed()
    assert _counts() == before
    assert "created: nothing" in output


@pytest.mark.django_db
@override_settings(DEMO_DATA_ALLOWED=False)
def test_seed_demo_refuses_where_demo_data_is_not_allowed():
    with pytest.raises(CommandError, match="DEMO_DATA_ALLOWED"):
        _seed()
    assert User.objects.count() == 0
