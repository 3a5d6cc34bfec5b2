"""Progress of one's own Prof-traject: hours, coverage of the ten questions, proposals, the
outline, and the progress pages (with their query counts)."""

from dataclasses import fields
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from didactiek.models import DidactischeVraag, Verbetervoorstel
from tests.factories import GroepFactory, UserFactory, add_member
from trajecten import selectors
from trajecten.models import Leeractiviteit, ProfTraject, Tijdregistratie, Vraagkeuze
from trajecten.views.voortgang import chart_for
from weekcyclus.models import Deelnemer, Sessie, Weekcyclus
from werkplekleren.models import Role

START = date(2025, 3, 5)  # a Wednesday
END = date(2025, 8, 31)
TODAY = date(2025, 3, 20)  # a Thursday: weeks of 3, 10 and 17 March so far


# --- Helpers (also used by test_privacy_outline.py) ----------------------------------------


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def make_traject(user, *, start=START, end=END, state=ProfTraject.State.ACTIEF, **fields):
    fields.setdefault("ambitie", "Ik wil beter leren overdragen.")
    return ProfTraject.objects.create(
        organisation=user.organisation, user=user, state=state, start=start, end=end, **fields
    )


def make_sessie(groep, starts_at, *, minutes=60, state=Sessie.State.CLOSED, vragen=(), present=()):
    local = timezone.localtime(starts_at).date()
    cyclus, _created = Weekcyclus.objects.get_or_create(
        groep=groep, week_start=local - timedelta(days=local.weekday())
    )
    sessie = Sessie.objects.create(
        weekcyclus=cyclus,
        number=cyclus.sessies.count() + 1,
        starts_at=starts_at,
        duration_minutes=minutes,
        state=state,
    )
    sessie.vragen.set(DidactischeVraag.objects.filter(number__in=vragen))
    for person in present:
        Deelnemer.objects.create(sessie=sessie, user=person)
    return sessie


def make_activiteit(traject, *, title="Boek over feedback", status="bezig", vragen=(), logs=()):
    activiteit = Leeractiviteit.objects.create(
        traject=traject, kind=Leeractiviteit.Kind.BOEK, title=title, status=status
    )
    activiteit.vragen.set(DidactischeVraag.objects.filter(number__in=vragen))
    for day, minutes in logs:
        Tijdregistratie.objects.create(activiteit=activiteit, day=day, minutes=minutes)
    return activiteit


def choose(traject, cycle_start: date, numbers):
    keuze = Vraagkeuze.objects.create(traject=traject, cycle_start=cycle_start)
    keuze.vragen.set(DidactischeVraag.objects.filter(number__in=numbers))
    return keuze


@pytest.fixture
def world(org, professional, kader):
    """A traject from 5 March with sessions, activities, choices and proposals around it."""
    org.hours_per_week = Decimal("3.5")
    org.save()
    colleague = UserFactory(organisation=org)
    groep = GroepFactory(organisation=org, created_by=professional)
    add_member(groep, professional)
    add_member(groep, colleague)
    other_groep = GroepFactory(organisation=org)
    add_member(other_groep, colleague)
    traject = make_traject(professional)
    s1 = make_sessie(groep, at(date(2025, 3, 5)), vragen=[1, 2], present=[professional, colleague])
    # Monday 10 March, 00:30 in Amsterdam (still Sunday in UTC): counts in the week of 10 March.
    s2 = make_sessie(
        groep,
        at(date(2025, 3, 10), hour=0).replace(minute=30),
        minutes=45,
        state=Sessie.State.LIVE,
        vragen=[2],
        present=[professional],
    )
    not_attended = make_sessie(groep, at(date(2025, 3, 12)), vragen=[5], present=[colleague])
    other_group = make_sessie(other_groep, at(date(2025, 3, 13)), vragen=[5], present=[colleague])
    make_sessie(groep, at(date(2025, 3, 14)), state=Sessie.State.PLANNED, present=[professional])
    make_sessie(groep, at(date(2025, 3, 3)), vragen=[8], present=[professional])  # before start
    make_sessie(groep, at(date(2025, 3, 25)), vragen=[8], present=[professional])  # after today
    make_activiteit(
        traject,
        vragen=[3],
        logs=[(date(2025, 3, 11), 30), (date(2025, 3, 17), 20), (date(2025, 3, 1), 90)],
    )
    make_activiteit(traject, title="Training", status="gepland", vragen=[4])
    choose(traject, date(2025, 3, 3), [1, 6])
    choose(traject, date(2025, 3, 17), [6, 7])
    # Someone else's traject and logged time never count.
    make_activiteit(make_traject(colleague), logs=[(date(2025, 3, 11), 600)])
    p1 = Verbetervoorstel.objects.create(organisation=org, sessie=s1, titel="Overdracht op papier")
    p2 = Verbetervoorstel.objects.create(
        organisation=org, sessie=s2, titel="Vaste briefing", status="gevalideerd"
    )
    Verbetervoorstel.objects.create(organisation=org, sessie=not_attended, titel="Niet van mij")
    Verbetervoorstel.objects.create(organisation=org, sessie=other_group, titel="Andere groep")
    return {"traject": traject, "groep": groep, "colleague": colleague, "proposals": [p2, p1]}


