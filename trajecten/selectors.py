"""Reads for Prof-trajecten."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, F, Prefetch, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from didactiek.models import DidactischeVraag, Verbetervoorstel
from trajecten import access
from weekcyclus.models import Deelnemer, Leervoornemen, Sessie
from weekcyclus.selectors import ATTENDED_STATES
from werkplekleren.dates import monday_of
from werkplekleren.models import User

from .models import Leeractiviteit, ProfTraject, Tijdregistratie, Vraagkeuze

# --- Composing, activities and suggestions from sessions (trajecten/views/compose.py,
# trajecten/views/activiteiten.py) ----------------------------------------------------------


def vraagkeuze_history(*, traject: ProfTraject) -> list[Vraagkeuze]:
    """Every cycle's choice of questions, newest first, with its questions (2 queries)."""
    return list(
        traject.vraagkeuzes.order_by("-cycle_start").prefetch_related(
            Prefetch("vragen", queryset=DidactischeVraag.objects.order_by("number"))
        )
    )


def activiteiten_list(*, traject: ProfTraject) -> list[Leeractiviteit]:
    """The traject's activities, current ones first, each with ``logged_minutes`` and its
    questions (2 queries, however many activities)."""
    order = Case(
        When(status=Leeractiviteit.Status.BEZIG, then=Value(0)),
        When(status=Leeractiviteit.Status.GEPLAND, then=Value(1)),
        default=Value(2),
    )
    return list(
        traject.activiteiten.annotate(logged_minutes=Coalesce(Sum("tijden__minutes"), 0))
        .prefetch_related(Prefetch("vragen", queryset=DidactischeVraag.objects.order_by("number")))
        .order_by(order, "-created_at", "-pk")
    )


@dataclass(frozen=True)
class SessionSuggestion:
    """A learning need that came out of a session, not yet turned into an activity."""

    source: str  # "leervoornemen:<id>" or "voorstel:<voorstel_id>:<index>"
    text: str
    day: date
    groep: str
    voorstel: str = ""  # the proposal's title, for knowledge a proposal needs

    @property
    def from_voorstel(self) -> bool:
        return self.source.startswith("voorstel:")


def session_suggestions(*, traject: ProfTraject) -> list[SessionSuggestion]:
    """Learning needs from sessions since the traject's start, newest first: the person's
    own answers to question 9 (never anyone else's) and the knowledge and skills validated
    proposals of sessions they attended need. Those already an activity are left out.
    Three queries, whatever the number of sessions."""
    since = timezone.make_aware(datetime.combine(traject.start, time.min))
    existing = list(traject.activiteiten.values_list("source", "title"))
    taken = {source for source, _title in existing if source}
    suggestions: list[SessionSuggestion] = []
    voornemens = (
        Leervoornemen.objects.filter(
            user_id=traject.user_id,
            sessie__starts_at__gte=since,
            sessie__weekcyclus__groep__organisation_id=traject.organisation_id,
        )
        .exclude(wil_leren="")
        .select_related("sessie__weekcyclus__groep")
    )
    for voornemen in voornemens:
        if not voornemen.wil_leren.strip():
            continue
        suggestions.append(
            SessionSuggestion(
                source=f"leervoornemen:{voornemen.pk}",
                text=voornemen.wil_leren.strip(),
                day=timezone.localdate(voornemen.sessie.starts_at),
                groep=voornemen.sessie.weekcyclus.groep.name,
            )
        )
    voorstellen = Verbetervoorstel.objects.filter(
        organisation_id=traject.organisation_id,
        status=Verbetervoorstel.Status.GEVALIDEERD,
        draft__isnull=False,
        sessie__starts_at__gte=since,
        sessie__in=Deelnemer.objects.filter(user_id=traject.user_id).values("sessie_id"),
    ).select_related("draft", "sessie__weekcyclus__groep")
    for voorstel in voorstellen:
        output = voorstel.draft.output if isinstance(voorstel.draft.output, dict) else {}
        items = output.get("benodigde_kennis_en_vaardigheden") or []
        for index, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                continue
            suggestions.append(
                SessionSuggestion(
                    source=f"voorstel:{voorstel.pk}:{index}",
                    text=item.strip(),
                    day=timezone.localdate(voorstel.sessie.starts_at),
                    groep=voorstel.sessie.weekcyclus.groep.name,
                    voorstel=voorstel.titel or str(voorstel),
                )
            )
    suggestions.sort(key=lambda s: s.day, reverse=True)  # stable: ties keep their order
    # The same wish from several sessions is one suggestion (the newest), and a wish that is
    # already an activity (by its source or its title) is not suggested again.
    seen = {_same_text(title) for _source, title in existing}
    unique = []
    for suggestion in suggestions:
        key = _same_text(suggestion.text)
        if suggestion.source in taken or key in seen:
            continue
        seen.add(key)
        unique.append(suggestion)
    return unique


