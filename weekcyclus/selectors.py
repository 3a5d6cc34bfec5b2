"""Reads for groups, weeks and attendance (session screens: weekcyclus/screens.py)."""

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum, prefetch_related_objects
from django.utils import timezone

from werkplekleren.dates import monday_of
from werkplekleren.models import User

from .models import Deelnemer, Groep, GroepMember, Sessie, Weekcyclus


def groepen_with_member_counts(queryset: QuerySet[Groep]) -> list[Groep]:
    """Groups with ``member_count`` (active members), by name, in one query."""
    return list(
        queryset.annotate(
            member_count=Count(
                "members", filter=Q(members__status=GroepMember.Status.ACTIVE), distinct=True
            )
        ).order_by("name")
    )


def upcoming_sessies(queryset: QuerySet[Sessie], limit: int = 4) -> list[Sessie]:
    """Sessions that are running or still to come, soonest first (one query)."""
    return list(
        queryset.exclude(state=Sessie.State.CLOSED)
        .filter(starts_at__gte=timezone.now() - timedelta(hours=4))
        .select_related("weekcyclus__groep")
        .order_by("starts_at")[:limit]
    )


def groep_roster(*, groep: Groep) -> tuple[list[GroepMember], list[GroepMember]]:
    """The active members and the open invitations of a group, by name, in one query."""
    rows = list(
        groep.members.filter(status__in=[GroepMember.Status.ACTIVE, GroepMember.Status.INVITED])
        .select_related("user__team")
        .order_by("user__name")
    )
    active = [m for m in rows if m.status == GroepMember.Status.ACTIVE]
    invited = [m for m in rows if m.status == GroepMember.Status.INVITED]
    return active, invited


# --- Planning: weeks, their sessions, the agenda feed and hours used ----------------------

RECENT_WEEKS = 4
UPCOMING_WEEKS = 6
AGENDA_PAST_DAYS = 30
ATTENDED_STATES = (Sessie.State.LIVE, Sessie.State.CLOSED)


def _this_monday(today: date | None = None) -> date:
    return monday_of(today or timezone.localdate())


def groep_erkenning(*, groep: Groep) -> list[dict]:
    """The group's proposals the organisation implemented, with the thanks the answering
    leidinggevende sent (recognition on the group's page; ``groep`` from access.access_groep).
    One query."""
    from didactiek.models import Verbetervoorstel

    status = Verbetervoorstel.Status
    return list(
        Verbetervoorstel.objects.filter(
            sessie__weekcyclus__groep=groep,
            status__in=[status.GEREALISEERD, status.EFFECT_BEOORDEELD],
        )
        .order_by("-implemented_at", "-pk")
        .values("pk", "titel", "implemented_at", "bedankt", "effect", "cirkel__team__name")
    )


def groep_weken(*, groep: Groep, today: date | None = None) -> dict:
    """The group's coming weeks (this week first) and its most recent past weeks, each with
    its sessions. Three queries however many weeks and sessions there are."""
    monday = _this_monday(today)
    weeks = groep.weekcycli.order_by()
    upcoming = list(weeks.filter(week_start__gte=monday).order_by("week_start")[:UPCOMING_WEEKS])
    recent = list(weeks.filter(week_start__lt=monday).order_by("-week_start")[:RECENT_WEEKS])
    prefetch_related_objects(
        [*upcoming, *recent], Prefetch("sessies", queryset=Sessie.objects.order_by("number"))
    )
    return {
        "upcoming": upcoming,
        "recent": recent,
        "has_weeks": bool(upcoming or recent),
        "this_monday": monday,
    }


def first_free_week(*, groep: Groep, today: date | None = None) -> date:
    """The Monday of the first week from next week on that the group has not planned yet."""
    monday = _this_monday(today) + timedelta(days=7)
    planned = set(
        groep.weekcycli.filter(week_start__gte=monday).values_list("week_start", flat=True)
    )
    while monday in planned:
        monday += timedelta(days=7)
    return monday


def weekcyclus_overview(*, weekcyclus: Weekcyclus) -> dict:
    """What the week page shows: sessions, chosen questions and werksituaties."""
    return {
        "sessies": list(weekcyclus.sessies.order_by("number")),
        "vragen": list(weekcyclus.vragen.order_by("number")),
        "werksituaties": list(weekcyclus.werksituaties.order_by("created_at", "id")),
    }


def agenda_sessies(*, sessies: QuerySet[Sessie], now: datetime | None = None) -> list[Sessie]:
    """Sessions for a calendar feed: everything upcoming and the last 30 days.

    ``sessies`` is what the person may see (``weekcyclus.access.sessies_for``)."""
    since = (now or timezone.now()) - timedelta(days=AGENDA_PAST_DAYS)
    return list(
        sessies.filter(starts_at__gte=since)
        .select_related("weekcyclus__groep")
        .order_by("starts_at", "pk")
    )


def _moment(value: date | datetime | None, *, end: bool) -> datetime | None:
    """A datetime as it is; a date as the start of that day (of the next day for ``end``)."""
    if value is None or isinstance(value, datetime):
        return value
    if end:
        value += timedelta(days=1)
    return timezone.make_aware(datetime.combine(value, time.min))


def attended_hours(
    *, user: User, start: date | datetime | None = None, end: date | datetime | None = None
) -> Decimal:
    """Learning hours used: the length of the sessions (running or closed) the person took
    part in, in hours to two decimals.

    Sessions count by their planned start: from ``start`` up to (not including) ``end``;
    dates mean whole days, so ``end=date(2025, 3, 31)`` includes 31 March.
    """
    rows = Deelnemer.objects.filter(user=user, sessie__state__in=ATTENDED_STATES)
    if (since := _moment(start, end=False)) is not None:
        rows = rows.filter(sessie__starts_at__gte=since)
    if (until := _moment(end, end=True)) is not None:
        rows = rows.filter(sessie__starts_at__lt=until)
    minutes = rows.aggregate(total=Sum("sessie__duration_minutes"))["total"] or 0
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def guest_summary(sessie: Sessie) -> dict:
    """What a guest may see of a closed session: what the group made (the proposal's title
    and state, the agreements). Never learning intentions, not even shared ones: those are
    for the group."""
    from didactiek.models import Verbetervoorstel

    voorstel = Verbetervoorstel.objects.filter(sessie=sessie).first()
    return {
        "voorstel": voorstel,
        "afspraken": list(sessie.afspraken.select_related("owner").order_by("created_at", "id")),
    }


def frame_choice(*, sessie, user) -> dict:
    """The frames a group can pick for a planned session, those for the questions of its
    week first (the session's own choice marked)."""
    from didactiek.selectors import published_choices

    if sessie.state != sessie.State.PLANNED:
        return {"frame_choices": []}
    vragen = list(sessie.weekcyclus.vragen.values_list("number", flat=True))
    return {"frame_choices": published_choices(user, vragen=vragen), "cycle_vragen": vragen}