# --- Selectors -----------------------------------------------------------------------------


def test_active_traject_prefers_active_then_latest_concept(professional):
    assert selectors.active_traject(user=professional) is None
    make_traject(professional, state=ProfTraject.State.AFGEROND)
    assert selectors.active_traject(user=professional) is None
    concept = make_traject(professional, state=ProfTraject.State.CONCEPT)
    assert selectors.active_traject(user=professional) == concept
    active = make_traject(professional, state=ProfTraject.State.ACTIEF)
    make_traject(professional, state=ProfTraject.State.CONCEPT)
    assert selectors.active_traject(user=professional) == active


def test_hours_per_week_sessions_attended_and_logged_time(world):
    hours = selectors.hours(traject=world["traject"], today=TODAY)
    assert [w.monday for w in hours.weeks] == [
        date(2025, 3, 3),
        date(2025, 3, 10),
        date(2025, 3, 17),
    ]
    # The organisation's 3.5 hours for every week, the partial first week in full.
    assert [w.available for w in hours.weeks] == [Decimal("3.5")] * 3
    assert hours.available == Decimal("10.5")
    # 60 min session; 45 min session + 30 min logged; 20 min logged.
    assert [w.in_sessions for w in hours.weeks] == [Decimal("1.0"), Decimal("0.8"), Decimal("0.0")]
    assert [w.on_activities for w in hours.weeks] == [
        Decimal("0.0"),
        Decimal("0.5"),
        Decimal("0.3"),
    ]
    assert [w.used for w in hours.weeks] == [Decimal("1.0"), Decimal("1.3"), Decimal("0.3")]
    assert hours.used == Decimal("2.6")  # 155 minutes, rounded once
    assert hours.in_sessions == Decimal("1.8")
    assert hours.on_activities == Decimal("0.8")
    assert hours.session_weeks == 2
    assert hours.period_weeks == 26


def test_hours_stop_at_the_end_and_are_empty_before_the_start(world):
    traject = world["traject"]
    later = selectors.hours(traject=traject, today=date(2026, 1, 1))
    assert later.weeks[-1].monday == date(2025, 8, 25)
    assert len(later.weeks) == 26
    assert later.available == Decimal("91.0")
    assert later.used == Decimal("3.6")  # the session of 25 March counts now
    before = selectors.hours(traject=traject, today=date(2025, 3, 1))
    assert before.weeks == [] and before.used == Decimal("0.0")
    assert chart_for(before) is None


def test_hours_follow_the_organisation_setting(world, org):
    org.hours_per_week = Decimal("2")
    org.save()
    traject = ProfTraject.objects.select_related("organisation").get(pk=world["traject"].pk)
    assert selectors.hours(traject=traject, today=TODAY).available == Decimal("6.0")


