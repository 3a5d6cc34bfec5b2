"""What L&O may and may not work out (issue 12): per person signals, never hour figures;
team figures over who belonged where at the moment, closed months only, at least five
distinct people, in a way that survives moving people and comparing two moments."""

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import GroepFactory, TeamFactory, UserFactory
from tests.lo.seed import at, seed_signals, session
from trajecten import lo_selectors
from weekcyclus import services as weekcyclus_services
from weekcyclus.models import Deelnemer, Sessie
from werkplekleren.models import Role

TODAY = date(2025, 6, 18)
MAY = date(2025, 5, 12)


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def test_no_hour_figure_of_a_person_on_the_page_or_in_the_csv(org, login, today):
    seed = seed_signals(org, today)  # Anna: 21.0 of 36.0 hours; Bram 1.0 of 44.0
    client = login(seed.lo)
    html = _body(client.get("/lo/"))
    signals_section = html.split('id="signalen"')[1].split('id="dekking"')[0]
    assert "Anna Aal" in signals_section and "Minder dan de helft" in signals_section
    for figure in ("21,0", "21.0", "36,0", "36.0", "44,0", "44.0"):
        assert figure not in signals_section
    assert not re.search(r"\d+[.,]\d van \d", signals_section)  # "6,1 van 24,0" of old
    rows = list(
        csv.reader(
            io.StringIO(_body(client.get("/lo/signals.csv")).lstrip("\ufeff")), delimiter=";"
        )
    )
    assert "Uren gebruikt" not in rows[0] and "Uren beschikbaar" not in rows[0]
    anna = next(row for row in rows if row[0] == "Anna Aal")
    assert not any(re.fullmatch(r"\d+[.,]\d", cell) for cell in anna)
    # The API's outline fields for L&O are the outline (no hours either way on the L&O side).
    assert not hasattr(lo_selectors.SignalRow, "hours_used")


def _people(org, team, n):
    return [UserFactory(organisation=org, team=team) for _i in range(n)]


def _checkins(groep, when, people, scores):
    sessie = session(groep, at(when), people=people, energie=scores)
    return sessie


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def two_teams(org):
    """May 2025: Noord six people, Zuid five; Eva is one of Noord's six."""
    lo = UserFactory(organisation=org, roles=[Role.LO])
    noord = TeamFactory(organisation=org, name="Noord")
    zuid = TeamFactory(organisation=org, name="Zuid")
    noord_people = _people(org, noord, 6)
    zuid_people = _people(org, zuid, 5)
    groep = GroepFactory(organisation=org)
    _checkins(groep, MAY, noord_people, [3, 3, 3, 4, 3, 5])  # Eva (the last) 5 → avg 3.5
    _checkins(groep, MAY + timedelta(days=1), zuid_people, [3, 3, 3, 4, 3])
    return lo, noord, zuid, noord_people[-1]


def _figures(lo, today):
    data = lo_selectors.vitality(user=lo, today=today)
    hours = lo_selectors.session_hours(user=lo, today=today)
    return (
        [(r.label, [(c.average, c.people, c.hidden) for c in r.cells]) for r in data.rows],
        [(r.label, [(c.average, c.people, c.hidden) for c in r.cells]) for r in hours.rows],
    )


def test_moving_a_person_changes_no_past_figure(two_teams):
    lo, noord, zuid, eva = two_teams
    before = _figures(lo, TODAY)
    rows = dict(before[0])
    assert rows["Noord"][-1] == (Decimal("3.5"), 6, False)
    assert rows["Zuid"][-1] == (Decimal("3.2"), 5, False)
    # Eva moves to Zuid (as a CSV import would do): May stays what it was.
    eva.team = zuid
    eva.save()
    assert _figures(lo, TODAY) == before
    # …and a month later, comparing the two moments, still nothing moved.
    assert _figures(lo, TODAY + timedelta(days=30))[0][0][1][-2] == before[0][0][1][-1]


def test_the_checkin_stores_the_team_of_that_moment(org, team):
    from tests.weekcyclus.sessie_setup import group_with_session
    from weekcyclus import steps

    groep, members, cyclus, sessie = group_with_session(org, n_members=2)
    members[1].team = team
    members[1].save()
    weekcyclus_services.sessie_start(sessie=sessie, by=members[0])
    deelnemer = weekcyclus_services.sessie_join(sessie=sessie, user=members[1])
    assert deelnemer.team_id == team.pk
    other = TeamFactory(organisation=org)
    members[1].team = other
    members[1].save()
    sessie.refresh_from_db()
    assert sessie.step.key == steps.STEPS[0].key  # the check-in
    weekcyclus_services.deelnemer_checkin(deelnemer=deelnemer, energie=4)
    assert Deelnemer.objects.get(pk=deelnemer.pk).team_id == other.pk  # at the check-in


def test_small_teams_count_together_and_the_total_never_gives_one_away(org):
    lo = UserFactory(organisation=org, roles=[Role.LO])
    groot = TeamFactory(organisation=org, name="Groot")
    a = TeamFactory(organisation=org, name="Klein A")
    b = TeamFactory(organisation=org, name="Klein B")
    groep = GroepFactory(organisation=org)
    _checkins(groep, MAY, _people(org, groot, 5), [4, 4, 4, 4, 4])
    _checkins(groep, MAY, _people(org, a, 3), [1, 1, 1])
    _checkins(groep, MAY, _people(org, b, 3), [2, 2, 2])
    rows = {label: cells[-1] for label, cells in _figures(lo, TODAY)[0]}
    assert rows["Klein A"] == (None, 0, True) and rows["Klein B"] == (None, 0, True)
    assert rows["Kleinere teams samen (elk onder de 5)"] == (Decimal("1.5"), 6, False)
    assert rows["Hele organisatie"] == (Decimal("2.6"), 11, False)  # 29 / 11
    # Take one small team away: the rest is three people; rest and total hide.
    Deelnemer.objects.filter(team=b).delete()
    rows = {label: cells[-1] for label, cells in _figures(lo, TODAY)[0]}
    assert rows["Kleinere teams samen (elk onder de 5)"] == (None, 0, True)
    assert rows["Hele organisatie"] == (None, 0, True)
    assert rows["Groot"] == (Decimal("4.0"), 5, False)