def _same_text(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".!")


# --- Progress: hours, coverage, proposals, and the outline others may see ------------------
#
# Each function runs a fixed number of queries whatever the number of sessions, activities
# or logged times. "So far" is the traject's period from its start up to today (or up to its
# end, once that has passed).

HOURS_STEP = Decimal("0.1")
WORKED_STATES = (Leeractiviteit.Status.BEZIG, Leeractiviteit.Status.AFGEROND)


def _as_hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(HOURS_STEP, rounding=ROUND_HALF_UP)


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _so_far(traject: ProfTraject, today: date | None) -> tuple[date, date]:
    """First and last day of the traject that have happened (last < first: none yet)."""
    return traject.start, min(today or timezone.localdate(), traject.end)


def _week_mondays(first: date, last: date) -> list[date]:
    mondays: list[date] = []
    monday = monday_of(first)
    while first <= last and monday <= last:
        mondays.append(monday)
        monday += timedelta(days=7)
    return mondays


def _session_minutes_per_day(
    *, user_ids: Iterable[int], organisation_id: int, first: date, last: date
) -> list[dict]:
    """Minutes of attended sessions per person and local day (rows, not queries, grow)."""
    return list(
        Deelnemer.objects.filter(
            user_id__in=user_ids,
            sessie__state__in=ATTENDED_STATES,
            sessie__weekcyclus__groep__organisation_id=organisation_id,
            sessie__starts_at__gte=_midnight(first),
            sessie__starts_at__lt=_midnight(last + timedelta(days=1)),
        )
        .annotate(day=TruncDate("sessie__starts_at"))
        .values("user_id", "day")
        .annotate(minutes=Sum("sessie__duration_minutes"))
        .order_by()
    )


def active_traject(*, user: User) -> ProfTraject | None:
    """The person's ACTIEF Prof-traject; without one their latest concept; else None."""
    return (
        access.own_trajecten_for(user)
        .filter(state__in=[ProfTraject.State.ACTIEF, ProfTraject.State.CONCEPT])
        .select_related("organisation")
        .order_by(
            Case(When(state=ProfTraject.State.ACTIEF, then=0), default=1),
            "-created_at",
            "-pk",
        )
        .first()
    )


@dataclass(frozen=True)
class HoursWeek:
    monday: date
    available: Decimal
    used: Decimal
    in_sessions: Decimal
    on_activities: Decimal

    @property
    def week(self) -> int:
        return self.monday.isocalendar().week

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


@dataclass(frozen=True)
class Hours:
    weeks: list[HoursWeek]
    available: Decimal
    used: Decimal
    in_sessions: Decimal
    on_activities: Decimal
    session_weeks: int  # weeks with at least one attended session (the "active" weeks)
    period_weeks: int  # ISO weeks the whole period touches, from start to end