def test_coverage_distinguishes_chosen_from_worked_on(world):
    items = selectors.coverage(traject=world["traject"], today=TODAY)
    assert [i.vraag.number for i in items] == list(range(1, 11))
    by_number = {i.vraag.number: i for i in items}
    assert (by_number[1].sessions, by_number[1].worked) == (1, 1)
    assert (by_number[2].sessions, by_number[2].worked) == (2, 2)
    assert (by_number[3].activities, by_number[3].worked) == (1, 1)
    assert by_number[4].worked == 0  # a planned activity is not work yet
    assert by_number[5].worked == 0  # sessions they did not attend
    assert by_number[8].worked == 0  # before the traject and after today
    assert {n for n, i in by_number.items() if i.chosen_now} == {6, 7}
    assert (by_number[6].chosen_cycles, by_number[1].chosen_cycles) == (2, 1)
    assert by_number[1].chosen_now is False


def test_proposals_of_attended_sessions_newest_first(world, professional):
    found = selectors.proposals(user=professional, since=START)
    assert found == world["proposals"]
    assert [p.get_status_display() for p in found] == ["Gevalideerd", "Concept"]
    assert selectors.proposals(user=professional, since=date(2025, 3, 6)) == world["proposals"][:1]
    assert selectors.proposals(user=world["colleague"], since=START)[-1].titel == (
        "Overdracht op papier"
    )


def test_outline_fields(world):
    outline = selectors.outline(traject=world["traject"], today=TODAY)
    assert outline.ambitie == "Ik wil beter leren overdragen."
    assert (outline.start, outline.end, outline.active_weeks) == (START, END, 20)
    assert [v.number for v in outline.vragen] == [6, 7]
    assert (outline.hours_used, outline.hours_available) == (Decimal("2.6"), Decimal("10.5"))
    assert outline.proposals_count == 2
    names = {f.name for f in fields(outline)}
    assert names == {
        "traject_id",
        "user_id",
        "person_name",
        "state",
        "state_label",
        "ambitie",
        "start",
        "end",
        "active_weeks",
        "vragen",
        "hours_used",
        "hours_available",
        "proposals_count",
    }


def test_outlines_for_users_match_the_single_outline_in_fixed_queries(
    world, org, team, professional, django_assert_num_queries
):
    lead = team.leidinggevende
    # The single outline and the team's outlines agree.
    single = selectors.outline(traject=world["traject"], today=TODAY)
    with django_assert_num_queries(6):  # roles, trajecten, sessions, time, proposals, choices
        outlines = selectors.outlines_for_users(
            viewer=lead, users=[professional, world["colleague"]], today=TODAY
        )
    assert outlines == {professional.pk: single}  # the colleague is not in the team
    for _ in range(4):
        member = UserFactory(organisation=org, team=team)
        make_activiteit(make_traject(member), logs=[(date(2025, 3, 11), 30)])
    with django_assert_num_queries(5):  # roles are cached on the viewer now
        outlines = selectors.outlines_for_users(viewer=lead, users=team.members.all(), today=TODAY)
    assert len(outlines) == 5


# --- Pages ---------------------------------------------------------------------------------


