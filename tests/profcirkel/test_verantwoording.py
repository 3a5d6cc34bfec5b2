"""Two-way accountability of a team: the leidinggevende's agreements (never which
conversation or person they came from), the organisation's answers to the team's proposals,
and the question-10 wishes the team's professionals shared — never a private one."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from didactiek.models import Verbetervoorstel
from profcirkel import services
from profcirkel.models import ProfCirkel
from tests.factories import GroepFactory, SessieFactory, TeamFactory, UserFactory, WeekcyclusFactory
from weekcyclus.models import Leervoornemen
from werkplekleren.models import Role

PLANNED = datetime(2031, 3, 11, 10, 0)


@pytest.fixture
def lg(team):
    return team.leidinggevende


@pytest.fixture
def url(team):
    return reverse("profcirkel:verantwoording", args=[team.pk])


def _gesprek(professional, lg, planned=PLANNED):
    return services.gesprek_plan(
        professional=professional, leidinggevende=lg, planned_at=timezone.make_aware(planned)
    )


def _sessie(org):
    groep = GroepFactory(organisation=org)
    return SessieFactory(weekcyclus=WeekcyclusFactory(groep=groep))


@pytest.mark.parametrize("who", ["member", "leidinggevende", "member_with_lo_role"])
def test_the_team_and_its_leidinggevende_may_read(who, org, team, professional, lg, url, login):
    viewer = {
        "member": lambda: professional,
        "leidinggevende": lambda: lg,
        "member_with_lo_role": lambda: UserFactory(organisation=org, team=team, roles=[Role.LO]),
    }[who]()
    assert login(viewer).get(url).status_code == 200


@pytest.mark.parametrize(
    "who", ["lo", "admin", "other_team", "other_leidinggevende", "other_organisation"]
)
def test_everyone_else_gets_404(who, org, other_org, team, url, login):
    viewer = {
        "lo": lambda: UserFactory(organisation=org, roles=[Role.LO]),
        "admin": lambda: UserFactory(organisation=org, roles=[Role.ADMIN]),
        "other_team": lambda: UserFactory(organisation=org, team=TeamFactory(organisation=org)),
        "other_leidinggevende": lambda: TeamFactory(organisation=org).leidinggevende,
        "other_organisation": lambda: UserFactory(organisation=other_org, roles=list(Role)),
    }[who]()
    client = login(viewer)
    assert client.get(url).status_code == 404
    assert client.get(reverse("profcirkel:verantwoording", args=[999999])).status_code == 404


def test_agreements_of_the_leidinggevende_without_their_conversation(
    org, team, professional, lg, url, login
):
    colleague = UserFactory(organisation=org, team=team)
    gesprek = _gesprek(professional, lg)
    services.gespreksafspraak_add(
        gesprek=gesprek,
        by=lg,
        text="Budget voor de training regelen",
        owner=lg,
        for_organisation=True,
        due_date=date(2031, 4, 30),
    )
    done = services.gespreksafspraak_add(
        gesprek=gesprek, by=lg, text="Rooster aanpassen voor de groep", owner=lg
    )
    services.gespreksafspraak_done(afspraak=done, by=lg)
    services.gespreksafspraak_add(
        gesprek=gesprek, by=lg, text="Ik lees het boek over feedback", owner=professional
    )
    # The same leidinggevende's agreement with someone in another team they lead.
    other_team = TeamFactory(organisation=org, leidinggevende=lg)
    elsewhere = UserFactory(organisation=org, team=other_team)
    services.gespreksafspraak_add(
        gesprek=_gesprek(elsewhere, lg), by=lg, text="Afspraak in een ander team", owner=lg
    )

    body = login(colleague).get(url).content.decode()
    assert "Budget voor de training regelen" in body
    assert "30 april 2031" in body  # the due date is the agreement's own
    assert "Rooster aanpassen voor de groep" in body
    assert body.index("Budget voor de training regelen") < body.index("Gedaan")
    assert body.index("Gedaan") < body.index("Rooster aanpassen voor de groep")
    # Not the professional's own agreements, not another team's.
    assert "Ik lees het boek over feedback" not in body
    assert "Afspraak in een ander team" not in body
    # Nothing says which conversation or whom: no link, no date, no name.
    assert not re.search(r"/gesprekken/\d", body)  # no link to any one conversation
    assert professional.name not in body
    assert "11 maart 2031" not in body and "2031-03-11" not in body
    assert "Talentontwikkelgesprek met" not in body


def test_answers_to_the_teams_proposals(org, team, lg, professional, url, login):
    cirkel = ProfCirkel.objects.create(organisation=org, team=team)
    other_cirkel = ProfCirkel.objects.create(organisation=org, team=TeamFactory(organisation=org))
    owner = UserFactory(organisation=org, roles=[Role.LO])
    Verbetervoorstel.objects.create(
        organisation=org,
        sessie=_sessie(org),
        titel="Digitale overdracht",
        status=Verbetervoorstel.Status.IN_UITVOERING,
        cirkel=cirkel,
        antwoord=Verbetervoorstel.Antwoord.AANGEPAST,
        antwoord_reden="Eerst op één afdeling proberen.",
        answered_at=timezone.now(),
        owner=owner,
    )
    Verbetervoorstel.objects.create(
        organisation=org,
        sessie=_sessie(org),
        titel="Nog niet beantwoord",
        status=Verbetervoorstel.Status.INGEDIEND,
        cirkel=cirkel,
    )
    Verbetervoorstel.objects.create(
        organisation=org,
        sessie=_sessie(org),
        titel="Van een ander team",
        status=Verbetervoorstel.Status.BEANTWOORD,
        cirkel=other_cirkel,
        antwoord=Verbetervoorstel.Antwoord.AFGEWEZEN,
        antwoord_reden="Past niet.",
    )
    for viewer in (professional, lg):
        body = login(viewer).get(url).content.decode()
        assert "Digitale overdracht" in body
        assert "Aangepast overgenomen" in body
        assert "Eerst op één afdeling proberen." in body
        assert "In uitvoering" in body
        assert owner.name in body
        assert "Nog niet beantwoord" not in body
        assert "Van een ander team" not in body


def test_shared_question_10_wishes_only_never_private_ones(org, team, professional, lg, url, login):
    sessie = _sessie(org)
    Leervoornemen.objects.create(
        sessie=sessie,
        user=professional,
        organisatie_kan="Een rustige ruimte om te leren",
        wil_leren="Beter plannen (vraag 9, niet voor hier)",
        shared=True,
    )
    colleague = UserFactory(organisation=org, team=team)
    Leervoornemen.objects.create(
        sessie=sessie,
        user=colleague,
        organisatie_kan="Privé: ik wil minder uren werken",
        shared=False,
    )
    elsewhere = UserFactory(organisation=org, team=TeamFactory(organisation=org))
    Leervoornemen.objects.create(
        sessie=sessie, user=elsewhere, organisatie_kan="Wens uit een ander team", shared=True
    )
    Leervoornemen.objects.create(
        sessie=_sessie(org), user=colleague, organisatie_kan="", wil_leren="x", shared=True
    )
    body = login(lg).get(url).content.decode()
    assert "Een rustige ruimte om te leren" in body
    assert "Privé: ik wil minder uren werken" not in body
    assert "Beter plannen" not in body
    assert "Wens uit een ander team" not in body
    assert professional.name not in body  # a wish is told without its author
    assert "Privé: ik wil minder uren werken" not in login(colleague).get(url).content.decode()


def test_accountability_page_in_fixed_queries(
    org, team, professional, lg, url, login, django_assert_num_queries
):
    client = login(professional)
    # session, user, roles, team; agreements, proposals, wishes; the teams below (issue 16)
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
    cirkel = ProfCirkel.objects.create(organisation=org, team=team)
    for n in range(4):
        services.gespreksafspraak_add(
            gesprek=_gesprek(professional, lg, PLANNED + timedelta(weeks=n)),
            by=lg,
            text=f"Afspraak {n}",
            owner=lg,
        )
        Verbetervoorstel.objects.create(
            organisation=org,
            sessie=_sessie(org),
            titel=f"Voorstel {n}",
            status=Verbetervoorstel.Status.BEANTWOORD,
            cirkel=cirkel,
            antwoord=Verbetervoorstel.Antwoord.OVERGENOMEN,
            owner=lg,
        )
    with django_assert_num_queries(8):
        body = client.get(url).content.decode()
    assert body.count("Afspraak ") == 4 and body.count("Voorstel ") == 4


def test_conversation_list_links_to_the_accountability_page(org, team, professional, lg, login):
    url = reverse("profcirkel:verantwoording", args=[team.pk])
    for viewer in (professional, lg):
        assert url in login(viewer).get(reverse("profcirkel:gesprek_list")).content.decode()
    lo = UserFactory(organisation=org, roles=[Role.LO])
    assert url not in login(lo).get(reverse("profcirkel:gesprek_list")).content.decode()
