"""The opbrengsten page: every figure against a hand-computed expectation, who may see which
teams (L&O the organisation, a leidinggevende their teams and those below), and privacy: no
session content, no individual's hours or vitality, no names a group chose to hide, and a
closed month's figure that does not move when someone logs time for a past day afterwards.

The world, in the three closed months before today (called January, February and March
below; dates are relative, "10 Jan" is day 10 of the first of them):

    team A (leidinggevende La) ── team C (Lc) falls under A;   team B (Lb)

    P1  A  made/validated 10 Jan, submitted 12 Jan, adopted 3 Feb, implemented 5 Mar,
           reviewed 20 Mar {uren_bespaard 2, fouten_voorkomen 10, tevredenheid 8};
           questions 1 and 3, effect question 6; names hidden
    P2  C  made/validated 2 Feb, submitted 4 Feb, declined 20 Feb; question 1
    P3  B  made/validated 1 Mar, submitted 2 Mar, adapted 10 Mar, implemented 25 Mar,
           reviewed 28 Mar {uren_bespaard 1.5, foutpercentage 4, tevredenheid 6};
           question 5, effect questions 5 and 6; names shown, thanked
    P4  –  a concept with a title, made 15 Mar (question 3), never submitted
    P5  –  made 2 April (the running month: not counted)
    P6  –  an empty concept, 16 Mar (no title, no steps: not a made proposal)
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from didactiek.models import DidactischeVraag, Verbetervoorstel
from profcirkel import opbrengsten
from profcirkel.models import Maandcijfer, ProfCirkel
from tests.factories import (
    GroepFactory,
    LeeractiviteitFactory,
    ProfTrajectFactory,
    SessieFactory,
    TeamFactory,
    UserFactory,
    WeekcyclusFactory,
    add_member,
)
from tests.profcirkel.test_voorstel_lifecycle import make_voorstel
from trajecten.lo_selectors import closed_months
from trajecten.models import ProfTraject, Tijdregistratie
from weekcyclus.models import Bijdrage, Deelnemer, Sessie
from werkplekleren.models import Role

TODAY = timezone.localdate()
JAN, FEB, MAR = closed_months(TODAY, 3)
THIS_MONTH = TODAY.replace(day=1)


def day(month: date, n: int) -> date:
    return month.replace(day=n)


def month_days(month: date) -> int:
    return ((month.replace(day=28) + timedelta(days=4)).replace(day=1) - month).days


SECRET_NOTE = "Geheime notitie uit de analyse"
PROBLEEM = "Het probleem zoals de groep het schreef"


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _proposal(
    org,
    team,
    titel,
    *,
    made,
    validated=None,
    submitted=None,
    answered=None,
    antwoord="",
    implemented=None,
    reviewed=None,
    cijfers=None,
    vragen=(),
    effect_vragen=(),
    names_visible=False,
    bedankt="",
    stappen=True,
):
    voorstel, groep, members, sessie = make_voorstel(
        org, team or TeamFactory(organisation=org), titel=titel
    )
    sessie.probleemstelling = PROBLEEM
    sessie.save()
    sessie.vragen.set(DidactischeVraag.objects.filter(number__in=vragen))
    fields = {
        "created_at": at(made),
        "validated_at": at(validated) if validated else None,
        "status": Verbetervoorstel.Status.GEVALIDEERD
        if validated
        else Verbetervoorstel.Status.CONCEPT,
        "names_visible": names_visible,
        "bedankt": bedankt,
    }
    if not stappen:
        fields["stappen"] = []
    if submitted:
        fields.update(
            cirkel=ProfCirkel.objects.get_or_create(team=team, defaults={"organisation": org})[0],
            submitted_at=at(submitted),
            status=Verbetervoorstel.Status.INGEDIEND,
        )
    if answered:
        fields.update(
            answered_at=at(answered), antwoord=antwoord, status=Verbetervoorstel.Status.BEANTWOORD
        )
    if implemented:
        fields.update(implemented_at=at(implemented), status=Verbetervoorstel.Status.GEREALISEERD)
    if reviewed:
        fields.update(
            reviewed_at=at(reviewed),
            effect_cijfers=cijfers or {},
            effect="Het werkt.",
            status=Verbetervoorstel.Status.EFFECT_BEOORDEELD,
        )
    Verbetervoorstel.objects.filter(pk=voorstel.pk).update(**fields)
    voorstel.refresh_from_db()
    voorstel.effect_vragen.set(DidactischeVraag.objects.filter(number__in=effect_vragen))
    deelnemer = Deelnemer.objects.create(sessie=sessie, user=members[0], team=team)
    Bijdrage.objects.create(sessie=sessie, deelnemer=deelnemer, kind="analyse", text=SECRET_NOTE)
    return SimpleNamespace(voorstel=voorstel, groep=groep, members=members)


def _checkins(org, team, when, energies, people=None):
    """A held session on ``day`` with one check-in per person (of ``team`` at that moment)."""
    groep = GroepFactory(organisation=org)
    sessie = SessieFactory(
        weekcyclus=WeekcyclusFactory(groep=groep, week_start=when),
        starts_at=at(when, 9),
        state=Sessie.State.CLOSED,
    )
    people = people or [UserFactory(organisation=org, team=team) for _ in energies]
    for person, energie in zip(people, energies, strict=True):
        add_member(groep, person)
        Deelnemer.objects.create(sessie=sessie, user=person, team=team, energie=energie)
    return people


@pytest.fixture
def world(org, kader):
    team_a = TeamFactory(organisation=org, name="Team A")
    team_b = TeamFactory(organisation=org, name="Team B")
    team_c = TeamFactory(organisation=org, name="Team C", parent=team_a)
    p1 = _proposal(
        org,
        team_a,
        "Voorstel één",
        made=day(JAN, 10),
        validated=day(JAN, 10),
        submitted=day(JAN, 12),
        answered=day(FEB, 3),
        antwoord="overgenomen",
        implemented=day(MAR, 5),
        reviewed=day(MAR, 20),
        cijfers={"uren_bespaard": 2, "fouten_voorkomen": 10, "tevredenheid": 8},
        vragen=[1, 3],
        effect_vragen=[6],
    )
    p2 = _proposal(
        org,
        team_c,
        "Voorstel twee",
        made=day(FEB, 2),
        validated=day(FEB, 2),
        submitted=day(FEB, 4),
        answered=day(FEB, 20),
        antwoord="afgewezen",
        vragen=[1],
    )
    p3 = _proposal(
        org,
        team_b,
        "Voorstel drie",
        made=day(MAR, 1),
        validated=day(MAR, 1),
        submitted=day(MAR, 2),
        answered=day(MAR, 10),
        antwoord="aangepast",
        implemented=day(MAR, 25),
        reviewed=day(MAR, 28),
        cijfers={"uren_bespaard": 1.5, "foutpercentage": 4, "tevredenheid": 6},
        vragen=[5],
        effect_vragen=[5, 6],
        names_visible=True,
        bedankt="Dank je wel, groep!",
    )
    _proposal(org, None, "Voorstel vier", made=day(MAR, 15), vragen=[3])
    _proposal(org, None, "Voorstel vijf", made=day(THIS_MONTH, 2), validated=day(THIS_MONTH, 2))
    _proposal(org, None, "", made=day(MAR, 16), stappen=False)
    # Vitality: January A 5×3 and B 5×4 (organisation 3.5); February A 3.6, B 4.2 and C only
    # two people (hidden, and the organisation's figure with it: the small bucket is < 5).
    team_a_people = _checkins(org, team_a, day(JAN, 12), [3, 3, 3, 3, 3])
    _checkins(org, team_b, day(JAN, 13), [4, 4, 4, 4, 4])
    _checkins(org, team_a, day(FEB, 9), [3, 4, 4, 5, 2], people=team_a_people)
    _checkins(org, team_b, day(FEB, 10), [5, 5, 4, 4, 3])
    _checkins(org, team_c, day(FEB, 11), [4, 4])
    # Hours: the five people of team A have a traject from 1 February to 10 March.
    for person in team_a_people:
        ProfTrajectFactory(
            user=person,
            state=ProfTraject.State.ACTIEF,
            start=day(FEB, 1),
            end=day(MAR, 10),
        )
    activiteit = LeeractiviteitFactory(traject=ProfTraject.objects.get(user=team_a_people[0]))
    Tijdregistratie.objects.create(activiteit=activiteit, day=day(FEB, 10), minutes=90)
    return SimpleNamespace(
        org=org,
        a=team_a,
        b=team_b,
        c=team_c,
        p1=p1,
        p2=p2,
        p3=p3,
        team_a_people=team_a_people,
        activiteit=activiteit,
        lo=UserFactory(organisation=org, roles=[Role.LO]),
    )


def figures(user, **kwargs):
    return opbrengsten.opbrengsten(user=user, today=TODAY, period=3, **kwargs)


def stages(row):
    return [row.stages[key] for key, _l, _s in opbrengsten.STAGES]


def test_organisation_proposal_figures_per_month(world):
    data = figures(world.lo)
    assert data.months == [JAN, FEB, MAR]
    # made, validated, submitted, answered, implemented, effect reviewed
    assert stages(data.rows[0]) == [1, 1, 1, 0, 0, 0]
    assert stages(data.rows[1]) == [1, 1, 1, 2, 0, 0]
    assert stages(data.rows[2]) == [2, 1, 1, 1, 2, 2]
    assert stages(data.totals) == [4, 3, 3, 3, 2, 2]
    assert data.rows[1].answers == {"overgenomen": 1, "aangepast": 0, "afgewezen": 1}
    assert data.rows[2].answers == {"overgenomen": 0, "aangepast": 1, "afgewezen": 0}
    assert data.totals.answers == {"overgenomen": 1, "aangepast": 1, "afgewezen": 1}


def test_organisation_effect_figures(world):
    data = figures(world.lo)
    march = data.rows[2]
    assert march.sums == {"uren_bespaard": Decimal("3.5"), "fouten_voorkomen": Decimal(10)}
    assert march.averages == {
        "foutpercentage": (Decimal("4.0"), 1),
        "tevredenheid": (Decimal("7.0"), 2),
    }
    assert data.rows[0].sums == {"uren_bespaard": 0, "fouten_voorkomen": 0}
    assert data.rows[0].averages == {"foutpercentage": (None, 0), "tevredenheid": (None, 0)}
    assert data.totals.sums == march.sums and data.totals.averages == march.averages


def test_figures_per_didactic_question(world):
    by_number = {row.vraag.number: row for row in figures(world.lo).vragen}
    assert stages(by_number[1]) == [2, 2, 2, 2, 1, 1]  # P1 and P2
    assert stages(by_number[3]) == [2, 1, 1, 1, 1, 1]  # P1 and the concept P4
    assert stages(by_number[5]) == [1, 1, 1, 1, 1, 1]  # P3
    assert stages(by_number[6]) == [0, 0, 0, 0, 0, 0]
    assert {n: row.effecten for n, row in by_number.items() if row.effecten} == {5: 1, 6: 2}


def test_vitality_follows_the_lo_rule(world):
    data = figures(world.lo)
    total = data.vitality.rows[0]
    assert total.is_total
    assert [c.average for c in total.cells] == [Decimal("3.5"), None, None]
    assert [c.hidden for c in total.cells] == [False, True, False]
    # The whole organisation: the organisation and the small teams together, no team rows.
    assert [r.team_id for r in data.vitality.rows if not r.is_total and not r.is_rest] == []
    rest = [r for r in data.vitality.rows if r.is_rest][0]
    assert [c.hidden for c in rest.cells] == [False, True, False]
    # Hours in sessions: January 10 people × 1 hour.
    assert data.session_hours.rows[0].cells[0].average == Decimal("10.0")


def test_hours_made_available_and_used(world):
    hours = figures(world.lo).hours
    assert [h.month for h in hours] == [JAN, FEB, MAR]
    assert hours[0].available is None and not hours[0].hidden  # nobody had a traject
    # February: 5 people × its days × 4 h / 7 (a 28-day month: 80); used: 5 × 60 min of
    # sessions + 90 min logged = 6.5 h.
    feb = (Decimal(5 * month_days(FEB) * 4) / 7).quantize(Decimal("0.1"))
    assert (hours[1].available, hours[1].used, hours[1].people) == (feb, Decimal("6.5"), 5)
    assert hours[1].percentage == round(650 / float(feb))
    # March: 5 people × 10 days × 4 h / 7 = 28.57…
    assert (hours[2].available, hours[2].used) == (Decimal("28.6"), Decimal("0.0"))


def test_a_closed_months_hours_do_not_move_afterwards(world):
    before = figures(world.lo).hours[1]
    Tijdregistratie.objects.create(activiteit=world.activiteit, day=day(FEB, 11), minutes=60)
    assert figures(world.lo).hours[1].used == before.used == Decimal("6.5")
    assert Maandcijfer.objects.filter(organisation=world.org, kind="uren").count() == 3


def test_hours_of_fewer_than_five_people_are_hidden(world):
    ProfTraject.objects.filter(user=world.team_a_people[0]).delete()
    hours = figures(world.lo).hours
    assert hours[1].hidden and hours[1].available is None and hours[1].used is None
    assert hours[1].people == 0


def test_a_leidinggevende_sees_their_teams_and_those_below(world):
    la = world.a.leidinggevende
    data = figures(la)
    assert {t.name for t in data.teams} == {"Team A", "Team C"}
    assert stages(data.totals) == [2, 2, 2, 2, 1, 1]  # P1 (A) and P2 (C), never P3 (B)
    assert data.totals.answers == {"overgenomen": 1, "aangepast": 0, "afgewezen": 1}
    assert data.totals.sums == {"uren_bespaard": Decimal(2), "fouten_voorkomen": Decimal(10)}
    assert data.totals.averages["tevredenheid"] == (Decimal("8.0"), 1)
    # Vitality: the organisation's row and their own teams' rows of the L&O table only.
    labels = [r.label for r in data.vitality.rows]
    assert "Team B" not in labels and "Team A" in labels
    team_a = [r for r in data.vitality.rows if r.label == "Team A"][0]
    assert [c.average for c in team_a.cells] == [Decimal("3.0"), Decimal("3.6"), None]
    team_c = [r for r in data.vitality.rows if r.label == "Team C"][0]
    assert [c.hidden for c in team_c.cells] == [False, True, False]
    assert not any(r.is_rest for r in data.vitality.rows)
    lc = world.c.leidinggevende
    assert stages(figures(lc).totals) == [1, 1, 1, 1, 0, 0]
    lb = world.b.leidinggevende
    assert stages(figures(lb).totals) == [1, 1, 1, 1, 1, 1]


def test_lo_can_narrow_to_a_team_and_those_below(world):
    data = figures(world.lo, team=str(world.a.pk))
    assert stages(data.totals) == [2, 2, 2, 2, 1, 1]
    assert data.team_id == world.a.pk


def test_who_may_open_the_page(world, login, client):
    url = reverse("profcirkel:opbrengsten")
    for person, status in [
        (world.lo, 200),
        (world.a.leidinggevende, 200),
        (world.team_a_people[0], 404),
        (UserFactory(organisation=world.org, roles=[Role.ADMIN]), 404),
        (UserFactory(organisation=world.org, roles=[Role.LEIDINGGEVENDE]), 404),  # leads none
    ]:
        login(person)
        assert client.get(url).status_code == status
        assert client.get(reverse("profcirkel:opbrengsten_csv")).status_code == status


def test_page_and_csv_carry_no_session_content_hours_of_anyone_or_hidden_names(
    world, login, client, django_assert_max_num_queries
):
    login(world.lo)
    # The first read of a closed month freezes its hour figures (seven queries a month, once);
    # after that the page is a fixed number of queries whatever the organisation's size.
    with django_assert_max_num_queries(27 + 3 * 7):
        client.get(reverse("profcirkel:opbrengsten"), {"maanden": "3"})
    with django_assert_max_num_queries(27):
        page = client.get(reverse("profcirkel:opbrengsten"), {"maanden": "3"})
    html = page.content.decode()
    csv_text = client.get(reverse("profcirkel:opbrengsten_csv"), {"maanden": "3"}).content.decode()
    for text in (html, csv_text):
        assert SECRET_NOTE not in text and PROBLEEM not in text
        for person in world.team_a_people:  # people with hours and check-ins
            assert person.name not in text
        for member in world.p1.members:  # P1's group hid its names
            assert member.name not in text
        assert world.p1.groep.name not in text
    # P3's group chose to show its names: credited on the page (never in the CSV).
    assert world.p3.groep.name in html and "Dank je wel, groep!" in html
    assert world.p3.groep.name not in csv_text and world.p3.members[0].name not in csv_text
    assert "<svg" in html and "Voorstellen per maand" in html
    # The CSV's figures are the page's.
    assert "voorstellen;Gemaakt;1;1;2;4" in csv_text
    assert "effecten;Uren bespaard per week;0;0;3,5;3,5" in csv_text
    feb = str((Decimal(5 * month_days(FEB) * 4) / 7).quantize(Decimal("0.1"))).replace(".", ",")
    assert f"leertijd;beschikbaar (uren);;{feb};28,6;" in csv_text


def test_period_choices_and_bad_input(world, login, client):
    login(world.lo)
    url = reverse("profcirkel:opbrengsten")
    for params in ({"maanden": "12"}, {"maanden": "x"}, {"team": "abc"}, {"team": "9" * 30}):
        assert client.get(url, params).status_code == 200
    assert opbrengsten._period("12") == 12 and opbrengsten._period("7") == 6
    assert opbrengsten._month_end(date(2026, 2, 1)) == date(2026, 2, 28)
    assert opbrengsten._month_end(date(2026, 12, 1)) == date(2026, 12, 31)


def test_the_figures_are_kept_in_the_cache_like_the_lo_figures(
    world, settings, django_assert_max_num_queries
):
    settings.LO_FIGURES_CACHE_SECONDS = 900
    first = figures(world.lo)
    with django_assert_max_num_queries(3):  # the reach and the team filter only
        again = figures(world.lo)
    assert stages(again.totals) == stages(first.totals) == [4, 3, 3, 3, 2, 2]
    la = world.a.leidinggevende
    assert stages(figures(la).totals) == [2, 2, 2, 2, 1, 1]  # a reach of its own
