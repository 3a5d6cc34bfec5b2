from io import StringIO

import pytest
from django.core import mail
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
from profcirkel.models import (
    Agendapunt,
    Bijeenkomst,
    Gespreksafspraak,
    ProfCirkel,
    Talentontwikkelgesprek,
    VoorstelUpdate,
)
from trajecten import lo_selectors
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
    ProfCirkel,
    Bijeenkomst,
    Talentontwikkelgesprek,
    Agendapunt,
    Gespreksafspraak,
    VoorstelUpdate,
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

    # Two teams, and the team above them (accountability upward, profcirkel/demo.py).
    assert Team.objects.filter(organisation=organisation).count() == 3
    above = Team.objects.get(organisation=organisation, parent__isnull=True)
    assert set(above.children.values_list("name", flat=True)) == {
        "Thuiszorg Noord",
        "Planning & Administratie",
    }
    assert with_role(Role.LEIDINGGEVENDE).count() == 3
    assert with_role(Role.LO).count() == 1
    assert with_role(Role.ADMIN).count() == 1
    assert with_role(Role.PROFESSIONAL).count() == 13 + 1 + 1  # + one invited, + one who left
    # One of them left: deactivated, for the administrator's "Gegevens wissen".
    assert list(people.filter(is_active=False).values_list("name", flat=True)) == ["Wim Vertrokken"]
    assert people.get(is_active=False).deactivated_at is not None
    assert all(team.leidinggevende for team in Team.objects.all())
    groepen = Groep.objects.filter(organisation=organisation)
    assert groepen.count() == 3
    for groep in groepen:
        assert groep.members.filter(status=GroepMember.Status.ACTIVE).count() == 4
    # Every group has a past week walked through the steps and a week under way, and half a
    # year of history behind it (a session a month, profcirkel/demo.py).
    for groep in groepen:
        assert groep.weekcycli.count() == 2 + 6
        closed = Sessie.objects.filter(weekcyclus__groep=groep, state=Sessie.State.CLOSED)
        assert closed.count() >= 4
        assert Deelnemer.objects.filter(sessie__in=closed).count() >= 16  # attendance
        assert Bijdrage.objects.filter(sessie__weekcyclus__groep=groep, kind="idee").exists()
        assert Afspraak.objects.filter(sessie__weekcyclus__groep=groep).exists()
    # Drafts are honest templates in demo data, and validated proposals are frozen versions.
    assert VoorstelDraft.objects.exists()
    assert all(d.is_template and d.state == "klaar" for d in VoorstelDraft.objects.all())
    assert (
        VoorstelVersie.objects.count()
        == Verbetervoorstel.objects.exclude(status=Verbetervoorstel.Status.CONCEPT).count()
    )
    # Prof-trajecten in every state, with activities and logged time.
    states = list(ProfTraject.objects.values_list("state", flat=True))
    assert states.count("actief") == 10 and states.count("concept") == 1
    # One of them stalled and ending soon, so L&O's dashboard shows every signal.
    lo = User.objects.get(email="femke.dewit@linde.example")
    counts = lo_selectors.signals(user=lo).counts
    assert counts["stil"] == 1 and counts["eindigt"] == 1
    # One finished traject of the demo's first professional, and an earlier one behind the
    # active ones of nine others (profcirkel/demo.py: hours made available in past months).
    assert states.count("afgerond") == 1 + 9
    assert Tijdregistratie.objects.exists()
    assert Leeractiviteit.objects.exclude(reflectie="").exists()
    assert Leervoornemen.objects.filter(shared=True).exists()
    assert Leervoornemen.objects.filter(shared=False).exists()
    # This week's sessions that have not ended yet are still to come.
    upcoming = Sessie.objects.filter(starts_at__gt=timezone.now())
    assert all(s.state == Sessie.State.PLANNED for s in upcoming)
    assert DEMO_PASSWORD in output
    for person in people.filter(is_active=True):  # (who left cannot log in)
        assert person.email in output