def test_hours_are_team_and_organisation_aggregates(two_teams, login):
    """(The page shows the last six closed months of the real calendar: only its section.)"""
    lo, noord, zuid, eva = two_teams
    rows = dict(_figures(lo, TODAY)[1])
    # Every session lasts 60 minutes: Noord 6 people × 1 h.
    assert rows["Noord"][-1] == (Decimal("6.0"), 6, False)
    assert rows["Hele organisatie"][-1] == (Decimal("11.0"), 11, False)
    html = _body(login(lo).get("/lo/"))
    assert 'id="uren"' in html


def test_the_running_month_is_never_shown(two_teams):
    lo, noord, zuid, eva = two_teams
    groep = GroepFactory(organisation=noord.organisation)
    _checkins(groep, TODAY - timedelta(days=1), _people(noord.organisation, noord, 5), [1] * 5)
    data = lo_selectors.vitality(user=lo, today=TODAY)
    assert data.months[-1] == date(2025, 5, 1)
    assert all(c.month < TODAY.replace(day=1) for r in data.rows for c in r.cells)


def test_signal_list_is_paginated_with_constant_queries(org, today):
    lo = UserFactory(organisation=org, roles=[Role.LO])
    team = TeamFactory(organisation=org)
    for i in range(7):
        UserFactory(organisation=org, team=team, name=f"Persoon {i:02}")
    first = lo_selectors.signals(user=lo, today=today, page_size=3)
    assert [r.name for r in first.rows] == ["Persoon 00", "Persoon 01", "Persoon 02"]
    assert (first.pages, first.matching, first.next_page) == (3, 7, 2)
    last = lo_selectors.signals(user=lo, today=today, page="99", page_size=3)
    assert [r.name for r in last.rows] == ["Persoon 06"] and last.page == 3
    with CaptureQueriesContext(connection) as small:
        list(lo_selectors.signals(user=lo, today=today, page_size=3).rows)
    for i in range(30):
        UserFactory(organisation=org, team=team, name=f"Meer {i:02}")
    with CaptureQueriesContext(connection) as large:
        list(lo_selectors.signals(user=lo, today=today, page_size=3).rows)
    # teams, the signal index (everyone's ids and signal bits), the page's rows
    assert len(small.captured_queries) == len(large.captured_queries) == 3
    # No list of ids is sent to the database: the filters are joins and subqueries.
    assert not any(re.search(r"IN \((\d+, ){5,}", q["sql"]) for q in large.captured_queries)


@pytest.mark.django_db
def test_sessions_in_states_not_attended_do_not_count(two_teams):
    lo, noord, zuid, eva = two_teams
    Sessie.objects.update(state=Sessie.State.PLANNED)
    rows = dict(_figures(lo, TODAY)[0])
    assert rows == {} or all(c == (None, 0, False) for cells in rows.values() for c in cells)


def test_outline_page_and_api_give_lo_no_hours_but_the_leidinggevende_does(org, login, today):
    from rest_framework.test import APIClient

    seed = seed_signals(org, today)
    anna = seed.trajecten["anna"]
    client = login(seed.lo)
    html = _body(client.get(f"/traject/overzicht/{anna.pk}/"))
    assert "Leertijd" not in html and "uur gebruikt" not in html
    api = APIClient()
    api.force_authenticate(seed.lo)
    data = api.get(f"/api/traject-outlines/{anna.pk}/").json()
    assert data["hours_used"] is None and data["hours_available"] is None
    listed = api.get("/api/traject-outlines/").json()["results"]
    assert listed and all(row["hours_used"] is None for row in listed)
    # The leidinggevende of Noord sees Anna's hours (team members' totals).
    api.force_authenticate(seed.noord.leidinggevende)
    assert api.get(f"/api/traject-outlines/{anna.pk}/").json()["hours_used"] == "21.0"


def test_closed_month_figures_are_kept_in_the_cache(two_teams, settings):
    lo, noord, zuid, eva = two_teams
    settings.LO_FIGURES_CACHE_SECONDS = 600
    first = lo_selectors.vitality(user=lo, today=TODAY)
    with CaptureQueriesContext(connection) as again:
        assert lo_selectors.vitality(user=lo, today=TODAY) == first
    assert len(again.captured_queries) == 0  # (the access check reads nothing either)


def test_signal_filter_pages_through_matches_only(org, today):
    lo = UserFactory(organisation=org, roles=[Role.LO])
    team = TeamFactory(organisation=org)
    for i in range(5):
        UserFactory(organisation=org, team=team, name=f"Persoon {i:02}")
    data = lo_selectors.signals(user=lo, today=today, signal="niet_gestart", page_size=2)
    assert [r.name for r in data.rows] == ["Persoon 00", "Persoon 01"] and data.pages == 3
    assert lo_selectors.signals(user=lo, today=today, signal="stil").rows == []
