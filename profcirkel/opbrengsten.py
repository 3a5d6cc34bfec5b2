"""Reads for the opbrengsten page: what learning yielded, per month and per didactic question.

Who sees what (``access.opbrengsten_reach``): L&O the whole organisation (or one team and the
teams below it); a leidinggevende the teams they lead and every team below those. Only
figures, never how anyone learned:

- **Proposals** (counts per month of the moment each step happened: made, validated,
  submitted, answered — adopted, adapted, declined —, implemented, effect reviewed) and the
  **effects** their reviews reported (hours saved per week and errors avoided per month added
  up; error percentage and satisfaction averaged, with how many reviews gave them). For a
  team reach, the proposals submitted to the Prof-cirkels of those teams (a proposal belongs
  to a team only once it is submitted; before that it is the group's alone).
- **Vitality and hours in sessions**: rows of the L&O team table
  (``trajecten.lo_selectors.team_months``): the organisation and the teams in reach, each
  figure over five people or more, by who belonged where at the moment, closed months only.
  The page never computes a new aggregate of its own over teams (a "your teams together"
  figure minus the shown teams could isolate a small team): what a leidinggevende sees is a
  subset of what L&O sees, which the rule keeps safe.
- **Hours made available and used**, organisation-wide per closed month, shown when five
  people or more had a Prof-traject that month, and frozen the first time they are read
  (``Maandcijfer``): a time registration for a past day must not move a figure anyone saw.
- **Recognition**: implemented proposals with the group credited (its names only when it
  chose so), and the thanks the leidinggevende sent; no points, badges or rankings.

Months are closed months (the running month is not shown). A fixed number of queries.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from didactiek.models import DidactischeVraag, Verbetervoorstel
from trajecten.lo_selectors import MIN_GROUP, Vitality, _month_of, _month_range, closed_months
from trajecten.lo_selectors import team_months as lo_team_months
from trajecten.models import ProfTraject, Tijdregistratie
from weekcyclus.models import Deelnemer, Sessie
from weekcyclus.selectors import ATTENDED_STATES
from werkplekleren import access
from werkplekleren.models import Organisation, Team, User

from . import access as profcirkel_access
from . import bank
from .models import Maandcijfer

PERIODS = (3, 6, 12)
DEFAULT_PERIOD = 6

# (key, label, the timestamp that dates the step)
STAGES = (
    ("gemaakt", _("Gemaakt"), "created_at"),
    ("gevalideerd", _("Gevalideerd"), "validated_at"),
    ("ingediend", _("Ingediend"), "submitted_at"),
    ("beantwoord", _("Beantwoord"), "answered_at"),
    ("gerealiseerd", _("Gerealiseerd"), "implemented_at"),
    ("effect", _("Effect beoordeeld"), "reviewed_at"),
)
ANSWERS = (
    ("overgenomen", _("Overgenomen")),
    ("aangepast", _("Aangepast overgenomen")),
    ("afgewezen", _("Afgewezen")),
)
# Effect figures: summed ones and averaged ones (didactiek.voorstellen.EFFECT_CIJFERS).
SUMMED = (
    ("uren_bespaard", _("Uren bespaard per week")),
    ("fouten_voorkomen", _("Fouten voorkomen per maand")),
)
AVERAGED = (
    ("foutpercentage", _("Foutpercentage (gemiddeld)")),
    ("tevredenheid", _("Tevredenheid 1–10 (gemiddeld)")),
)


@dataclass
class MonthRow:
    month: date
    stages: dict[str, int]
    answers: dict[str, int]
    sums: dict[str, Decimal]
    averages: dict[str, tuple[Decimal | None, int]]  # (average, reviews that gave it)

    # In the order of STAGES, ANSWERS, SUMMED and AVERAGED (for templates and the CSV).
    @property
    def stage_list(self) -> list[int]:
        return [self.stages[key] for key, _l, _s in STAGES]

    @property
    def answer_list(self) -> list[int]:
        return [self.answers[key] for key, _l in ANSWERS]

    @property
    def sum_list(self) -> list[Decimal]:
        return [self.sums[key] for key, _l in SUMMED]

    @property
    def average_list(self) -> list[tuple[Decimal | None, int]]:
        return [self.averages[key] for key, _l in AVERAGED]


@dataclass
class VraagRow:
    vraag: DidactischeVraag
    stages: dict[str, int]
    effecten: int  # effect reviews that named this question

    @property
    def stage_list(self) -> list[int]:
        return [self.stages[key] for key, _l, _s in STAGES]


@dataclass
class HoursMonth:
    month: date
    people: int  # 0 when hidden
    available: Decimal | None  # None: hidden (fewer than MIN_GROUP people) or nobody
    used: Decimal | None
    hidden: bool = False

    @property
    def percentage(self) -> int | None:
        if not self.available:
            return None
        return int((self.used / self.available * 100).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass
class Credit:
    pk: int
    titel: str
    team: str
    implemented_at: date | None
    groep: str  # empty when the group chose not to show its names
    names: list[str]
    bedankt: str


@dataclass
class Opbrengsten:
    months: list[date]
    period: int
    whole_organisation: bool
    teams: list[Team]  # the teams in reach (for a leidinggevende), or the chosen team
    team_choices: list[Team] | None  # L&O: the teams to narrow to (None: too many, typed)
    team_id: int | None
    rows: list[MonthRow]
    totals: MonthRow
    vragen: list[VraagRow]
    vitality: Vitality
    session_hours: Vitality
    hours: list[HoursMonth]
    credits: list[Credit]
    min_group: int = MIN_GROUP
    stage_labels: list[tuple[str, str]] = field(default_factory=list)

    @property
    def any_proposals(self) -> bool:
        return any(self.totals.stages.values())

    @property
    def tiles(self) -> list[tuple[str, str, int]]:
        return [(key, label, self.totals.stages[key]) for key, label in self.stage_labels]

    @property
    def effect_lines(self) -> list[dict]:
        """The effect figures as table lines: per month and the total (sums, then averages
        with how many reviews gave them)."""
        lines = []
        for index, (_key, label) in enumerate(SUMMED):
            lines.append(
                {
                    "label": str(label),
                    "cells": [{"value": r.sum_list[index], "n": None} for r in self.rows],
                    "total": {"value": self.totals.sum_list[index], "n": None},
                }
            )
        for index, (_key, label) in enumerate(AVERAGED):
            lines.append(
                {
                    "label": str(label),
                    "cells": [
                        {"value": r.average_list[index][0], "n": r.average_list[index][1]}
                        for r in self.rows
                    ],
                    "total": {
                        "value": self.totals.average_list[index][0],
                        "n": self.totals.average_list[index][1],
                    },
                }
            )
        return lines


def _period(value: object) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return DEFAULT_PERIOD
    return number if number in PERIODS else DEFAULT_PERIOD


def _base(organisation_id: int, team_ids: set[int] | None):
    """The proposals behind the figures: the organisation's, or those submitted to the
    Prof-cirkels of ``team_ids``. Counted, never shown (behind ``opbrengsten_reach``)."""
    base = Verbetervoorstel.objects.filter(organisation_id=organisation_id)
    if team_ids is not None:
        base = base.filter(cirkel__team_id__in=team_ids, submitted_at__isnull=False)
    return base


def _made(queryset):
    """A proposal is made once it has a title or a step (an empty row is no proposal yet)."""
    return queryset.exclude(Q(titel="") & Q(stappen=[]))


def _d(value) -> Decimal:
    return Decimal(str(value))


def opbrengsten(
    *,
    user: User,
    today: date | None = None,
    period: object = DEFAULT_PERIOD,
    team: object = None,
) -> Opbrengsten:
    """Everything on the opbrengsten page for ``user`` (see the module's docstring)."""
    organisation_id, reach = profcirkel_access.opbrengsten_reach(user)
    today = today or timezone.localdate()
    period = _period(period)
    months = closed_months(today, period)

    team_choices, team_id, teams = None, None, []
    if reach is None:  # L&O: the whole organisation, or one team and those below it
        all_teams = access.teams_for(user).order_by("name")
        listed = list(all_teams[: bank.TEAM_SELECT_MAX + 1])
        team_choices = listed if len(listed) <= bank.TEAM_SELECT_MAX else None
        typed = str(team or "").strip()[:150]
        chosen = None
        if typed.isdigit():
            chosen = all_teams.filter(pk__in=access.parse_ids([typed])).first()
        elif typed and team_choices is None:
            chosen = all_teams.filter(name__icontains=typed).first()
        if chosen is not None:
            team_id = chosen.pk
            reach = {chosen.pk} | access.teams_below({chosen.pk}, organisation_id=organisation_id)
            teams = [chosen]
    else:
        teams = list(Team.objects.filter(pk__in=reach).order_by("name"))

    # Closed months hardly change, and the page reads every proposal of the organisation in
    # them: kept in the cache like the L&O figures (LO_FIGURES_CACHE_SECONDS; 0 in tests).
    key = f"opbrengsten:{organisation_id}:{_scope(reach)}:{months[0]}:{months[-1]}:{get_language()}"
    seconds = settings.LO_FIGURES_CACHE_SECONDS
    if seconds and (cached := cache.get(key)) is not None:
        cached.team_choices, cached.team_id = team_choices, team_id
        return cached
    result = _compute(organisation_id, reach, today, period, months, teams)
    result.team_choices, result.team_id = team_choices, team_id
    if seconds:
        cache.set(key, result, seconds)
    return result


def _scope(reach) -> str:
    if reach is None:
        return "org"
    return hashlib.sha256(",".join(map(str, sorted(reach))).encode()).hexdigest()[:16]


def _compute(organisation_id, reach, today, period, months, teams) -> "Opbrengsten":
    since, until = _month_range(months)
    base = _base(organisation_id, reach)
    stage_counts: dict[str, dict[date, int]] = {}
    for key, _label, stamp in STAGES:
        rows = _made(base) if key == "gemaakt" else base
        counted = (
            rows.filter(**{f"{stamp}__gte": since, f"{stamp}__lt": until})
            .annotate(month=_month_of(stamp, months))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by()
        )
        stage_counts[key] = {row["month"]: row["n"] for row in counted}
    answer_counts: dict[tuple[str, date], int] = {}
    for row in (
        base.filter(answered_at__gte=since, answered_at__lt=until)
        .annotate(month=_month_of("answered_at", months))
        .values("month", "antwoord")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        answer_counts[(row["antwoord"], row["month"])] = row["n"]
    reviewed = list(
        base.filter(reviewed_at__gte=since, reviewed_at__lt=until)
        .annotate(month=_month_of("reviewed_at", months))
        .values("pk", "month", "effect_cijfers")
        .order_by()
    )

    def month_row(month: date | None) -> MonthRow:
        in_month = [r for r in reviewed if month is None or r["month"] == month]
        sums = {
            key: sum(
                (_d(r["effect_cijfers"][key]) for r in in_month if key in r["effect_cijfers"]),
                Decimal(0),
            )
            for key, _label in SUMMED
        }
        averages = {}
        for key, _label in AVERAGED:
            values = [_d(r["effect_cijfers"][key]) for r in in_month if key in r["effect_cijfers"]]
            average = (
                (sum(values) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP)
                if values
                else None
            )
            averages[key] = (average, len(values))
        return MonthRow(
            month=month,
            stages={
                key: (stage_counts[key].get(month, 0) if month else sum(stage_counts[key].values()))
                for key, _l, _s in STAGES
            },
            answers={
                key: (
                    answer_counts.get((key, month), 0)
                    if month
                    else sum(n for (a, _m), n in answer_counts.items() if a == key)
                )
                for key, _label in ANSWERS
            },
            sums=sums,
            averages=averages,
        )

    rows = [month_row(m) for m in months]
    totals = month_row(None)

    vitality = _team_rows(organisation_id, today, "energie", period, reach)
    session_hours = _team_rows(organisation_id, today, "uren", period, reach)

    return Opbrengsten(
        months=months,
        period=period,
        whole_organisation=reach is None,
        teams=teams,
        team_choices=None,
        team_id=None,
        rows=rows,
        totals=totals,
        vragen=_per_vraag(base, since, until),
        vitality=vitality,
        session_hours=session_hours,
        hours=hours_months(organisation_id=organisation_id, months=months),
        credits=_credits(base, since, until),
        stage_labels=[(key, str(label)) for key, label, _s in STAGES],
    )


def _team_rows(organisation_id: int, today: date, metric: str, n: int, reach) -> Vitality:
    """The rows of the L&O team table this reach may see (``_subset`` / ``_whole``), kept in
    the cache on their own: the whole table of 2,000 teams takes a third of a second just to
    unpickle, the rows a page shows a millisecond."""
    months = closed_months(today, n)
    key = (
        f"opbrengsten-rows:{organisation_id}:{metric}:{months[0]}:{months[-1]}:{_scope(reach)}:"
        f"{get_language()}"
    )
    seconds = settings.LO_FIGURES_CACHE_SECONDS
    if seconds and (cached := cache.get(key)) is not None:
        return cached
    table = lo_team_months(organisation_id=organisation_id, today=today, metric=metric, n=n)
    rows = _whole(table) if reach is None else _subset(table, reach)
    if seconds:
        cache.set(key, rows, seconds)
    return rows


def _subset(table: Vitality, team_ids: set[int]) -> Vitality:
    """The rows of the L&O table a team reach may see: the organisation and its own teams
    (each shown cell already over five people or more); never a new sum of teams."""
    return Vitality(
        months=table.months,
        rows=[r for r in table.rows if r.is_total or (r.team_id in team_ids and not r.is_rest)],
        any_hidden=table.any_hidden,
    )


def _whole(table: Vitality) -> Vitality:
    return Vitality(months=table.months, rows=table.shown_for(None), any_hidden=table.any_hidden)


def _per_vraag(base, since, until) -> list[VraagRow]:
    """Per didactic question: proposals of sessions that chose it, per step reached within
    the period, and effect reviews that named it. Three queries, counted in the database
    (a session has one proposal, so a (session, question) row is a (proposal, question))."""
    proposal = "sessie__voorstel__"
    counts = {}
    for key, _label, stamp in STAGES:
        condition = Q(**{f"{proposal}{stamp}__gte": since, f"{proposal}{stamp}__lt": until})
        if key == "gemaakt":
            condition &= ~(Q(**{f"{proposal}titel": ""}) & Q(**{f"{proposal}stappen": []}))
        counts[key] = Count("pk", filter=condition)
    in_period = Q()
    for _key, _label, stamp in STAGES:
        in_period |= Q(**{f"{stamp}__gte": since, f"{stamp}__lt": until})
    per_vraag = {
        row["didactischevraag_id"]: row
        for row in Sessie.vragen.through.objects.filter(
            sessie__voorstel__in=base.filter(in_period).values("pk")
        )
        .values("didactischevraag_id")
        .annotate(**counts)
        .order_by()
    }
    effecten = dict(
        Verbetervoorstel.effect_vragen.through.objects.filter(
            verbetervoorstel__in=base.filter(reviewed_at__gte=since, reviewed_at__lt=until).values(
                "pk"
            )
        )
        .values("didactischevraag_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("didactischevraag_id", "n")
    )
    result = []
    for vraag in DidactischeVraag.objects.order_by("number"):
        row = per_vraag.get(vraag.pk, {})
        result.append(
            VraagRow(
                vraag=vraag,
                stages={key: row.get(key, 0) for key, _l, _s in STAGES},
                effecten=effecten.get(vraag.pk, 0),
            )
        )
    return result


def _credits(base, since, until) -> list[Credit]:
    """Implemented proposals of the period with their group credited (names only when the
    group chose to show them) and the leidinggevende's thanks. Three queries."""
    rows = list(
        base.filter(implemented_at__gte=since, implemented_at__lt=until)
        .order_by("-implemented_at", "-pk")
        .values(
            "pk",
            "titel",
            "implemented_at",
            "bedankt",
            "names_visible",
            "cirkel__team__name",
            "sessie__weekcyclus__groep_id",
        )[:50]
    )
    items = [
        bank.BankItem(
            pk=r["pk"],
            titel=r["titel"],
            status="",
            status_label="",
            team=r["cirkel__team__name"] or "",
            team_id=None,
            probleemstelling="",
            stappen=[],
            submitted_at=None,
            implemented=True,
            antwoord="",
            antwoord_label="",
            antwoord_reden="",
            effect="",
            effect_cijfers={},
            bedankt=r["bedankt"],
            herkend=0,
            followed=False,
            recognised=False,
            groep_id=r["sessie__weekcyclus__groep_id"],
            credit={} if r["names_visible"] else None,
        )
        for r in rows
    ]
    bank.credit_names(items)
    return [
        Credit(
            pk=item.pk,
            titel=item.titel or str(_("Voorstel zonder titel")),
            team=item.team,
            implemented_at=timezone.localdate(r["implemented_at"]),
            groep=item.credit["groep"] if item.credit else "",
            names=item.credit["names"] if item.credit else [],
            bedankt=item.bedankt,
        )
        for item, r in zip(items, rows, strict=True)
    ]


# --- Hours made available and used (organisation-wide, frozen per closed month) ------------------


def _month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _compute_hours(organisation_id: int, month: date) -> dict:
    """Hours made available (``hours_per_week`` for every day of a Prof-traject in the month,
    over 7) and used (attended session time + logged activity time in the month), over the
    people with a traject that month. Three queries."""
    first, last = month, _month_end(month)
    per_week = Organisation.objects.filter(pk=organisation_id).values_list(
        "hours_per_week", flat=True
    )[0]
    running = ProfTraject.objects.filter(
        organisation_id=organisation_id,
        state__in=[ProfTraject.State.ACTIEF, ProfTraject.State.AFGEROND],
        start__lte=last,
        end__gte=first,
    )
    trajecten = list(running.values_list("user_id", "start", "end"))
    people = {user_id for user_id, _s, _e in trajecten}
    days = sum((min(end, last) - max(start, first)).days + 1 for _u, start, end in trajecten)
    available = _d(per_week) * days / 7
    since, until = _month_range([month])
    session_minutes = (
        Deelnemer.objects.filter(
            user_id__in=running.values("user_id"),
            gast__isnull=True,
            sessie__weekcyclus__groep__organisation_id=organisation_id,
            sessie__state__in=ATTENDED_STATES,
            sessie__starts_at__gte=since,
            sessie__starts_at__lt=until,
        ).aggregate(m=Sum(F("sessie__duration_minutes")))["m"]
        or 0
    )
    logged_minutes = (
        Tijdregistratie.objects.filter(
            activiteit__traject__organisation_id=organisation_id,
            activiteit__traject__in=running,
            day__gte=first,
            day__lte=last,
        ).aggregate(m=Sum("minutes"))["m"]
        or 0
    )
    used = _d(session_minutes + logged_minutes) / 60
    return {
        "people": len(people),
        "available": str(available.quantize(Decimal("0.1"), ROUND_HALF_UP)),
        "used": str(used.quantize(Decimal("0.1"), ROUND_HALF_UP)),
    }


def hours_months(*, organisation_id: int, months: list[date]) -> list[HoursMonth]:
    """Hours made available and used per closed month (callers decided access). A month is
    computed once and kept (``Maandcijfer``); fewer than MIN_GROUP people hides it."""
    kept = {
        row.month: row.data
        for row in Maandcijfer.objects.filter(
            organisation_id=organisation_id, kind="uren", month__in=months
        )
    }
    result = []
    for month in months:
        data = kept.get(month)
        if data is None:
            data = _compute_hours(organisation_id, month)
            try:
                with transaction.atomic():
                    Maandcijfer.objects.create(
                        organisation_id=organisation_id, month=month, kind="uren", data=data
                    )
            except IntegrityError:  # another request froze it first: theirs stands
                data = Maandcijfer.objects.get(
                    organisation_id=organisation_id, month=month, kind="uren"
                ).data
        people = data["people"]
        shown = people >= MIN_GROUP
        result.append(
            HoursMonth(
                month=month,
                people=people if shown else 0,
                available=Decimal(data["available"]) if shown else None,
                used=Decimal(data["used"]) if shown else None,
                hidden=0 < people < MIN_GROUP,
            )
        )
    return result
