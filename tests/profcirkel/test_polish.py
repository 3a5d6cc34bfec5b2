"""Where people stumbled in conversations and circles: a conversation planned in 2020, an
agreement due in 2019, the effect form showing one mistake at a time and refusing "20%", and
the same wish or agreement listed three times on the team's accountability page."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from didactiek.models import Verbetervoorstel
from profcirkel import services
from profcirkel.models import Gespreksafspraak, Talentontwikkelgesprek
from tests.factories import GroepFactory, SessieFactory, UserFactory, WeekcyclusFactory
from tests.profcirkel.test_voorstel_lifecycle import realised
from tests.profcirkel.test_voorstel_lifecycle import world as world  # noqa: F401 (fixture)
from weekcyclus.models import Leervoornemen


@pytest.fixture
def lg(team):
    return team.leidinggevende


def _planned(professional, lg):
    when = timezone.now() + timedelta(days=3)
    return services.gesprek_plan(professional=professional, leidinggevende=lg, planned_at=when)


def test_a_conversation_is_not_planned_in_the_past(professional, lg, login):
    client = login(lg)
    response = client.post(
        reverse("profcirkel:gesprek_plan"),
        {"professional": professional.pk, "planned_at": "2020-03-10T10:00"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Die datum is al voorbij: kies vandaag of later." in html
    assert 'value="2020-03-10T10:00"' in html  # what was typed stays
    assert not Talentontwikkelgesprek.objects.exists()
    later = (timezone.localdate() + timedelta(days=2)).isoformat() + "T10:00"
    ok = client.post(
        reverse("profcirkel:gesprek_plan"), {"professional": professional.pk, "planned_at": later}
    )
    assert ok.status_code == 302 and Talentontwikkelgesprek.objects.count() == 1


def test_an_agreement_is_not_due_in_the_past(professional, lg, login):
    gesprek = _planned(professional, lg)
    client = login(lg)
    url = reverse("profcirkel:gespreksafspraak_add", args=[gesprek.pk])
    response = client.post(
        url, {"text": "Budget regelen", "wie": "leidinggevende", "due_date": "2019-05-01"}
    )
    html = response.content.decode()
    assert "Die datum is al voorbij: kies vandaag of later." in html
    assert "Budget regelen" in html  # what was typed stays
    assert not Gespreksafspraak.objects.exists()
    today = timezone.localdate().isoformat()
    client.post(url, {"text": "Budget regelen", "wie": "leidinggevende", "due_date": today})
    assert Gespreksafspraak.objects.get().due_date == timezone.localdate()


def test_the_effect_form_shows_every_mistake_at_once(world, login):  # noqa: F811
    v = realised(world)
    client = login(world.members[2])
    response = client.post(
        reverse("profcirkel:voorstel_review", args=[v.pk]),
        {"eff-effect": "", "eff-uren_bespaard": "veel", "eff-tevredenheid": "11"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    for message in (
        "Beschrijf wat er veranderde.",
        "Uren bespaard (per week) moet een getal zijn.",
        "Tevredenheid (1–10) ligt tussen 1 en 10.",
    ):
        assert message in html, message


def test_a_percentage_may_be_written_with_its_sign(world, login):  # noqa: F811
    v = realised(world)
    client = login(world.members[2])
    response = client.post(
        reverse("profcirkel:voorstel_review", args=[v.pk]),
        {"eff-effect": "Minder fouten", "eff-foutpercentage": "20%"},
    )
    assert response.status_code == 302
    v = Verbetervoorstel.objects.get(pk=v.pk)
    assert v.effect_cijfers == {"foutpercentage": 20}


def test_the_accountability_page_lists_each_wish_and_agreement_once(
    org, team, professional, lg, login
):
    colleague = UserFactory(organisation=org, team=team)
    groep = GroepFactory(organisation=org)
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    for weeks_ago, person in enumerate((professional, colleague, professional)):
        cyclus = WeekcyclusFactory(groep=groep, week_start=monday - timedelta(weeks=weeks_ago))
        sessie = SessieFactory(weekcyclus=cyclus)
        Leervoornemen.objects.create(
            sessie=sessie,
            user=person,
            organisatie_kan="Toegang tot de beheerfuncties",
            shared=True,
        )
    for person in (professional, colleague):
        gesprek = _planned(person, lg)
        services.gespreksafspraak_add(
            gesprek=gesprek, by=lg, text="Rooster aanpassen", owner=lg, due_date=date(2031, 1, 5)
        )
    body = login(colleague).get(reverse("profcirkel:verantwoording", args=[team.pk]))
    html = body.content.decode()
    assert html.count("Toegang tot de beheerfuncties") == 1
    assert html.count("Rooster aanpassen") == 1


def test_a_long_unbroken_talking_point_is_kept_whole(professional, lg):
    gesprek = _planned(professional, lg)
    punt = services.agendapunt_add(gesprek=gesprek, by=professional, text="x" * 500, shared=True)
    assert len(punt.text) == 500  # (the page wraps it: tests/browser/test_polish.py)


def test_planning_within_five_years_is_the_limit(professional, lg, login):
    far = datetime.now() + timedelta(days=6 * 366)
    response = login(lg).post(
        reverse("profcirkel:gesprek_plan"),
        {"professional": professional.pk, "planned_at": far.strftime("%Y-%m-%dT10:00")},
    )
    assert "Kies een datum binnen vijf jaar." in response.content.decode()