def test_progress_without_traject_is_a_friendly_start(professional, login):
    response = login(professional).get(reverse("trajecten:voortgang"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Je hebt nog geen Prof-traject" in body
    assert f'href="{reverse("trajecten:compose")}"' in body


def test_progress_of_a_concept_links_to_composing(professional, login, kader):
    concept = make_traject(professional, state=ProfTraject.State.CONCEPT)
    body = login(professional).get(reverse("trajecten:voortgang")).content.decode()
    assert "nog een concept" in body
    assert reverse("trajecten:compose_edit", args=[concept.pk]) in body


def test_progress_page_for_someone_without_the_professional_role(org, login):
    lo = UserFactory(organisation=org, roles=[Role.LO])
    body = login(lo).get(reverse("trajecten:voortgang")).content.decode()
    assert reverse("trajecten:compose") not in body


def _recent_world(org, professional, n: int, groep=None):
    """Data of the last weeks for the progress page: n sessions attended (with proposals) and
    n activities with logged time."""
    today = timezone.localdate()
    traject = ProfTraject.objects.filter(user=professional).first() or make_traject(
        professional, start=today - timedelta(days=20), end=today + timedelta(days=150)
    )
    if groep is None:
        groep = GroepFactory(organisation=org, created_by=professional)
        add_member(groep, professional)
    for i in range(n):
        day = today - timedelta(days=1 + i % 18)
        sessie = make_sessie(
            groep, at(day, hour=8 + i % 8), vragen=[1 + i % 10], present=[professional]
        )
        Verbetervoorstel.objects.create(organisation=org, sessie=sessie, titel=f"Voorstel {i}")
        make_activiteit(traject, title=f"Activiteit {i}", vragen=[1 + i % 10], logs=[(day, 15)])
        earlier = traject.vraagkeuzes.count() + 1
        choose(traject, today - timedelta(days=today.weekday() + 7 * earlier), [1 + i % 10])
    make_sessie(
        groep, timezone.now() + timedelta(days=2 + n), state=Sessie.State.PLANNED
    )  # upcoming
    return traject, groep


def _suggestion_queries() -> int:
    try:
        get_template("trajecten/_suggesties.html")
    except TemplateDoesNotExist:
        return 0
    return 3  # trajecten.selectors.session_suggestions


# session, user (with organisation), roles, traject (with organisation), hours (2),
# coverage (4), proposals, upcoming sessions, earlier trajecten
PROGRESS_QUERIES = 13


def test_progress_page_shows_hours_chart_coverage_proposals_and_sessions(
    org, professional, login, kader
):
    traject, _groep = _recent_world(org, professional, 2)
    body = login(professional).get(reverse("trajecten:voortgang")).content.decode()
    assert "<svg" in body and 'class="chart-used"' in body
    assert "<table" in body  # the same numbers for screen readers
    assert "Voorstel 0" in body and "Voorstel 1" in body
    assert body.count('class="coverage-cell') == 10
    assert "gewerkt aan" in body
    assert traject.ambitie in body
    assert "cdn" not in body.lower()


def test_progress_page_query_count_does_not_grow(
    org, professional, login, kader, django_assert_num_queries
):
    client = login(professional)
    _traject, groep = _recent_world(org, professional, 1)
    expected = PROGRESS_QUERIES + _suggestion_queries()
    with django_assert_num_queries(expected):
        assert client.get(reverse("trajecten:voortgang")).status_code == 200
    with CaptureQueriesContext(connection) as once:
        client.get(reverse("trajecten:voortgang"))
    _recent_world(org, professional, 9, groep=groep)  # 10× the sessions and activities
    with CaptureQueriesContext(connection) as tenfold:
        body = client.get(reverse("trajecten:voortgang")).content.decode()
    assert len(tenfold) == len(once) == expected
    assert body.count("state-concept") == 10  # all ten proposals, each with its state


def test_finished_traject_is_readable_and_someone_elses_is_404(org, professional, login, kader):
    finished = make_traject(
        professional,
        state=ProfTraject.State.AFGEROND,
        start=date(2024, 1, 1),
        end=date(2024, 6, 30),
    )
    client = login(professional)
    response = client.get(reverse("trajecten:detail", args=[finished.pk]))
    assert response.status_code == 200
    assert "afgerond" in response.content.decode()
    assert reverse("trajecten:detail", args=[finished.pk]) in (
        client.get(reverse("trajecten:voortgang")).content.decode()
    )
    colleague = UserFactory(organisation=org, roles=[Role.PROFESSIONAL, Role.LO])
    client = login(colleague)
    assert client.get(reverse("trajecten:detail", args=[finished.pk])).status_code == 404
    assert client.get(reverse("trajecten:detail", args=[999999])).status_code == 404


def test_progress_pages_need_login(client, professional):
    traject = make_traject(professional)
    for url in (
        reverse("trajecten:voortgang"),
        reverse("trajecten:detail", args=[traject.pk]),
        reverse("trajecten:outline", args=[traject.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