def hours(*, traject: ProfTraject, today: date | None = None) -> Hours:
    """Learning time made available and used, per ISO week from the traject's start up to
    today (or its end). Three queries at most (the organisation, sessions, logged time).

    Available: the organisation's ``hours_per_week`` for every week; a partial first or last
    week counts as a whole week (simple, and what people expect on a week chart).
    Used: the length of the sessions (running or closed) the person took part in, by the
    session's local date, plus the minutes they logged on this traject's activities.
    """
    first, last = _so_far(traject, today)
    mondays = _week_mondays(first, last)
    per_week = Decimal(traject.organisation.hours_per_week).quantize(HOURS_STEP)
    session_minutes: dict[date, int] = defaultdict(int)
    activity_minutes: dict[date, int] = defaultdict(int)
    if mondays:
        for row in _session_minutes_per_day(
            user_ids=[traject.user_id],
            organisation_id=traject.organisation_id,
            first=first,
            last=last,
        ):
            session_minutes[monday_of(row["day"])] += row["minutes"] or 0
        logged = (
            Tijdregistratie.objects.filter(
                activiteit__traject=traject, day__gte=first, day__lte=last
            )
            .values("day")
            .annotate(minutes=Sum("minutes"))
            .order_by()
        )
        for row in logged:
            activity_minutes[monday_of(row["day"])] += row["minutes"] or 0
    weeks = [
        HoursWeek(
            monday=monday,
            available=per_week,
            used=_as_hours(session_minutes[monday] + activity_minutes[monday]),
            in_sessions=_as_hours(session_minutes[monday]),
            on_activities=_as_hours(activity_minutes[monday]),
        )
        for monday in mondays
    ]
    in_sessions = sum(session_minutes.values())
    on_activities = sum(activity_minutes.values())
    return Hours(
        weeks=weeks,
        available=per_week * len(mondays),
        used=_as_hours(in_sessions + on_activities),
        in_sessions=_as_hours(in_sessions),
        on_activities=_as_hours(on_activities),
        session_weeks=sum(1 for minutes in session_minutes.values() if minutes),
        period_weeks=len(_week_mondays(traject.start, traject.end)),
    )


@dataclass(frozen=True)
class VraagCoverage:
    vraag: DidactischeVraag
    chosen_now: bool  # in the current choice of questions
    chosen_cycles: int  # in how many cycles the person chose it
    sessions: int  # attended sessions that worked on it
    activities: int  # activities (started or finished) that work on it

    @property
    def worked(self) -> int:
        """How often the person worked on the question ("gewerkt aan"), as opposed to
        having chosen it ("gekozen")."""
        return self.sessions + self.activities


def _choices(traject_ids: Iterable[int]) -> dict[int, list[tuple[date, DidactischeVraag]]]:
    """Every chosen question per traject with its cycle (one query)."""
    rows = (
        Vraagkeuze.vragen.through.objects.filter(vraagkeuze__traject_id__in=list(traject_ids))
        .select_related("vraagkeuze", "didactischevraag")
        .order_by("vraagkeuze__cycle_start", "didactischevraag__number")
    )
    result: dict[int, list[tuple[date, DidactischeVraag]]] = defaultdict(list)
    for row in rows:
        result[row.vraagkeuze.traject_id].append((row.vraagkeuze.cycle_start, row.didactischevraag))
    return result


def _current_cycle(choices: list[tuple[date, DidactischeVraag]], today: date) -> date | None:
    """The latest cycle that has begun; before the first one has begun, the first one."""
    cycles = sorted({cycle for cycle, _vraag in choices})
    if not cycles:
        return None
    begun = [cycle for cycle in cycles if cycle <= today]
    return begun[-1] if begun else cycles[0]


