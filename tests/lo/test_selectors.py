"""The L&O figures against hand-computed expectations, on a small seeded organisation with
explicit ``today`` (time travel)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.factories import GroepFactory, TeamFactory, UserFactory
from tests.lo.seed import at, seed_funnel, seed_signals, session
from trajecten import lo_selectors
from werkplekleren.models import Role

TODAY = date(2025, 6, 18)  # a Wednesday


@pytest.fixture
def seeded(org, other_org):
    seed = seed_signals(org, TODAY)
    seed_signals(other_org, TODAY, suffix=" (B)")  # never counted for org A
    return seed


def _by_name(rows):
    return {row.name: row for row in rows}


def test_signals_per_professional(seeded):
    data = lo_selectors.signals(user=seeded.lo, today=TODAY)
    rows = _by_name(data.rows)
    assert list(rows) == ["Anna Aal", "Bram Bos", "Carla Cox", "Dirk Dam", "Eva Eik"]
    assert rows["Anna Aal"].signals == ("actief",)
    assert rows["Anna Aal"].last_session == TODAY - timedelta(days=7)
    assert rows["Bram Bos"].signals == ("actief", "stil", "weinig_uren", "eindigt")
    assert rows["Bram Bos"].last_session == TODAY - timedelta(days=30)  # not the planned one
    assert rows["Carla Cox"].signals == ("niet_gestart",)
    assert rows["Carla Cox"].traject_id is None
    assert rows["Dirk Dam"].signals == ("niet_gestart",)  # a concept and a finished one
    assert rows["Eva Eik"].signals == ("actief", "weinig_uren")
    assert rows["Anna Aal"].traject_id == seeded.trajecten["anna"].pk
    assert data.total == 5
    assert data.counts == {
        "actief": 3,
        "niet_gestart": 2,
        "stil": 1,
        "weinig_uren": 2,
        "eindigt": 1,
    }


def test_signals_time_travel(seeded):
    # Five weeks later Anna's last session is 42 days old: stalled; Bram's traject ended
    # three weeks ago (no longer "ending"); Eva is now past three weeks without sessions.
    later = TODAY + timedelta(weeks=5)
    rows = _by_name(lo_selectors.signals(user=seeded.lo, today=later).rows)
    assert "stil" in rows["Anna Aal"].signals
    assert "eindigt" not in rows["Bram Bos"].signals
    assert "stil" in rows["Eva Eik"].signals


def test_signals_filter_by_team_and_signal(seeded):
    zuid = lo_selectors.signals(user=seeded.lo, today=TODAY, team_id=str(seeded.zuid.pk))
    assert [r.name for r in zuid.rows] == ["Carla Cox", "Dirk Dam", "Eva Eik"]
    assert zuid.total == 3 and zuid.counts["niet_gestart"] == 2 and zuid.counts["stil"] == 0
    stil = lo_selectors.signals(user=seeded.lo, today=TODAY, signal="stil")
    assert [r.name for r in stil.rows] == ["Bram Bos"]
    both = lo_selectors.signals(
        user=seeded.lo, today=TODAY, team_id=seeded.noord.pk, signal="weinig_uren"
    )
    assert [r.name for r in both.rows] == ["Bram Bos"]
    # Nonsense and foreign teams are ignored, not errors.
    foreign = TeamFactory()
    assert lo_selectors.signals(user=seeded.lo, today=TODAY, team_id=foreign.pk).total == 5
    assert lo_selectors.signals(user=seeded.lo, today=TODAY, team_id="x", signal="?").total == 5


def test_coverage_heatmap_counts(org, other_org, kader):
    lo = UserFactory(organisation=org, roles=[Role.LO])
    groep = GroepFactory(organisation=org)
    session(groep, at(date(2025, 6, 11)), vragen=[1, 2])
    session(groep, at(date(2025, 5, 19)), vragen=[1])
    session(groep, at(date(2025, 5, 20)), vragen=[1, 10])
    session(groep, at(date(2025, 3, 10)), vragen=[3])
    session(
        groep,
        at(
            date(
                2025,
                1,
                1,
            ),
            0,
        ),
        vragen=[4],
    )  # first hour of the first month
    session(groep, at(date(2025, 6, 16)), vragen=[1], state="gepland")  # not held
    session(groep, at(date(2024, 12, 31)), vragen=[1])  # before the six months
    session(GroepFactory(organisation=other_org), at(date(2025, 6, 11)), vragen=[1])

    data = lo_selectors.coverage(user=lo, today=TODAY)
    assert data.months == [date(2025, m, 1) for m in range(1, 7)]
    counts = {row.vraag.number: [c.count for c in row.cells] for row in data.rows}
    assert counts[1] == [0, 0, 0, 0, 2, 1]
    assert counts[2] == [0, 0, 0, 0, 0, 1]
    assert counts[3] == [0, 0, 1, 0, 0, 0]
    assert counts[4] == [1, 0, 0, 0, 0, 0]
    assert counts[10] == [0, 0, 0, 0, 1, 0]
    assert all(counts[n] == [0] * 6 for n in (5, 6, 7, 8, 9))
    assert data.gaps == 60 - 6
    levels = {row.vraag.number: [c.level for c in row.cells] for row in data.rows}
    assert levels[1] == [0, 0, 0, 0, 4, 2]


def test_funnel_counts_medians_and_overdue(org, other_org):
    lo = UserFactory(organisation=org, roles=[Role.LO])
    seed_funnel(org, TODAY, GroepFactory(organisation=org))
    seed_funnel(other_org, TODAY, GroepFactory(organisation=other_org))

    data = lo_selectors.funnel(user=lo, today=TODAY)
    table = {s.key: (s.reached, s.now, s.median_days, s.overdue) for s in data.stages}
    assert list(table) == [
        "gevalideerd",
        "ingediend",
        "beantwoord",
        "uitvoering",
        "gerealiseerd",
        "effect",
    ]
    assert table == {
        "gevalideerd": (7, 1, None, 0),
        "ingediend": (6, 1, 3.5, 0),
        "beantwoord": (5, 1, 6.0, 0),
        "uitvoering": (4, 2, None, 1),
        "gerealiseerd": (2, 1, 15.0, 0),
        "effect": (1, 1, 30.0, 0),
    }
    assert data.total == 7 and data.overdue == 1
    # Eleven days later the second one in progress is overdue too.
    later = lo_selectors.funnel(user=lo, today=TODAY + timedelta(days=11))
    assert later.overdue == 2


def _vitality_people(org, team, n):
    return [UserFactory(organisation=org, team=team) for _i in range(n)]


def test_vitality_hides_groups_under_five(org, other_org):
    lo = UserFactory(organisation=org, roles=[Role.LO])
    noord = TeamFactory(organisation=org, name="Noord")
    zuid = TeamFactory(organisation=org, name="Zuid")
    n5 = _vitality_people(org, noord, 5)
    z5 = _vitality_people(org, zuid, 5)
    groep = GroepFactory(organisation=org)
    # April: four people of Zuid, one of them twice — four distinct: hidden, also the total.
    session(groep, at(date(2025, 4, 7)), people=z5[:4], energie=[2, 2, 3, 3])
    session(groep, at(date(2025, 4, 8)), people=z5[:1], energie=[1])
    # May: five of Noord (avg 4.0) shown; four of Zuid hidden; the total hidden as well,
    # since it would give Zuid's four away by subtraction.
    session(groep, at(date(2025, 5, 5)), people=n5, energie=[3, 4, 5, 4, 4])
    session(groep, at(date(2025, 5, 6)), people=z5[:4], energie=[2, 2, 3, 3])
    # June: Noord five people over six check-ins (20/6 = 3.3), Zuid five at 5 (5.0);
    # organisation 45/11 = 4.1 over ten people. A check-in without a score does not count.
    session(groep, at(date(2025, 6, 2)), people=n5, energie=[5, 4, 4, 2, 2])
    session(groep, at(date(2025, 6, 3)), people=n5[:1] + z5, energie=[3, 5, 5, 5, 5, 5])
    session(groep, at(date(2025, 6, 4)), people=[UserFactory(organisation=org, team=zuid)])
    # Another organisation's check-ins never count.
    other = GroepFactory(organisation=other_org)
    session(
        other,
        at(date(2025, 6, 2)),
        people=_vitality_people(other_org, None, 5),
        energie=[1, 1, 1, 1, 1],
    )

    data = lo_selectors.vitality(user=lo, today=date(2025, 7, 2))  # June closed
    rows = {row.label: row for row in data.rows}
    rest = "Kleinere teams samen (elk onder de 5)"
    assert list(rows) == ["Hele organisatie", "Noord", "Zuid", rest]

    def cells(label):
        return [(c.average, c.people, c.hidden) for c in rows[label].cells[3:]]  # Apr–Jun

    assert cells("Noord") == [
        (None, 0, False),
        (Decimal("4.0"), 5, False),
        (Decimal("3.3"), 5, False),
    ]
    assert cells("Zuid") == [(None, 0, True), (None, 0, True), (Decimal("5.0"), 5, False)]
    # Zuid's four alone in the "rest" bucket: too few, so the organisation hides as well.
    assert cells(rest) == [(None, 0, True), (None, 0, True), (None, 0, False)]
    assert cells("Hele organisatie") == [
        (None, 0, True),
        (None, 0, True),
        (Decimal("4.1"), 10, False),
    ]
    # On 18 June, June is still running: no figure for it at all.
    running = lo_selectors.vitality(user=lo, today=TODAY)
    assert running.months[-1] == date(2025, 5, 1)
    assert data.any_hidden
