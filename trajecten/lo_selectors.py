"""Reads for the L&O dashboard: where learning is alive and where it stalls, organisation-wide.

Signals and aggregates only, never anyone's learning content: no activities, reflections,
talents, learning needs, session texts or individual check-in scores. Every function runs a
fixed number of queries whatever the size of the organisation (rows grow, queries do not),
and takes ``today`` so tests can travel in time.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from statistics import median

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    DateField,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from didactiek.models import DidactischeVraag, Verbetervoorstel
from didactiek.voorstellen import overdue_q
from trajecten import access as trajecten_access
from weekcyclus import access as weekcyclus_access
from weekcyclus.models import Deelnemer, Sessie
from weekcyclus.selectors import ATTENDED_STATES
from werkplekleren import access
from werkplekleren.models import User

from .models import ProfTraject, SupportBericht, Tijdregistratie
from .selectors import _midnight

STALLED_AFTER = timedelta(weeks=3)
ENDING_WITHIN = timedelta(weeks=4)
MONTHS = 6
MIN_GROUP = 5  # vitality: fewer distinct people than this in a group-month stays hidden

# --- Progress signals ------------------------------------------------------------------------

ACTIEF = "actief"
NIET_GESTART = "niet_gestart"
STIL = "stil"
WEINIG_UREN = "weinig_uren"
EINDIGT = "eindigt"

SIGNALS = {
    ACTIEF: _("Actief"),
    NIET_GESTART: _("Niet gestart"),
    STIL: _("Stilgevallen"),
    WEINIG_UREN: _("Minder dan de helft van de uren"),
    EINDIGT: _("Eindigt binnen 4 weken"),
}


@dataclass(frozen=True)
class SignalRow:
    """One professional as L&O sees them: who, which team, the period of the active traject,
    the last session and the signals. Never a figure of hours (design brief: L&O sees hours
    as aggregates only)."""

    user_id: int
    name: str
    team_id: int | None
    team_name: str
    traject_id: int | None  # the active traject (its outline), none when not started
    start: date | None
    end: date | None
    last_session: date | None
    signals: tuple[str, ...]

    @property
    def signal_labels(self) -> list[str]:
        return [str(SIGNALS[s]) for s in self.signals]

    @property
    def signal_pairs(self) -> list[tuple[str, str]]:
        return [(s, SIGNALS[s]) for s in self.signals]


@dataclass
class Signals:
    rows: Iterable[SignalRow]  # the page shown (all: a generator), after both filters
    counts: dict[str, int]  # per signal, after the team filter only
    total: int  # professionals after the team filter
    matching: int  # professionals after both filters (all pages)
    teams: list[dict] | None  # {"id", "name"} per team for the filter; None: too many, typed
    team_id: int | None
    signal: str | None
    page: int = 1
    team_name: str = ""
    pages: int = 1

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None


PAGE_SIZE = 50
TEAM_SELECT_MAX = 100


class WeeksTouched(Func):
    """The number of calendar weeks (Monday to Sunday) that the days ``first`` … ``last``
    touch; 0 when ``last`` is before ``first``. Date arithmetic is written per database."""

    output_field = IntegerField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra):
        first, last = (compiler.compile(e) for e in self.source_expressions)
        (a, a_params), (b, b_params) = first, last
        sql = (
            f"(CASE WHEN julianday({b}) < julianday({a}) THEN 0 ELSE CAST(("
            f"julianday({b}) - julianday({a}) + ((CAST(strftime('%%w', {a}) AS INTEGER) + 6) %% 7)"
            f") / 7 AS INTEGER) + 1 END)"
        )
        return sql, (*b_params, *a_params, *b_params, *a_params, *a_params)

    def as_postgresql(self, compiler, connection, **extra):
        (a, a_params), (b, b_params) = (compiler.compile(e) for e in self.source_expressions)
        sql = (
            f"(CASE WHEN ({b})::date < ({a})::date THEN 0 ELSE "
            f"((({b})::date - ({a})::date) + (EXTRACT(ISODOW FROM ({a})::date)::int - 1)) / 7 + 1"
            f" END)"
        )
        return sql, (*b_params, *a_params, *b_params, *a_params, *a_params)


class NextDay(Func):
    """The day after a date, in the database's own date arithmetic (no per-row Python)."""

    output_field = DateField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, '+1 day')", params

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql})::date + 1)", params