def coverage(*, traject: ProfTraject, today: date | None = None) -> list[VraagCoverage]:
    """For each of the ten questions: chosen now, in how many cycles, and how often the person
    worked on it so far — in sessions they attended (the session's questions) and in their
    started or finished activities (a planned activity is an intention, not yet work).
    Four queries."""
    today = today or timezone.localdate()
    first, last = _so_far(traject, today)
    vragen = list(DidactischeVraag.objects.order_by("number"))
    sessions: dict[int, int] = {}
    if first <= last:
        sessions = dict(
            Sessie.vragen.through.objects.filter(
                sessie__deelnemers__user_id=traject.user_id,
                sessie__state__in=ATTENDED_STATES,
                sessie__weekcyclus__groep__organisation_id=traject.organisation_id,
                sessie__starts_at__gte=_midnight(first),
                sessie__starts_at__lt=_midnight(last + timedelta(days=1)),
            )
            .values("didactischevraag_id")
            .annotate(n=Count("sessie_id", distinct=True))
            .order_by()
            .values_list("didactischevraag_id", "n")
        )
    activities = dict(
        Leeractiviteit.vragen.through.objects.filter(
            leeractiviteit__traject=traject, leeractiviteit__status__in=WORKED_STATES
        )
        .values("didactischevraag_id")
        .annotate(n=Count("leeractiviteit_id", distinct=True))
        .order_by()
        .values_list("didactischevraag_id", "n")
    )
    choices = _choices([traject.pk]).get(traject.pk, [])
    current = _current_cycle(choices, today)
    cycles: dict[int, int] = defaultdict(int)
    for _cycle, vraag in choices:
        cycles[vraag.pk] += 1
    now = {vraag.pk for cycle, vraag in choices if cycle == current}
    return [
        VraagCoverage(
            vraag=vraag,
            chosen_now=vraag.pk in now,
            chosen_cycles=cycles[vraag.pk],
            sessions=sessions.get(vraag.pk, 0),
            activities=activities.get(vraag.pk, 0),
        )
        for vraag in vragen
    ]


def _proposals_of(user_ids: Iterable[int], organisation_id: int) -> QuerySet[Verbetervoorstel]:
    """Proposals of sessions the people took part in (their Deelnemer row)."""
    return Verbetervoorstel.objects.filter(
        organisation_id=organisation_id,
        sessie__deelnemers__user_id__in=list(user_ids),
        sessie__weekcyclus__groep__organisation_id=organisation_id,
    )


def proposals(
    *, user: User, since: date | None = None, until: date | None = None
) -> list[Verbetervoorstel]:
    """The proposals of sessions the person attended (from ``since`` up to and including
    ``until``), newest first, with their session and group (one query)."""
    rows = _proposals_of([user.pk], user.organisation_id)
    if since is not None:
        rows = rows.filter(sessie__starts_at__gte=_midnight(since))
    if until is not None:
        rows = rows.filter(sessie__starts_at__lt=_midnight(until + timedelta(days=1)))
    return list(
        rows.select_related("sessie__weekcyclus__groep").order_by("-sessie__starts_at", "-pk")
    )


@dataclass(frozen=True)
class Outline:
    """What others (the leidinggevende, L&O) may see of a Prof-traject. Deliberately no
    reference to the traject itself: activities, reflections, talents and learning needs
    cannot leak through a template."""

    traject_id: int
    user_id: int
    person_name: str
    state: str
    state_label: str
    ambitie: str
    start: date
    end: date
    active_weeks: int
    vragen: list[DidactischeVraag]
    hours_used: Decimal
    hours_available: Decimal
    proposals_count: int