@pytest.mark.django_db
def test_seed_demo_follows_proposals_up_in_every_state():
    _seed()
    Status = Verbetervoorstel.Status
    by_status = {status: Verbetervoorstel.objects.filter(status=status) for status in Status}
    for status in Status:  # concept and gevalideerd too: a proposal still to submit
        assert by_status[status].exists(), status
    assert (
        by_status[Status.BEANTWOORD]
        .filter(antwoord="afgewezen")
        .exclude(antwoord_reden="")
        .exists()
    )
    today = timezone.localdate()
    overdue = by_status[Status.IN_UITVOERING].filter(due_date__lt=today)
    assert overdue.exists() and overdue.first().owner is not None
    assert by_status[Status.EFFECT_BEOORDEELD].exclude(effect="").exists()
    # Every step is told to the group; the follow-up went to the submitter's team circle.
    for voorstel in Verbetervoorstel.objects.exclude(status__in=["concept", "gevalideerd"]):
        assert voorstel.updates.exists()
        assert voorstel.cirkel is not None
        assert voorstel.submitted_at <= timezone.now()
    # Each team has its circle with a meeting in the past.
    for team in Team.objects.all():
        assert team.cirkel.bijeenkomsten.filter(held_on__lt=today).count() == 1
    assert mail.outbox == []  # the demo's history is nobody's news


@pytest.mark.django_db
def test_seed_demo_holds_and_plans_talentontwikkelgesprekken():
    _seed()
    Gesprek = Talentontwikkelgesprek
    held = Gesprek.objects.filter(state=Gesprek.State.GEHOUDEN)
    planned = Gesprek.objects.filter(state=Gesprek.State.GEPLAND)
    assert held.count() >= 4
    for team in Team.objects.filter(members__role_assignments__role=Role.PROFESSIONAL).distinct():
        assert held.filter(leidinggevende=team.leidinggevende, professional__team=team).exists()
    for gesprek in held:
        assert gesprek.held_at < timezone.now()
        # The next one was planned automatically, later than this one, for the same pair.
        assert planned.filter(
            professional=gesprek.professional,
            leidinggevende=gesprek.leidinggevende,
            planned_at__gt=timezone.now(),
        ).exists()
        assert gesprek.agendapunten.filter(shared=True).exists()
        afspraken = gesprek.afspraken.all()
        assert afspraken.filter(owner=gesprek.professional, for_organisation=False).exists()
        assert afspraken.filter(owner=gesprek.leidinggevende, for_organisation=True).exists()
    assert Agendapunt.objects.filter(shared=False, gesprek__in=held).exists()
    # A private point not discussed moves on to the next conversation, still private.
    assert Agendapunt.objects.filter(
        shared=False, carried_from__isnull=False, gesprek__in=planned
    ).exists()
    assert Gespreksafspraak.objects.filter(done_at__isnull=False).exists()
    assert Gespreksafspraak.objects.filter(done_at__isnull=True).exists()


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


@pytest.mark.django_db
def test_seed_demo_has_one_person_with_a_pending_invitation():
    from werkplekleren.models import Invitation, OutgoingMail

    output = _seed()
    (invitation,) = Invitation.objects.filter(accepted_at__isnull=True)
    assert invitation.user.email in output and not invitation.user.has_usable_password()
    assert OutgoingMail.objects.count() == 0  # nothing is mailed by the demo
    # The admin sends it from the invitations page; the link then lets the person in.
    admin = User.objects.get(role_assignments__role=Role.ADMIN)
    client = Client()
    client.force_login(admin)
    response = client.post(f"/organisatie/beheer/uitnodigingen/{invitation.pk}/opnieuw/")
    assert response.status_code == 302
    assert OutgoingMail.objects.filter(kind="invitation", to=invitation.user.email).count() == 1