def _month_of(field: str, months: list[date]) -> Case:
    """The first day of the month ``field`` (an aware datetime) falls in, by comparing with
    the months' local midnights: plain comparisons, no per-row time-zone conversion."""
    bounds = [_midnight(m) for m in months] + [_month_range(months)[1]]
    return Case(
        *[
            When(**{f"{field}__gte": bounds[i], f"{field}__lt": bounds[i + 1]}, then=Value(m))
            for i, m in enumerate(months)
        ],
        output_field=DateField(),
    )


def _signal_people(user: User, organisation_id: int, today: date):
    """The organisation's professionals with, in SQL, their active traject's period, the last
    attended session, the minutes used so far and the flags of the four signals. One
    statement whatever the size of the organisation (correlated subqueries, no id lists)."""
    tomorrow = _midnight(today + timedelta(days=1))
    # Keyed by the person alone (their index); a person's sessions are their own
    # organisation's groups, so no join up to the organisation (it made the database scan
    # the organisation's attendance for every person).
    attended = Deelnemer.objects.filter(
        user_id=OuterRef("pk"),
        sessie__state__in=ATTENDED_STATES,
        sessie__starts_at__lt=tomorrow,
    )
    # The active traject as a LEFT JOIN (at most one per person: a partial unique
    # constraint), so its columns are plain columns, not subqueries evaluated per use.
    people = (
        access.lo_professionals_for(user)
        .alias(
            actief=FilteredRelation(
                "trajecten",
                condition=Q(
                    trajecten__state=ProfTraject.State.ACTIEF,
                    trajecten__organisation_id=organisation_id,
                ),
            )
        )
        .annotate(t_id=F("actief__id"), t_start=F("actief__start"), t_end=F("actief__end"))
    )
    people = people.annotate(
        t_last=Least(F("t_end"), Value(today, output_field=DateField())),
        last_at=Subquery(
            attended.values("user_id").annotate(m=Max("sessie__starts_at")).values("m")[:1]
        ),
    )
    # Sessions from the traject's first day up to its last day so far. The day boundaries
    # are compared as the database compares a date with a timestamp (midnight UTC, the
    # connection's zone), not converted per row: a session held between local midnight and
    # 01:00–02:00 on a boundary day may fall on the neighbouring day. Work-time sessions do
    # not; the signal is a half-of-the-hours threshold, not a figure anyone sees.
    session_minutes = Subquery(
        attended.filter(
            sessie__starts_at__gte=OuterRef("t_start"),
            sessie__starts_at__lt=NextDay(OuterRef("t_last")),
        )
        .values("user_id")
        .annotate(m=Sum("sessie__duration_minutes"))
        .values("m")[:1],
        output_field=IntegerField(),
    )
    logged_minutes = Subquery(
        Tijdregistratie.objects.filter(
            activiteit__traject_id=OuterRef("t_id"),
            day__gte=OuterRef("t_start"),
            day__lte=OuterRef("t_last"),
        )
        .values("activiteit__traject_id")
        .annotate(m=Sum("minutes"))
        .values("m")[:1],
        output_field=IntegerField(),
    )
    people = people.annotate(
        used_minutes=Coalesce(session_minutes, 0) + Coalesce(logged_minutes, 0),
        available_minutes=WeeksTouched(F("t_start"), F("t_last"))
        * F("organisation__hours_per_week")
        * 60,
    )
    stalled_before = _midnight(today - STALLED_AFTER + timedelta(days=1))
    flags = {
        NIET_GESTART: Q(t_id__isnull=True),
        ACTIEF: Q(t_id__isnull=False),
        # Running for at least three weeks, and no attended session in the last three.
        STIL: Q(t_id__isnull=False, t_start__lte=today - STALLED_AFTER)
        & (Q(last_at__isnull=True) | Q(last_at__lt=stalled_before)),
        # Hours used below half of those made available so far.
        WEINIG_UREN: Q(t_id__isnull=False, available_minutes__gt=0)
        & Q(available_minutes__gt=F("used_minutes") * 2),
        EINDIGT: Q(t_end__gte=today, t_end__lte=today + ENDING_WITHIN),
    }
    return people, flags