def _outlines(trajecten: list[ProfTraject], today: date | None = None) -> dict[int, Outline]:
    """Outlines of many trajecten (of one organisation) in four queries; the trajecten come
    with ``organisation`` and ``user`` selected."""
    today = today or timezone.localdate()
    if not trajecten:
        return {}
    ids = [t.pk for t in trajecten]
    user_ids = {t.user_id for t in trajecten}
    organisation_id = trajecten[0].organisation_id
    first = min(t.start for t in trajecten)
    last = min(today, max(t.end for t in trajecten))
    session_days: dict[int, list[tuple[date, int]]] = defaultdict(list)
    if first <= last:
        for row in _session_minutes_per_day(
            user_ids=user_ids, organisation_id=organisation_id, first=first, last=last
        ):
            session_days[row["user_id"]].append((row["day"], row["minutes"] or 0))
    logged = dict(
        Tijdregistratie.objects.filter(
            activiteit__traject_id__in=ids,
            day__gte=F("activiteit__traject__start"),
            day__lte=F("activiteit__traject__end"),
        )
        .filter(day__lte=today)
        .values("activiteit__traject_id")
        .annotate(minutes=Sum("minutes"))
        .order_by()
        .values_list("activiteit__traject_id", "minutes")
    )
    proposal_days: dict[int, list[date]] = defaultdict(list)
    for user_id, starts_at in _proposals_of(user_ids, organisation_id).values_list(
        "sessie__deelnemers__user_id", "sessie__starts_at"
    ):
        proposal_days[user_id].append(timezone.localdate(starts_at))
    choices = _choices(ids)
    result = {}
    for traject in trajecten:
        t_first, t_last = _so_far(traject, today)
        minutes = (logged.get(traject.pk) or 0) + sum(
            m for day, m in session_days[traject.user_id] if t_first <= day <= t_last
        )
        mine = choices.get(traject.pk, [])
        current = _current_cycle(mine, today)
        result[traject.pk] = Outline(
            traject_id=traject.pk,
            user_id=traject.user_id,
            person_name=traject.user.name,
            state=traject.state,
            state_label=traject.get_state_display(),
            ambitie=traject.ambitie,
            start=traject.start,
            end=traject.end,
            active_weeks=traject.active_weeks,
            vragen=[vraag for cycle, vraag in mine if cycle == current],
            hours_used=_as_hours(minutes),
            hours_available=Decimal(traject.organisation.hours_per_week).quantize(HOURS_STEP)
            * len(_week_mondays(t_first, t_last)),
            proposals_count=sum(
                1 for day in proposal_days[traject.user_id] if traject.start <= day <= traject.end
            ),
        )
    return result


def outline(*, traject: ProfTraject, today: date | None = None) -> Outline:
    """The outline others may see of one traject: ambition, period, active weeks, the current
    chosen questions, hours used and available, the number of proposals. Never activities,
    reflections, talents or learning needs. Four queries (plus the organisation and person
    when not selected)."""
    return _outlines([traject], today)[traject.pk]


def outlines(*, trajecten: list[ProfTraject], today: date | None = None) -> list[Outline]:
    """The outlines of many trajecten, in order, in four queries (for lists and the API)."""
    by_id = _outlines(list(trajecten), today)
    return [by_id[t.pk] for t in trajecten]


def outlines_for_users(
    *, viewer: User, users: Iterable[User] | QuerySet[User], today: date | None = None
) -> dict[int, Outline]:
    """The outlines of the active Prof-trajecten of ``users`` that ``viewer`` may see, by
    person id (access.traject_outlines_for decides). Five queries however many people."""
    trajecten = list(
        access.traject_outlines_for(viewer)
        .filter(user__in=users, state=ProfTraject.State.ACTIEF)
        .select_related("organisation", "user")
    )
    return {o.user_id: o for o in _outlines(trajecten, today).values()}


# --- The learning catalogue (trajecten/views/catalogus.py) ---------------------------------


def catalogus_for(
    user, *, active_only: bool = True, kind: str = "", vraag: int | None = None
) -> list:
    """The catalogue of the user's organisation (nothing of another), with its questions
    and file: 2 queries."""
    items = access.catalogus_items_for(user)
    if active_only:
        items = items.filter(active=True)
    if kind in Leeractiviteit.Kind.values:
        items = items.filter(kind=kind)
    if vraag is not None:
        items = items.filter(vragen__number=vraag)
    return list(
        items.select_related("media")
        .prefetch_related(Prefetch("vragen", queryset=DidactischeVraag.objects.order_by("number")))
        .order_by("kind", "title", "pk")
        .distinct()
    )


def catalogus_counts(user) -> dict[str, int]:
    """How many active items of each kind the organisation's catalogue has."""
    rows = (
        access.catalogus_items_for(user).filter(active=True).values("kind").annotate(n=Count("pk"))
    )
    return {row["kind"]: row["n"] for row in rows}


def catalogus_in_traject(*, traject: ProfTraject) -> set[int]:
    """The catalogue items already in the traject (as an activity)."""
    return set(
        traject.activiteiten.exclude(catalogus_item=None).values_list(
            "catalogus_item_id", flat=True
        )
    )
