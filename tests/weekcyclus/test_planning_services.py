"""Planning a Vitale Weekcyclus: services, the agenda feed services and hours used."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from didactiek.models import DidactischeVraag, Werksituatie
from tests.factories import GroepFactory, SessieFactory, UserFactory, add_member
from weekcyclus import services
from weekcyclus.models import AgendaFeed, Deelnemer, GroepMember, Sessie, Weekcyclus
from weekcyclus.selectors import attended_hours

MONDAY = date(2031, 3, 3)  # a Monday, safely in the future


def row(day: date, hour: int, minute: int = 0, **extra) -> dict:
    return {"day": day, "start": time(hour, minute), **extra}


@pytest.fixture
def groep(org, professional):
    groep = GroepFactory(organisation=org, created_by=professional)
    add_member(groep, professional)
    return groep


def local(sessie: Sessie) -> datetime:
    return timezone.localtime(sessie.starts_at)


def test_week_is_normalised_to_monday_and_sessions_numbered_in_order(groep, professional):
    wednesday = MONDAY + timedelta(days=2)
    vragen = list(DidactischeVraag.objects.filter(number__in=[1, 4, 9]))
    cyclus = services.weekcyclus_plan(
        groep=groep,
        by=professional,
        week_start=wednesday,
        sessies=[
            row(MONDAY + timedelta(days=3), 14, room="Zaal B"),
            row(MONDAY, 9, duration_minutes=45, room="Zaal A"),
            row(MONDAY + timedelta(days=6), 10),  # Sunday still belongs to the week
        ],
        vragen=vragen,
    )
    assert cyclus.week_start == MONDAY
    sessies = list(cyclus.sessies.order_by("number"))
    assert [(s.number, local(s).date(), local(s).time()) for s in sessies] == [
        (1, MONDAY, time(9)),
        (2, MONDAY + timedelta(days=3), time(14)),
        (3, MONDAY + timedelta(days=6), time(10)),
    ]
    assert [s.duration_minutes for s in sessies] == [45, 60, 60]
    assert [s.room for s in sessies] == ["Zaal A", "Zaal B", ""]
    assert len({s.join_code for s in sessies}) == 3
    assert set(cyclus.vragen.all()) == set(vragen)


@pytest.mark.parametrize(
    "day",
    [MONDAY - timedelta(days=1), MONDAY + timedelta(days=7)],
    ids=["sunday-before", "next-monday"],
)
def test_sessions_must_fall_in_the_week(groep, professional, day):
    with pytest.raises(ValidationError, match="valt buiten de week"):
        services.weekcyclus_plan(
            groep=groep, by=professional, week_start=MONDAY, sessies=[row(MONDAY, 9), row(day, 9)]
        )
    assert not Weekcyclus.objects.exists()  # atomic: nothing half-made
    assert not Sessie.objects.exists()


@pytest.mark.parametrize("count", [0, 5])
def test_a_week_has_one_to_four_sessions(groep, professional, count):
    sessies = [row(MONDAY + timedelta(days=i), 9) for i in range(count)]
    with pytest.raises(ValidationError, match="één tot vier sessies"):
        services.weekcyclus_plan(groep=groep, by=professional, week_start=MONDAY, sessies=sessies)
    assert not Weekcyclus.objects.exists()


def test_overlapping_sessions_are_refused(groep, professional):
    with pytest.raises(ValidationError, match="voordat sessie 1 is afgelopen"):
        services.weekcyclus_plan(
            groep=groep,
            by=professional,
            week_start=MONDAY,
            sessies=[row(MONDAY, 9, duration_minutes=90), row(MONDAY, 10)],
        )
    assert not Weekcyclus.objects.exists()


def test_duration_is_validated(groep, professional):
    with pytest.raises(ValidationError):
        services.weekcyclus_plan(
            groep=groep,
            by=professional,
            week_start=MONDAY,
            sessies=[row(MONDAY, 9, duration_minutes=5)],
        )
    assert not Weekcyclus.objects.exists()


def test_the_same_week_cannot_be_planned_twice(groep, professional):
    services.weekcyclus_plan(
        groep=groep, by=professional, week_start=MONDAY, sessies=[row(MONDAY, 9)]
    )
    friday = MONDAY + timedelta(days=4)
    with pytest.raises(ValidationError, match="al een weekcyclus gepland"):
        services.weekcyclus_plan(
            groep=groep, by=professional, week_start=friday, sessies=[row(friday, 9)]
        )
    assert Weekcyclus.objects.count() == 1
    # Another group may plan the same week.
    other = GroepFactory(organisation=groep.organisation)
    add_member(other, professional)
    services.weekcyclus_plan(
        groep=other, by=professional, week_start=MONDAY, sessies=[row(MONDAY, 9)]
    )


@pytest.mark.parametrize(
    "status", [None, GroepMember.Status.INVITED, GroepMember.Status.LEFT, "other-organisation"]
)
def test_only_active_members_may_plan(org, other_org, groep, status):
    if status == "other-organisation":
        user = UserFactory(organisation=other_org)
    else:
        user = UserFactory(organisation=org)
        if status:
            add_member(groep, user, status=status)
    with pytest.raises(PermissionDenied):
        services.weekcyclus_plan(groep=groep, by=user, week_start=MONDAY, sessies=[row(MONDAY, 9)])
    with pytest.raises(PermissionDenied):
        services.weekcyclus_plan_next(groep=groep, by=user)
    assert not Weekcyclus.objects.exists()


def test_plan_next_copies_days_times_rooms_and_questions_a_week_later(groep, professional):
    vragen = list(DidactischeVraag.objects.filter(number__in=[2, 10]))
    first = services.weekcyclus_plan(
        groep=groep,
        by=professional,
        week_start=MONDAY,
        sessies=[
            row(MONDAY, 9, room="Zaal A"),
            row(MONDAY + timedelta(days=1), 13, 30, duration_minutes=90, room="Kantine"),
            row(MONDAY + timedelta(days=4), 16, duration_minutes=30),
        ],
        vragen=vragen,
    )
    nxt = services.weekcyclus_plan_next(groep=groep, by=professional)
    assert nxt.week_start == MONDAY + timedelta(days=7)
    before = list(first.sessies.order_by("number"))
    after = list(nxt.sessies.order_by("number"))
    assert len(after) == 3
    for old, new in zip(before, after, strict=True):
        assert local(new).date() == local(old).date() + timedelta(days=7)
        assert local(new).time() == local(old).time()
        assert (new.number, new.duration_minutes, new.room) == (
            old.number,
            old.duration_minutes,
            old.room,
        )
        assert new.join_code != old.join_code
    assert set(nxt.vragen.all()) == set(vragen)
    # And again: always the week after the latest.
    assert services.weekcyclus_plan_next(groep=groep, by=professional).week_start == (
        MONDAY + timedelta(days=14)
    )


def test_plan_next_keeps_the_clock_time_across_summer_time(groep, professional):
    before_dst = date(2031, 3, 24)  # summer time starts on Sunday 30 March 2031
    first = services.weekcyclus_plan(
        groep=groep, by=professional, week_start=before_dst, sessies=[row(before_dst, 9)]
    )
    sessie = services.weekcyclus_plan_next(groep=groep, by=professional).sessies.get()
    assert local(sessie).time() == time(9)
    assert first.sessies.get().starts_at.astimezone(UTC).hour == 8  # CET, UTC+1
    assert sessie.starts_at.astimezone(UTC).hour == 7  # CEST, UTC+2


def test_plan_next_after_a_pause_plans_this_week_not_the_past(groep, professional):
    today = timezone.localdate()
    this_monday = today - timedelta(days=today.weekday())
    long_ago = this_monday - timedelta(weeks=10)
    services.weekcyclus_plan(
        groep=groep,
        by=professional,
        week_start=long_ago,
        sessies=[row(long_ago + timedelta(days=3), 11, room="Zaal C")],
    )
    nxt = services.weekcyclus_plan_next(groep=groep, by=professional)
    assert nxt.week_start == this_monday
    sessie = nxt.sessies.get()
    assert (local(sessie).date(), local(sessie).time(), sessie.room) == (
        this_monday + timedelta(days=3),
        time(11),
        "Zaal C",
    )


def test_plan_next_needs_a_week_to_copy(groep, professional):
    with pytest.raises(ValidationError, match="nog geen week"):
        services.weekcyclus_plan_next(groep=groep, by=professional)


@pytest.mark.parametrize("kind", list(Werksituatie.Kind))
def test_werksituatie_kinds(groep, professional, kind):
    cyclus = services.weekcyclus_plan(
        groep=groep, by=professional, week_start=MONDAY, sessies=[row(MONDAY, 9)]
    )
    ws = services.werksituatie_add(
        weekcyclus=cyclus, by=professional, title="  Overdracht bij de avonddienst ", kind=kind
    )
    assert (ws.title, ws.kind, ws.critical, ws.created_by) == (
        "Overdracht bij de avonddienst",
        kind,
        True,
        professional,
    )


def test_werksituatie_needs_a_title_and_a_known_kind(groep, professional):
    cyclus = services.weekcyclus_plan(
        groep=groep, by=professional, week_start=MONDAY, sessies=[row(MONDAY, 9)]
    )
    with pytest.raises(ValidationError):
        services.werksituatie_add(weekcyclus=cyclus, by=professional, title="  ", kind="kenmerk")
    with pytest.raises(ValidationError):
        services.werksituatie_add(weekcyclus=cyclus, by=professional, title="X", kind="hobby")
    ws = services.werksituatie_add(
        weekcyclus=cyclus, by=professional, title="Werkdruk", kind="kenmerk", critical=False
    )
    assert ws.critical is False
    outsider = UserFactory(organisation=groep.organisation)
    with pytest.raises(PermissionDenied):
        services.werksituatie_add(weekcyclus=cyclus, by=outsider, title="X", kind="kenmerk")
    assert Werksituatie.objects.count() == 1


# --- Agenda feed ---------------------------------------------------------------------------


def test_agenda_feed_is_made_once_and_renewed_with_a_new_token(professional):
    feed = services.agenda_feed_get_or_create(user=professional)
    assert services.agenda_feed_get_or_create(user=professional) == feed
    old = feed.token
    renewed = services.agenda_feed_renew(user=professional)
    assert renewed.pk == feed.pk
    assert renewed.token != old and len(renewed.token) >= 32
    assert not AgendaFeed.objects.filter(token=old).exists()


# --- Hours used ----------------------------------------------------------------------------


def _attend(user, sessie, state):
    Sessie.objects.filter(pk=sessie.pk).update(state=state)
    Deelnemer.objects.create(sessie=sessie, user=user)


def test_attended_hours_counts_running_and_closed_sessions_attended(org, professional):
    groep = GroepFactory(organisation=org)
    add_member(groep, professional)
    week = SessieFactory(weekcyclus__groep=groep, weekcyclus__week_start=MONDAY).weekcyclus
    first = week.sessies.get()
    second = SessieFactory(weekcyclus=week, number=2, duration_minutes=45)
    third = SessieFactory(weekcyclus=week, number=3, duration_minutes=90)
    planned = SessieFactory(weekcyclus=week, number=4)
    _attend(professional, first, Sessie.State.CLOSED)  # 60
    _attend(professional, second, Sessie.State.LIVE)  # 45
    _attend(professional, planned, Sessie.State.PLANNED)  # not yet: does not count
    # A session the person did not attend, and a colleague's attendance, do not count.
    colleague = UserFactory(organisation=org)
    _attend(colleague, third, Sessie.State.CLOSED)

    assert attended_hours(user=professional) == Decimal("1.75")
    assert attended_hours(user=colleague) == Decimal("1.50")
    assert attended_hours(user=UserFactory(organisation=org)) == Decimal("0.00")


def test_attended_hours_within_a_period(org, professional):
    groep = GroepFactory(organisation=org)
    add_member(groep, professional)
    week = SessieFactory(weekcyclus__groep=groep, weekcyclus__week_start=MONDAY).weekcyclus
    monday = week.sessies.get()  # Monday 09:00
    tuesday = SessieFactory(weekcyclus=week, number=2, duration_minutes=50)  # Tuesday 09:00
    for sessie in (monday, tuesday):
        _attend(professional, sessie, Sessie.State.CLOSED)
    tue = MONDAY + timedelta(days=1)

    assert attended_hours(user=professional, start=MONDAY, end=MONDAY) == Decimal("1.00")
    assert attended_hours(user=professional, start=tue) == Decimal("0.83")  # 50 minutes
    assert attended_hours(user=professional, end=tue) == Decimal("1.83")
    assert attended_hours(user=professional, start=tue + timedelta(days=1)) == Decimal("0")
    # Datetimes are a half-open range on the start of the session.
    assert attended_hours(
        user=professional, start=monday.starts_at, end=tuesday.starts_at
    ) == Decimal("1.00")