def signals(
    *,
    user: User,
    today: date | None = None,
    team_id: object = None,
    signal: str | None = None,
    page: object = 1,
    page_size: int | None = PAGE_SIZE,
) -> Signals:
    """Professionals of the organisation with the signals of their active Prof-traject:
    actief; niet gestart (no active traject, or none at all); stilgevallen (running for three
    weeks or more without an attended session in the last three weeks); minder dan de helft
    van de uren (hours used below half of those made available so far); eindigt binnen 4
    weken. Computed in the database; one page of ``page_size`` rows (None: all, for the
    CSV). Four queries, whatever the number of people (one of them the page's ids)."""
    today = today or timezone.localdate()
    organisation_id = access.access_lo_dashboard(user)
    # A list to choose from when it is short; with more teams the filter is typed (a team's
    # name, or its id from a link): a select of 2,000 teams would be half the page.
    all_teams = access.teams_for(user).order_by("name")
    teams = list(all_teams.values("id", "name")[: TEAM_SELECT_MAX + 1])
    typed = str(team_id or "").strip()[:150]
    team_id, team_name = None, ""
    if len(teams) <= TEAM_SELECT_MAX:
        chosen = [t for t in teams if str(t["id"]) == typed]
    else:
        teams = None
        found = all_teams.filter(pk__in=access.parse_ids([typed])) if typed.isdigit() else None
        if typed and found is None:
            found = all_teams.filter(name__icontains=typed)
        chosen = list(found.values("id", "name")[:1]) if found is not None else []
    if chosen:
        team_id, team_name = chosen[0]["id"], chosen[0]["name"]
    signal = signal if signal in SIGNALS else None

    people, flags = _signal_people(user, organisation_id, today)
    # Who has which signal comes from the signal index (one read of everyone, kept in the
    # cache); the shown rows are read fresh, by id, a page (or a CSV batch) at a time.
    index = signal_index(user=user, today=today)
    if team_id is not None:
        index = [row for row in index if row[1] == team_id]
    bits = _signal_bits()
    counts = {key: sum(1 for row in index if row[2] & bit) for key, bit in bits.items()}
    total = len(index)
    matching_ids = [row[0] for row in index if not signal or row[2] & bits[signal]]
    matching = len(matching_ids)
    pages = max(1, -(-matching // page_size)) if page_size else 1
    try:
        page = min(max(1, int(str(page))), pages)
    except (TypeError, ValueError):
        page = 1
    # The rows: who, the traject's period and the last session, read fresh; their signals
    # are the index's, so a row always agrees with the counts and the filter above it.
    signal_bits = {row[0]: row[2] for row in index}
    shown = people.order_by("name", "pk").values(
        "pk", "name", "team_id", "team__name", "t_id", "t_start", "t_end", "last_at"
    )
    if page_size:
        ids = matching_ids[(page - 1) * page_size : page * page_size]
        rows = [_signal_row(p, signal_bits) for p in shown.filter(pk__in=ids)]
    else:  # every row, from one query read a chunk at a time, as the CSV streams them out
        if team_id is not None:
            shown = shown.filter(team_id=team_id)
        rows = _streamed_rows(shown, set(matching_ids), signal_bits)
    return Signals(
        rows=rows,
        counts=counts,
        total=total,
        matching=matching,
        teams=teams,
        team_id=team_id,
        team_name=team_name,
        signal=signal,
        page=page,
        pages=pages,
    )


CSV_CHUNK = 2000


def _streamed_rows(shown, ids: set[int], signal_bits: dict) -> Iterator[SignalRow]:
    """The rows of ``ids`` in name order from one query, read ``CSV_CHUNK`` rows at a time
    (a server-side cursor on PostgreSQL): the first lines of a download leave before
    everyone has been read, and the number of queries does not grow with the organisation."""
    for person in shown.iterator(chunk_size=CSV_CHUNK):
        if person["pk"] in ids:
            yield _signal_row(person, signal_bits)


def _signal_bits() -> dict[str, int]:
    return {key: 1 << i for i, key in enumerate(SIGNALS)}


def signal_index(
    *, user: User, today: date | None = None, refresh: bool = False
) -> list[tuple[int, int | None, int]]:
    """Every professional of the organisation as (person id, team id, signal bits), by name.

    The one read of the dashboard that looks at everyone (about five seconds at 20,000
    people on PostgreSQL), so it is kept in the cache for ``LO_FIGURES_CACHE_SECONDS`` and
    refreshed by beat (``trajecten.tasks.refresh_lo_figures``) before it runs out: the
    figures and filters may be minutes old, the rows shown are read fresh. Ids and bits
    only, never hours or anything else about a person."""
    today = today or timezone.localdate()
    organisation_id = access.access_lo_dashboard(user)
    key = f"lo-signal-index:{organisation_id}:{today}"
    seconds = settings.LO_FIGURES_CACHE_SECONDS
    if seconds and not refresh and (cached := cache.get(key)) is not None:
        return cached
    people, flags = _signal_people(user, organisation_id, today)
    bits = _signal_bits()
    rows = (
        people.annotate(
            signal_bits=sum(
                (
                    Case(When(flag, then=Value(bits[key])), default=Value(0))
                    for key, flag in flags.items()
                ),
                Value(0),
            )
        )
        .order_by("name", "pk")
        .values_list("pk", "team_id", "signal_bits")
    )
    index = [tuple(row) for row in rows]
    if seconds:
        cache.set(key, index, seconds)
    return index


def refresh_figures(*, user: User, today: date | None = None) -> None:
    """Compute the cached L&O figures again for ``user``'s organisation (beat, before they
    run out): the signal index, the proposal funnel and the closed-month team figures."""
    signal_index(user=user, today=today, refresh=True)
    funnel(user=user, today=today, refresh=True)
    for metric in ("energie", "uren"):
        _team_months(user=user, today=today, metric=metric, refresh=True)


def _signal_row(person: dict, signal_bits: dict) -> SignalRow:
    bits = signal_bits.get(person["pk"], 0)
    return SignalRow(
        user_id=person["pk"],
        name=person["name"],
        team_id=person["team_id"],
        team_name=person["team__name"] or "",
        traject_id=person["t_id"],
        start=person["t_start"],
        end=person["t_end"],
        last_session=timezone.localdate(person["last_at"]) if person["last_at"] else None,
        signals=tuple(key for key, bit in _signal_bits().items() if bits & bit),
    )


# --- Months ----------------------------------------------------------------------------------


def last_months(today: date, n: int = MONTHS) -> list[date]:
    """The first days of the last ``n`` months, the current one last."""
    first = today.replace(day=1)
    months = [first]
    for _i in range(n - 1):
        first = (first - timedelta(days=1)).replace(day=1)
        months.append(first)
    return months[::-1]


def _month_range(months: list[date]) -> tuple:
    end = months[-1]
    end = (end.replace(day=28) + timedelta(days=4)).replace(day=1)
    return _midnight(months[0]), _midnight(end)


# --- Coverage of the ten questions ------------------------------------------------------------


@dataclass(frozen=True)
class CoverageCell:
    month: date
    count: int
    level: int  # 0 (none) … 4 (the most), for shading


@dataclass(frozen=True)
class CoverageRow:
    vraag: DidactischeVraag
    cells: list[CoverageCell]

    @property
    def total(self) -> int:
        return sum(c.count for c in self.cells)


@dataclass
class Coverage:
    months: list[date]
    rows: list[CoverageRow]
    gaps: int  # question-months without a single session


def coverage(*, user: User, today: date | None = None) -> Coverage:
    """Per didactic question and month (the last six): the number of held sessions of the
    organisation's groups that chose the question. Two queries."""
    today = today or timezone.localdate()
    organisation_id = access.access_lo_dashboard(user)
    months = last_months(today)
    since, until = _month_range(months)
    counts: dict[tuple[int, date], int] = {}
    rows = (
        Sessie.vragen.through.objects.filter(
            sessie__weekcyclus__groep__organisation_id=organisation_id,
            sessie__state__in=ATTENDED_STATES,
            sessie__starts_at__gte=since,
            sessie__starts_at__lt=until,
        )
        .annotate(month=_month_of("sessie__starts_at", months))
        .values("didactischevraag_id", "month")
        .annotate(n=Count("sessie_id", distinct=True))
        .order_by()
    )
    for row in rows:
        counts[(row["didactischevraag_id"], row["month"])] = row["n"]
    top = max(counts.values(), default=0)
    result = []
    for vraag in DidactischeVraag.objects.order_by("number"):
        cells = []
        for month in months:
            n = counts.get((vraag.pk, month), 0)
            level = 0 if n == 0 else max(1, min(4, -(-n * 4 // top)))
            cells.append(CoverageCell(month=month, count=n, level=level))
        result.append(CoverageRow(vraag=vraag, cells=cells))
    gaps = sum(1 for row in result for cell in row.cells if cell.count == 0)
    return Coverage(months=months, rows=result, gaps=gaps)


# --- Proposal funnel ----------------------------------------------------------------------------

S = Verbetervoorstel.Status
# (stage, label, its rank in the lifecycle, the timestamps from → to for the days it took)
STAGES = (
    (S.GEVALIDEERD, _("Gevalideerd"), None, None),
    (S.INGEDIEND, _("Ingediend"), "validated_at", "submitted_at"),
    (S.BEANTWOORD, _("Beantwoord"), "submitted_at", "answered_at"),
    (S.IN_UITVOERING, _("In uitvoering"), None, None),  # no timestamp of its own
    (S.GEREALISEERD, _("Gerealiseerd"), "answered_at", "implemented_at"),
    (S.EFFECT_BEOORDEELD, _("Effect beoordeeld"), "implemented_at", "reviewed_at"),
)
RANK = {stage: index for index, (stage, *_rest) in enumerate(STAGES)}


@dataclass(frozen=True)
class FunnelStage:
    key: str
    label: str
    reached: int  # proposals that got at least this far
    now: int  # proposals at this stage now
    median_days: float | None  # from the previous step's moment to this one
    overdue: int


@dataclass
class Funnel:
    stages: list[FunnelStage]
    total: int
    overdue: int


def funnel(*, user: User, today: date | None = None, refresh: bool = False) -> Funnel:
    """The organisation's validated proposals through the Prof-cirkel: how many reached each
    stage, how many are there now, the median days each step took (from the timestamps) and
    how many are overdue (in progress past their date). One query, over every proposal of
    the organisation, so kept in the cache like the other organisation-wide figures."""
    today = today or timezone.localdate()
    organisation_id = access.access_lo_dashboard(user)
    key = f"lo-funnel:{organisation_id}:{today}:{get_language()}"
    seconds = settings.LO_FIGURES_CACHE_SECONDS
    if seconds and not refresh and (cached := cache.get(key)) is not None:
        return cached
    result = _compute_funnel(user, today)
    if seconds:
        cache.set(key, result, seconds)
    return result


def _compute_funnel(user: User, today: date) -> Funnel:
    fields = ["validated_at", "submitted_at", "answered_at", "implemented_at", "reviewed_at"]
    rows = list(
        weekcyclus_access.voorstellen_for(user)
        .annotate(
            late=Case(
                When(overdue_q(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .values("status", "late", *fields)
        .order_by()
    )
    stages = []
    for index, (key, label, start, end) in enumerate(STAGES):
        days = []
        if start and end:
            for row in rows:
                if row[start] and row[end] and row[end] >= row[start]:
                    days.append((row[end] - row[start]).total_seconds() / 86400)
        stages.append(
            FunnelStage(
                key=key,
                label=str(label),
                reached=sum(1 for r in rows if RANK.get(r["status"], -1) >= index),
                now=sum(1 for r in rows if r["status"] == key),
                median_days=round(median(days), 1) if days else None,
                overdue=sum(1 for r in rows if r["status"] == key and r["late"]),
            )
        )
    return Funnel(stages=stages, total=len(rows), overdue=sum(s.overdue for s in stages))


# --- Team aggregates: vitality and hours in sessions --------------------------------------------
#
# The rule (docs/privacy.md): a figure is computed over the attendance rows of *closed*
# months, each row counted for the team the person belonged to at that moment (stored on the
# row at the check-in, ``Deelnemer.team``), and shown only when at least MIN_GROUP distinct
# people stand behind it. Teams below that are not shown alone but together, as "other
# teams", and when even that bucket is below MIN_GROUP the organisation's figure is hidden
# too — so no subtraction of shown figures isolates fewer than MIN_GROUP people. A closed
# month's rows never change team, so moving people today, or comparing the page on two days,
# changes no figure (erasing a person only lowers head counts: figures may hide, never leak).


@dataclass(frozen=True)
class VitalityCell:
    month: date
    people: int  # distinct people behind the figure (shown only when not hidden)
    average: Decimal | None  # None: hidden (fewer than MIN_GROUP people) or no check-ins
    hidden: bool


@dataclass(frozen=True)
class VitalityRow:
    label: str
    cells: list[VitalityCell]
    is_total: bool = False
    is_rest: bool = False
    team_id: int | None = None


@dataclass
class Vitality:
    months: list[date]
    rows: list[VitalityRow] = field(default_factory=list)  # organisation, teams, the rest
    any_hidden: bool = False
    min_group: int = MIN_GROUP

    def shown_for(self, team_id: int | None) -> list[VitalityRow]:
        """The rows for the page: the organisation and the small teams together, plus the
        chosen team (all teams are in the CSV; a page of a thousand teams helps no one)."""
        return [
            r for r in self.rows if r.is_total or r.is_rest or (team_id and r.team_id == team_id)
        ]


def closed_months(today: date, n: int = MONTHS) -> list[date]:
    """The first days of the last ``n`` months that have ended (the current one excluded)."""
    return last_months(today.replace(day=1) - timedelta(days=1), n)


def _cell(month: date, people: int, value, hidden: bool, step: str) -> VitalityCell:
    if hidden or not people or value is None:
        return VitalityCell(month=month, people=0, average=None, hidden=bool(people) and hidden)
    return VitalityCell(
        month=month,
        people=people,
        average=Decimal(str(value)).quantize(Decimal(step)),
        hidden=False,
    )


def _team_months(*, user: User, today: date | None, metric: str, refresh: bool = False) -> Vitality:
    """One table of per-team monthly figures under the rule above. ``metric``: "energie"
    (the average check-in energy 1–5, over check-ins with a score) or "uren" (hours attended
    in sessions, summed). Three queries."""
    organisation_id = access.access_lo_dashboard(user)
    return team_months(organisation_id=organisation_id, today=today, metric=metric, refresh=refresh)


def team_months(
    *,
    organisation_id: int,
    today: date | None = None,
    metric: str,
    refresh: bool = False,
    n: int = MONTHS,
) -> Vitality:
    """The table behind ``vitality`` and ``session_hours`` for an organisation whose
    aggregates the caller already may see (``access.access_lo_dashboard``, or
    ``access.opbrengsten_reach`` for the opbrengsten page, which shows a subset of its rows).
    The rule above holds for every row; cached like the L&O figures."""
    today = today or timezone.localdate()
    months = closed_months(today, n)
    # Closed months do not change (the rule above), so their figures may be kept a while.
    key = f"lo-team-months:{organisation_id}:{metric}:{months[0]}:{months[-1]}:{get_language()}"
    seconds = settings.LO_FIGURES_CACHE_SECONDS
    if seconds and not refresh and (cached := cache.get(key)) is not None:
        return cached
    result = _compute_team_months(organisation_id, months, metric)
    if seconds:
        cache.set(key, result, seconds)
    return result


def _compute_team_months(organisation_id: int, months: list[date], metric: str) -> Vitality:
    since, until = _month_range(months)
    base = Deelnemer.objects.filter(
        sessie__weekcyclus__groep__organisation_id=organisation_id,
        sessie__state__in=ATTENDED_STATES,
        sessie__starts_at__gte=since,
        sessie__starts_at__lt=until,
        gast__isnull=True,  # guests are not the organisation's people
    ).annotate(month=_month_of("sessie__starts_at", months))
    if metric == "energie":
        base = base.filter(energie__isnull=False)
        figure = Avg("energie")
        step = "0.1"
    else:
        figure = Sum("sessie__duration_minutes")
        step = "0.1"
    # Distinct people; an erased person counts by the pseudonym on their rows (never a user).
    people = Count(Coalesce(F("user_id"), F("oud_collega") * -1), distinct=True)
    per_team = list(
        base.values("month", "team_id", "team__name")
        .annotate(people=people, value=figure)
        .order_by()
    )
    totals = {
        row["month"]: row
        for row in base.values("month").annotate(people=people, value=figure).order_by()
    }
    small = [(row["team_id"], row["month"]) for row in per_team if row["people"] < MIN_GROUP]
    rest_filter = Q(pk__lt=0)  # (still one query when no team is small)
    for team_id, month in small:
        rest_filter |= Q(team_id=team_id, month=month)
    rest = {
        row["month"]: row
        for row in base.filter(rest_filter)
        .values("month")
        .annotate(people=people, value=figure)
        .order_by()
    }

    def value(row):
        if row is None or row["value"] is None:
            return None
        return row["value"] if metric == "energie" else Decimal(row["value"]) / 60

    teams: dict[int | None, str] = {}
    cells: dict[tuple[int | None, date], dict] = {}
    for row in per_team:
        teams[row["team_id"]] = row["team__name"] or str(_("Zonder team"))
        cells[(row["team_id"], row["month"])] = row
    result = Vitality(months=months)
    total_cells, rest_cells = [], []
    for month in months:
        row, bucket = totals.get(month), rest.get(month)
        bucket_people = bucket["people"] if bucket else 0
        rest_hidden = bucket_people < MIN_GROUP
        people_n = row["people"] if row else 0
        hidden = people_n < MIN_GROUP or (bucket_people > 0 and rest_hidden)
        total_cells.append(_cell(month, people_n, value(row), hidden, step))
        rest_cells.append(_cell(month, bucket_people, value(bucket), rest_hidden, step))
    result.rows.append(
        VitalityRow(label=str(_("Hele organisatie")), cells=total_cells, is_total=True)
    )
    for team_id, name in sorted(teams.items(), key=lambda item: item[1]):
        row_cells = []
        for month in months:
            row = cells.get((team_id, month))
            n = row["people"] if row else 0
            row_cells.append(_cell(month, n, value(row), n < MIN_GROUP, step))
        result.rows.append(VitalityRow(label=name, cells=row_cells, team_id=team_id))
    if any(c.people or c.hidden for c in rest_cells):
        label = _("Kleinere teams samen (elk onder de %(n)s)") % {"n": MIN_GROUP}
        result.rows.append(VitalityRow(label=str(label), cells=rest_cells, is_rest=True))
    result.any_hidden = any(c.hidden for r in result.rows for c in r.cells)
    return result


def vitality(*, user: User, today: date | None = None) -> Vitality:
    """The average energy at check-in (1–5) per closed month, for the organisation and per
    team at the moment of the check-in, under the rule above; never an individual score.
    Three queries."""
    return _team_months(user=user, today=today, metric="energie")


def session_hours(*, user: User, today: date | None = None) -> Vitality:
    """Hours attended in sessions per closed month, for the organisation and per team at the
    moment, under the same rule: L&O sees hours only as aggregates. Three queries."""
    return _team_months(user=user, today=today, metric="uren")


# --- Support messages ---------------------------------------------------------------------------


def unread_berichten(*, user: User) -> list[SupportBericht]:
    """The support messages from L&O the user has not marked read, newest first (1 query)."""
    return list(
        trajecten_access.support_berichten_for(user)
        .filter(read_at__isnull=True)
        .select_related("from_user")
        .order_by("-created_at", "-pk")
    )
