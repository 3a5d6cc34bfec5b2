"""Reads for the L&O dashboard: where learning is alive and where it stalls, organisation-wide.

Signals and aggregates only, never anyone's learning content: no activities, reflections,
talents, learning needs, session texts or individual check-in scores. Every function runs a
fixed number of queries whatever the size of the organisation (rows grow, queries do not),
and takes ``today`` so tests can travel in time.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from statistics import median

from django.db.models import Avg, BooleanField, Case, Count, DateField, Max, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from didactiek.models import DidactischeVraag, Verbetervoorstel
from profcirkel.selectors import overdue_q
from weekcyclus.models import Deelnemer, Sessie
from weekcyclus.selectors import ATTENDED_STATES
from werkplekleren import access
from werkplekleren.models import Team, User

from .models import ProfTraject, SupportBericht
from .selectors import _midnight, _outlines

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
    user_id: int
    name: str
    team_id: int | None
    team_name: str
    traject_id: int | None  # the active traject (its outline), none when not started
    start: date | None
    end: date | None
    hours_used: Decimal | None
    hours_available: Decimal | None
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
    rows: list[SignalRow]  # after the team and signal filters
    counts: dict[str, int]  # per signal, after the team filter only
    total: int  # professionals after the team filter
    teams: list[Team]
    team_id: int | None
    signal: str | None


def _signals_of(
    traject: ProfTraject | None, outline, last: date | None, today: date
) -> tuple[str, ...]:
    if traject is None:
        return (NIET_GESTART,)
    found = [ACTIEF]
    # Running for at least three weeks, and no attended session in the last three.
    if traject.start <= today - STALLED_AFTER and (last is None or last <= today - STALLED_AFTER):
        found.append(STIL)
    if outline.hours_available > 0 and outline.hours_used * 2 < outline.hours_available:
        found.append(WEINIG_UREN)
    if today <= traject.end <= today + ENDING_WITHIN:
        found.append(EINDIGT)
    return tuple(found)


def signals(
    *,
    user: User,
    today: date | None = None,
    team_id: object = None,
    signal: str | None = None,
) -> Signals:
    """Every professional of the organisation with the signals of their active Prof-traject:
    actief; niet gestart (no active traject, or none at all); stilgevallen (running for three
    weeks or more without an attended session in the last three weeks); minder dan de helft
    van de uren (hours used below half of those made available so far); eindigt binnen 4
    weken. Eight queries, whatever the number of people."""
    today = today or timezone.localdate()
    organisation_id = access.access_lo_dashboard(user)
    teams = list(access.teams_for(user).order_by("name"))
    try:
        team_id = int(team_id) if team_id not in (None, "") else None
    except (TypeError, ValueError):
        team_id = None
    if team_id is not None and team_id not in {t.pk for t in teams}:
        team_id = None
    signal = signal if signal in SIGNALS else None

    people = access.lo_professionals_for(user).select_related("team").order_by("name", "pk")
    if team_id is not None:
        people = people.filter(team_id=team_id)
    people = list(people)
    ids = [p.pk for p in people]
    trajecten = {
        t.user_id: t
        for t in access.traject_outlines_for(user)
        .filter(user_id__in=ids, state=ProfTraject.State.ACTIEF)
        .select_related("organisation", "user")
    }
    outlines = _outlines(list(trajecten.values()), today)
    last_sessions = {
        row["user_id"]: timezone.localdate(row["last"])
        for row in Deelnemer.objects.filter(
            user_id__in=ids,
            sessie__state__in=ATTENDED_STATES,
            sessie__weekcyclus__groep__organisation_id=organisation_id,
            sessie__starts_at__lt=_midnight(today + timedelta(days=1)),
        )
        .values("user_id")
        .annotate(last=Max("sessie__starts_at"))
        .order_by()
    }
    rows = []
    for person in people:
        traject = trajecten.get(person.pk)
        outline = outlines.get(traject.pk) if traject else None
        last = last_sessions.get(person.pk)
        rows.append(
            SignalRow(
                user_id=person.pk,
                name=person.name,
                team_id=person.team_id,
                team_name=person.team.name if person.team_id else "",
                traject_id=traject.pk if traject else None,
                start=traject.start if traject else None,
                end=traject.end if traject else None,
                hours_used=outline.hours_used if outline else None,
                hours_available=outline.hours_available if outline else None,
                last_session=last,
                signals=_signals_of(traject, outline, last, today),
            )
        )
    counts = {key: sum(1 for r in rows if key in r.signals) for key in SIGNALS}
    shown = [r for r in rows if signal is None or signal in r.signals]
    return Signals(
        rows=shown, counts=counts, total=len(rows), teams=teams, team_id=team_id, signal=signal
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
        .annotate(month=TruncMonth("sessie__starts_at", output_field=DateField()))
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


def funnel(*, user: User, today: date | None = None) -> Funnel:
    """The organisation's validated proposals through the Prof-cirkel: how many reached each
    stage, how many are there now, the median days each step took (from the timestamps) and
    how many are overdue (in progress past their date). One query."""
    today = today or timezone.localdate()
    access.access_lo_dashboard(user)
    fields = ["validated_at", "submitted_at", "answered_at", "implemented_at", "reviewed_at"]
    rows = list(
        access.voorstellen_for(user)
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


# --- Vitality -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VitalityCell:
    month: date
    people: int  # distinct people who checked in (shown only when not hidden)
    average: Decimal | None  # None: hidden (fewer than MIN_GROUP people) or no check-ins
    hidden: bool


@dataclass(frozen=True)
class VitalityRow:
    label: str
    cells: list[VitalityCell]
    is_total: bool = False


@dataclass
class Vitality:
    months: list[date]
    rows: list[VitalityRow] = field(default_factory=list)  # the organisation first, then teams
    any_hidden: bool = False
    min_group: int = MIN_GROUP


def _cell(month: date, people: int, average, hidden: bool) -> VitalityCell:
    if hidden or not people:
        return VitalityCell(month=month, people=0, average=None, hidden=bool(people))
    return VitalityCell(
        month=month,
        people=people,
        average=Decimal(str(average)).quantize(Decimal("0.1")),
        hidden=False,
    )


def vitality(*, user: User, today: date | None = None) -> Vitality:
    """The average energy at check-in (1–5) per month, for the organisation and per team,
    only over at least five distinct people in that month; never an individual score.
    The organisation's figure is hidden too when the hidden teams together hold one to four
    people (it would give their average away by subtraction). Two queries."""
    today = today or timezone.localdate()
    organisation_id = access.access_lo_dashboard(user)
    months = last_months(today)
    since, until = _month_range(months)
    base = Deelnemer.objects.filter(
        user__organisation_id=organisation_id,
        sessie__weekcyclus__groep__organisation_id=organisation_id,
        energie__isnull=False,
        sessie__starts_at__gte=since,
        sessie__starts_at__lt=until,
    ).annotate(month=TruncMonth("sessie__starts_at", output_field=DateField()))
    per_team = list(
        base.values("month", "user__team_id", "user__team__name")
        .annotate(people=Count("user_id", distinct=True), average=Avg("energie"))
        .order_by()
    )
    totals = {
        row["month"]: row
        for row in base.values("month")
        .annotate(people=Count("user_id", distinct=True), average=Avg("energie"))
        .order_by()
    }
    teams: dict[int | None, str] = {}
    cells: dict[tuple[int | None, date], dict] = {}
    hidden_people: dict[date, int] = defaultdict(int)
    for row in per_team:
        teams[row["user__team_id"]] = row["user__team__name"] or str(_("Zonder team"))
        cells[(row["user__team_id"], row["month"])] = row
        if row["people"] < MIN_GROUP:
            hidden_people[row["month"]] += row["people"]
    result = Vitality(months=months)
    total_cells = []
    for month in months:
        row = totals.get(month)
        people = row["people"] if row else 0
        hidden = people < MIN_GROUP or 0 < hidden_people[month] < MIN_GROUP
        total_cells.append(_cell(month, people, row["average"] if row else None, hidden))
    result.rows.append(
        VitalityRow(label=str(_("Hele organisatie")), cells=total_cells, is_total=True)
    )
    for team_id, name in sorted(teams.items(), key=lambda item: item[1]):
        row_cells = []
        for month in months:
            row = cells.get((team_id, month))
            people = row["people"] if row else 0
            row_cells.append(
                _cell(month, people, row["average"] if row else None, people < MIN_GROUP)
            )
        result.rows.append(VitalityRow(label=name, cells=row_cells))
    result.any_hidden = any(c.hidden for r in result.rows for c in r.cells)
    return result


# --- Support messages ---------------------------------------------------------------------------


def unread_berichten(*, user: User) -> list[SupportBericht]:
    """The support messages from L&O the user has not marked read, newest first (1 query)."""
    return list(
        access.support_berichten_for(user)
        .filter(read_at__isnull=True)
        .select_related("from_user")
        .order_by("-created_at", "-pk")
    )
