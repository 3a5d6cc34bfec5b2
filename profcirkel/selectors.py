"""Reads for Talentontwikkelgesprekken, the Prof-cirkel and proposal follow-up."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from didactiek.models import DidactischeVraag, Verbetervoorstel
from didactiek.voorstellen import is_overdue, overdue_q
from profcirkel import access as profcirkel_access
from trajecten import selectors as trajecten_selectors
from trajecten.models import ProfTraject
from weekcyclus import access as weekcyclus_access
from weekcyclus.models import GroepMember, Leervoornemen, Sessie
from werkplekleren import access
from werkplekleren.models import Role, Team, User

from .models import (
    Agendapunt,
    Bijeenkomst,
    Gespreksafspraak,
    ProfCirkel,
    Talentontwikkelgesprek,
    VoorstelUpdate,
)

# --- Talentontwikkelgesprek ---
#
# The conversation is prepared with facts only: hours used and made available, proposals
# and their states, the chosen questions. Never activities, reflections or session content.
# The reads of the accountability page say nothing about which conversation an agreement
# came from. Each read runs a fixed number of queries.


def gesprek_interval(gesprek: Talentontwikkelgesprek) -> int:
    """Weeks between conversations: agreed by the pair, else the team's cadence."""
    if gesprek.interval_weeks:
        return gesprek.interval_weeks
    team = gesprek.professional.team
    if team is not None:
        return team.gesprek_interval_weeks
    return Team._meta.get_field("gesprek_interval_weeks").default


def next_gesprek(gesprek: Talentontwikkelgesprek) -> Talentontwikkelgesprek | None:
    """The pair's first planned conversation after this one, if any."""
    return (
        Talentontwikkelgesprek.objects.filter(
            organisation_id=gesprek.organisation_id,
            professional_id=gesprek.professional_id,
            leidinggevende_id=gesprek.leidinggevende_id,
            state=Talentontwikkelgesprek.State.GEPLAND,
            planned_at__gt=gesprek.planned_at,
        )
        .exclude(pk=gesprek.pk)
        .order_by("planned_at", "pk")
        .first()
    )


@dataclass(frozen=True)
class VoorstelFact:
    titel: str
    status: str
    status_label: str
    day: date


@dataclass(frozen=True)
class GesprekFacts:
    since: date | None  # the day of the last conversation held (None: the traject's start)
    until: date
    has_traject: bool
    hours_used: Decimal
    hours_available: Decimal
    voorstellen: list[VoorstelFact]
    vragen: list[DidactischeVraag]


def _last_held(gesprek: Talentontwikkelgesprek) -> Talentontwikkelgesprek | None:
    moment = gesprek.held_at or timezone.now()
    return (
        Talentontwikkelgesprek.objects.filter(
            organisation_id=gesprek.organisation_id,
            professional_id=gesprek.professional_id,
            state=Talentontwikkelgesprek.State.GEHOUDEN,
            held_at__lt=moment,
        )
        .exclude(pk=gesprek.pk)
        .order_by("-held_at", "-pk")
        .only("held_at")
        .first()
    )


def _traject_of(gesprek: Talentontwikkelgesprek, until: date) -> ProfTraject | None:
    """The professional's active traject; once it is finished, the last one that ran."""
    return (
        ProfTraject.objects.filter(
            organisation_id=gesprek.organisation_id,
            user_id=gesprek.professional_id,
            state__in=[ProfTraject.State.ACTIEF, ProfTraject.State.AFGEROND],
            start__lte=until,
        )
        .select_related("organisation")
        .order_by(Case(When(state=ProfTraject.State.ACTIEF, then=0), default=1), "-end", "-pk")
        .first()
    )


def gesprek_facts(*, gesprek: Talentontwikkelgesprek) -> GesprekFacts:
    """The facts a conversation is prepared with, for the period since the professional's
    last held conversation up to today (a held one: up to the day it was held). Six
    queries at most, whatever the number of sessions, activities or proposals."""
    until = timezone.localdate(gesprek.held_at) if gesprek.held_at else timezone.localdate()
    last = _last_held(gesprek)
    since = timezone.localdate(last.held_at) if last else None
    traject = _traject_of(gesprek, until)
    used = available = Decimal(0)
    vragen: list[DidactischeVraag] = []
    if traject is not None:
        # The same count as the progress page, over the traject's days in this period.
        window = ProfTraject(
            pk=traject.pk,
            organisation=traject.organisation,
            user_id=traject.user_id,
            start=max(traject.start, since) if since else traject.start,
            end=traject.end,
        )
        counted = trajecten_selectors.hours(traject=window, today=until)
        used, available = counted.used, counted.available
        keuze = (
            traject.vraagkeuzes.filter(cycle_start__lte=until).order_by("-cycle_start").first()
            or traject.vraagkeuzes.order_by("cycle_start").first()
        )
        if keuze is not None:
            vragen = list(keuze.vragen.order_by("number"))
    moment = timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min))
    voorstellen = Verbetervoorstel.objects.filter(
        organisation_id=gesprek.organisation_id,
        sessie__deelnemers__user_id=gesprek.professional_id,
        sessie__starts_at__lt=moment,
    ).exclude(status=Verbetervoorstel.Status.CONCEPT)
    if since is not None:
        start = timezone.make_aware(datetime.combine(since, time.min))
        # New ones, and older ones whose follow-up moved on since.
        voorstellen = voorstellen.filter(Q(sessie__starts_at__gte=start) | Q(updated_at__gte=start))
    rows = voorstellen.values_list("titel", "status", "sessie__starts_at").order_by(
        "-sessie__starts_at", "-pk"
    )
    labels = dict(Verbetervoorstel.Status.choices)
    return GesprekFacts(
        since=since,
        until=until,
        has_traject=traject is not None,
        hours_used=used,
        hours_available=available,
        voorstellen=[
            VoorstelFact(
                titel=titel or str(_("Voorstel zonder titel")),
                status=status,
                status_label=str(labels.get(status, status)),
                day=timezone.localdate(starts_at),
            )
            for titel, status, starts_at in rows
        ],
        vragen=vragen,
    )


def gesprek_plan_candidates(*, user: User) -> QuerySet[User]:
    """The professionals in the teams ``user`` leads (empty for anyone else)."""
    return (
        access.led_team_members_for(user)
        .filter(role_assignments__role=Role.PROFESSIONAL)
        .exclude(pk=user.pk)
        .order_by("name", "pk")
    )


@dataclass(frozen=True)
class GesprekkenOverview:
    upcoming: list[Talentontwikkelgesprek]  # planned, the next one first
    held: list[Talentontwikkelgesprek]  # newest first
    members: list[User]  # the people a leidinggevende may plan a conversation with
    unplanned: list[User]  # of those, the ones without a planned conversation
    teams: list[Team]  # the user's own team and the teams they lead (accountability pages)


def gesprekken_overview(*, user: User) -> GesprekkenOverview:
    """The user's conversations, as professional and as leidinggevende (three queries)."""
    rows = list(
        profcirkel_access.gesprekken_for(user)
        .select_related("professional", "leidinggevende")
        .order_by("planned_at", "pk")
    )
    upcoming = [g for g in rows if g.state == Talentontwikkelgesprek.State.GEPLAND]
    held = sorted(
        (g for g in rows if g.state == Talentontwikkelgesprek.State.GEHOUDEN),
        key=lambda g: (g.held_at or g.planned_at, g.pk),
        reverse=True,
    )
    members = list(gesprek_plan_candidates(user=user))
    planned_with = {g.professional_id for g in upcoming if g.leidinggevende_id == user.pk}
    return GesprekkenOverview(
        upcoming=upcoming,
        held=held,
        members=members,
        unplanned=[m for m in members if m.pk not in planned_with],
        teams=list(
            access.teams_for(user)
            .filter(Q(pk=user.team_id) | Q(leidinggevende=user))
            .order_by("name", "pk")
        ),
    )


@dataclass(frozen=True)
class GesprekPage:
    punten: list[Agendapunt]
    afspraken: list[Gespreksafspraak]
    facts: GesprekFacts
    next: Talentontwikkelgesprek | None
    interval_weeks: int


def gesprek_page(*, gesprek: Talentontwikkelgesprek, user: User) -> GesprekPage:
    """Everything on one conversation's page for ``user`` (a participant): the talking
    points they may see (shared ones and their own private ones), the agreements, the
    facts, and once held the next planned conversation. A fixed number of queries however
    many points or agreements."""
    return GesprekPage(
        punten=list(profcirkel_access.agendapunten_visible(user, gesprek)),
        afspraken=list(
            gesprek.afspraken.select_related("owner").order_by(
                F("done_at").asc(nulls_first=True), F("due_date").asc(nulls_last=True), "pk"
            )
        ),
        facts=gesprek_facts(gesprek=gesprek),
        next=(
            next_gesprek(gesprek)
            if gesprek.state == Talentontwikkelgesprek.State.GEHOUDEN
            else None
        ),
        interval_weeks=gesprek_interval(gesprek),
    )


@dataclass(frozen=True)
class AfspraakLine:
    """An agreement of the leidinggevende, told without its conversation or person."""

    text: str
    due_date: date | None
    for_organisation: bool
    done: bool


@dataclass(frozen=True)
class AntwoordLine:
    titel: str
    antwoord: str
    antwoord_label: str
    reden: str
    status: str
    status_label: str
    owner: str
    due_date: date | None


@dataclass(frozen=True)
class TeamBelow:
    """A team directly below, as its leidinggevende accounts for it upward: counts only."""

    team: Team
    afspraken_open: int  # agreements of its leidinggevende still open
    afspraken_done: int
    wachten: int  # proposals submitted to its circle without an answer yet
    overgenomen: int  # adopted or adapted
    afgewezen: int
    gerealiseerd: int  # implemented (or effect reviewed)
    over_datum: int
    wensen: int  # shared question-10 wishes of its professionals


@dataclass(frozen=True)
class Verantwoording:
    open: list[AfspraakLine]
    done: list[AfspraakLine]
    antwoorden: list[AntwoordLine]
    wensen: list[str]
    below: list[TeamBelow] = ()
    above: list[Team] = ()  # the teams this one accounts to, nearest first


def verantwoording(*, user: User, team: Team) -> Verantwoording:
    """Two-way accountability for a team (three queries): what its leidinggevende agreed to
    in conversations with the team's members — without saying which conversation or whom —,
    the organisation's answers to the team's proposals, and what the team's professionals
    asked of the organisation (question 10) where they shared it. Never a private
    Leervoornemen, never who wrote a wish."""
    afspraken = (
        Gespreksafspraak.objects.filter(
            owner_id=team.leidinggevende_id,
            gesprek__leidinggevende_id=team.leidinggevende_id,
            gesprek__organisation_id=team.organisation_id,
            gesprek__professional__team=team,
        )
        .order_by(F("due_date").asc(nulls_last=True), "text", "pk")
        .values_list("text", "due_date", "for_organisation", "done_at")
        if team.leidinggevende_id
        else []
    )
    # The same agreement made in several conversations is one line (who it was made with
    # is not shown, so repeating it would only repeat it).
    lines = list(
        dict.fromkeys(
            AfspraakLine(text=text, due_date=due, for_organisation=org, done=done_at is not None)
            for text, due, org, done_at in afspraken
        )
    )
    antwoord_labels = dict(Verbetervoorstel.Antwoord.choices)
    status_labels = dict(Verbetervoorstel.Status.choices)
    antwoorden = [
        AntwoordLine(
            titel=v.titel or str(_("Voorstel zonder titel")),
            antwoord=v.antwoord,
            antwoord_label=str(antwoord_labels.get(v.antwoord, v.antwoord)),
            reden=v.antwoord_reden,
            status=v.status,
            status_label=str(status_labels.get(v.status, v.status)),
            owner=v.owner.name if v.owner else "",
            due_date=v.due_date,
        )
        # Answers to submitted proposals are the bank's (the whole organisation's) to read, so
        # the leidinggevende of a team above sees them too.
        for v in (
            weekcyclus_access.voorstellen_for(user) | profcirkel_access.bank_voorstellen_for(user)
        )
        .filter(cirkel__team=team, cirkel__organisation_id=team.organisation_id)
        .exclude(antwoord="")
        .select_related("owner")
        .order_by(F("answered_at").desc(nulls_last=True), "-pk")
    ]
    wensen = list(
        Leervoornemen.objects.filter(
            shared=True,
            user__team=team,
            user__organisation_id=team.organisation_id,
            user__is_active=True,
            user__role_assignments__role=Role.PROFESSIONAL,
            sessie__weekcyclus__groep__organisation_id=team.organisation_id,
        )
        .exclude(organisatie_kan="")
        .order_by("-updated_at", "-pk")
        .values_list("organisatie_kan", flat=True)
    )
    return Verantwoording(
        open=[line for line in lines if not line.done],
        done=[line for line in lines if line.done],
        antwoorden=antwoorden,
        wensen=_once(wensen),
        below=teams_below_summary(user=user, team=team),
        above=access.teams_above(team),
    )


def teams_below_summary(*, user: User, team: Team, today: date | None = None) -> list[TeamBelow]:
    """Per team directly below ``team``: what its leidinggevende agreed and what the
    organisation did with its proposals and wishes, as counts (four queries, whatever the
    number of teams). Accountability upward: the leidinggevende of ``team`` reads it."""
    today = today or timezone.localdate()
    children = list(
        Team.objects.filter(parent=team, organisation_id=team.organisation_id)
        .select_related("leidinggevende")
        .order_by("name", "pk")
    )
    if not children:
        return []
    ids = [c.pk for c in children]
    afspraken: dict[tuple[int, bool], int] = {}
    for row in (
        Gespreksafspraak.objects.filter(
            gesprek__organisation_id=team.organisation_id,
            gesprek__professional__team_id__in=ids,
            owner_id=F("gesprek__professional__team__leidinggevende_id"),
            gesprek__leidinggevende_id=F("gesprek__professional__team__leidinggevende_id"),
        )
        .values("gesprek__professional__team_id")
        .annotate(
            open=Count("pk", filter=Q(done_at__isnull=True)),
            done=Count("pk", filter=Q(done_at__isnull=False)),
        )
        .order_by()
    ):
        afspraken[(row["gesprek__professional__team_id"], False)] = row["open"]
        afspraken[(row["gesprek__professional__team_id"], True)] = row["done"]
    status = Verbetervoorstel.Status
    voorstellen = {
        row["cirkel__team_id"]: row
        for row in profcirkel_access.bank_voorstellen_for(user)
        .filter(cirkel__team_id__in=ids)
        .values("cirkel__team_id")
        .annotate(
            wachten=Count("pk", filter=Q(status=status.INGEDIEND)),
            overgenomen=Count(
                "pk",
                filter=Q(
                    antwoord__in=[
                        Verbetervoorstel.Antwoord.OVERGENOMEN,
                        Verbetervoorstel.Antwoord.AANGEPAST,
                    ]
                ),
            ),
            afgewezen=Count("pk", filter=Q(antwoord=Verbetervoorstel.Antwoord.AFGEWEZEN)),
            gerealiseerd=Count(
                "pk", filter=Q(status__in=[status.GEREALISEERD, status.EFFECT_BEOORDEELD])
            ),
            over_datum=Count("pk", filter=overdue_q(today)),
        )
        .order_by()
    }
    wensen = dict(
        Leervoornemen.objects.filter(
            shared=True,
            user__team_id__in=ids,
            user__organisation_id=team.organisation_id,
            user__is_active=True,
            sessie__weekcyclus__groep__organisation_id=team.organisation_id,
        )
        .exclude(organisatie_kan="")
        .values("user__team_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("user__team_id", "n")
    )
    result = []
    for child in children:
        v = voorstellen.get(child.pk, {})
        result.append(
            TeamBelow(
                team=child,
                afspraken_open=afspraken.get((child.pk, False), 0),
                afspraken_done=afspraken.get((child.pk, True), 0),
                wachten=v.get("wachten", 0),
                overgenomen=v.get("overgenomen", 0),
                afgewezen=v.get("afgewezen", 0),
                gerealiseerd=v.get("gerealiseerd", 0),
                over_datum=v.get("over_datum", 0),
                wensen=wensen.get(child.pk, 0),
            )
        )
    return result


def _once(texts) -> list[str]:
    """Each text once (case and spacing aside), in the order first seen."""
    seen, unique = set(), []
    for text in texts:
        key = " ".join(text.casefold().split())
        if key and key not in seen:
            seen.add(key)
            unique.append(text.strip())
    return unique


# --- Prof-cirkel en voorstellen ---
#
# The circle's board, a proposal's page and the check-in notice. Each read runs a fixed
# number of queries, however many proposals or meetings there are. Who may do what is
# decided here once (the predicates below) and used by both the pages and the services.

FOLLOW_UP = (
    Verbetervoorstel.Status.INGEDIEND,
    Verbetervoorstel.Status.BEANTWOORD,
    Verbetervoorstel.Status.IN_UITVOERING,
    Verbetervoorstel.Status.GEREALISEERD,
    Verbetervoorstel.Status.EFFECT_BEOORDEELD,
)


def leads_cirkel(cirkel: ProfCirkel | None, user: User) -> bool:
    """Whether ``user`` is the leidinggevende of the circle's team."""
    return bool(
        cirkel is not None
        and user.is_authenticated
        and user.is_active
        and cirkel.team.leidinggevende_id == user.pk
        and cirkel.organisation_id == user.organisation_id
    )


def in_cirkel_team(cirkel: ProfCirkel, user: User) -> bool:
    """Whether ``user`` is a member of the circle's team."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.team_id
        and user.team_id == cirkel.team_id
        and user.organisation_id == cirkel.organisation_id
    )


def in_voorstel_groep(voorstel: Verbetervoorstel, user: User) -> bool:
    """Whether ``user`` is an active member of the group that made the proposal."""
    return bool(
        user.is_authenticated
        and user.is_active
        and GroepMember.objects.filter(
            groep_id=voorstel.sessie.weekcyclus.groep_id,
            user=user,
            status=GroepMember.Status.ACTIVE,
        ).exists()
    )


def voorstellen_overdue(
    *, voorstellen: QuerySet[Verbetervoorstel], today: date | None = None
) -> QuerySet[Verbetervoorstel]:
    """Of ``voorstellen`` (e.g. ``voorstellen_for(user)``), those past their date."""
    return voorstellen.filter(overdue_q(today))


CIRKEL_PAGE_SIZE = 50


@dataclass(frozen=True)
class CirkelList:
    cirkels: list[ProfCirkel]  # annotated: n_ingediend, n_uitvoering, n_overdue, n_total
    openable: list[Team]  # the user's own or led teams that have no circle yet
    page: Page | None = None  # L&O read every circle of the organisation: one page at a time
    q: str = ""


def _count_voorstellen(**conditions) -> Coalesce:
    """Proposals of the outer circle meeting ``conditions``, counted per row fetched (a
    correlated subquery), so a page of circles never aggregates the whole organisation."""
    rows = (
        Verbetervoorstel.objects.filter(cirkel=OuterRef("pk"), **conditions)
        .order_by()
        .values("cirkel")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def cirkel_list(
    *, user: User, today: date | None = None, q: str = "", page: object = 1
) -> CirkelList:
    """The circles the user sits in or may read, with their counts: one page of
    ``CIRKEL_PAGE_SIZE`` by team name (containing ``q``), three queries whatever the number."""
    status = Verbetervoorstel.Status
    today = today or timezone.localdate()
    queryset = ProfCirkel.objects.filter(pk__in=profcirkel_access.cirkels_for(user).values("pk"))
    if q:
        queryset = queryset.filter(team__name__icontains=q)
    queryset = (
        queryset.select_related("team")
        .annotate(
            n_total=_count_voorstellen(status__in=FOLLOW_UP),
            n_ingediend=_count_voorstellen(status=status.INGEDIEND),
            n_uitvoering=_count_voorstellen(status=status.IN_UITVOERING),
            n_overdue=_count_voorstellen(status=status.IN_UITVOERING, due_date__lt=today),
        )
        .order_by("team__name", "pk")
    )
    current = Paginator(queryset, CIRKEL_PAGE_SIZE).get_page(page)
    cirkels = list(current.object_list)
    openable = []
    if user.is_authenticated and (user.team_id or Role.LEIDINGGEVENDE in user.roles):
        openable = list(
            access.teams_for(user)
            .filter(Q(pk=user.team_id) | Q(leidinggevende=user), cirkel__isnull=True)
            .order_by("name")
        )
    return CirkelList(cirkels=cirkels, openable=openable, page=current, q=q)


@dataclass(frozen=True)
class BoardColumn:
    status: str
    label: str
    voorstellen: list[Verbetervoorstel]


@dataclass(frozen=True)
class MeetingRow:
    bijeenkomst: Bijeenkomst
    voorstellen: list[Verbetervoorstel]  # submitted since the meeting before it


@dataclass(frozen=True)
class CirkelBoard:
    columns: list[BoardColumn]
    overdue: list[Verbetervoorstel]
    meetings: list[MeetingRow]  # held (today or before), newest first
    planned: list[Bijeenkomst]  # later dates, the next one first
    last: Bijeenkomst | None
    since_last: list[Verbetervoorstel]  # submitted on or after the last meeting's day
    invited: list[User]
    lo_candidates: list[User]  # L&O people the leidinggevende can still invite
    leads: bool
    may_add_bijeenkomst: bool


BOARD_COLUMNS = (
    (Verbetervoorstel.Status.INGEDIEND, gettext_lazy("Ingediend")),
    (Verbetervoorstel.Status.BEANTWOORD, gettext_lazy("Beantwoord")),
    (Verbetervoorstel.Status.IN_UITVOERING, gettext_lazy("In uitvoering")),
    (Verbetervoorstel.Status.GEREALISEERD, gettext_lazy("Gerealiseerd")),
    (Verbetervoorstel.Status.EFFECT_BEOORDEELD, gettext_lazy("Effect beoordeeld")),
)


def cirkel_board(*, cirkel: ProfCirkel, user: User, today: date | None = None) -> CirkelBoard:
    """The board of one circle: its proposals per state (overdue ones flagged), its
    meetings with the proposals each one had to discuss, and who is invited. Three queries,
    four for the leidinggevende; ``cirkel`` comes from ``profcirkel.access.access_cirkel``."""
    today = today or timezone.localdate()
    voorstellen = list(
        weekcyclus_access.voorstellen_for(user)
        .filter(cirkel=cirkel, status__in=FOLLOW_UP)
        .select_related("sessie__weekcyclus__groep", "owner")
        .annotate(is_late=ExpressionWrapper(overdue_q(today), output_field=BooleanField()))
        .order_by("submitted_at", "pk")
    )
    for voorstel in voorstellen:
        voorstel.submitted_on = (
            timezone.localdate(voorstel.submitted_at) if voorstel.submitted_at else today
        )
    columns = [
        BoardColumn(
            status=status,
            label=str(label),
            voorstellen=[v for v in voorstellen if v.status == status],
        )
        for status, label in BOARD_COLUMNS
    ]
    bijeenkomsten = list(cirkel.bijeenkomsten.order_by("held_on", "pk"))
    held = [b for b in bijeenkomsten if b.held_on <= today]
    meetings, before = [], None
    for bijeenkomst in held:
        meetings.append(
            MeetingRow(
                bijeenkomst=bijeenkomst,
                voorstellen=[
                    v
                    for v in voorstellen
                    if (before is None or v.submitted_on >= before)
                    and v.submitted_on < bijeenkomst.held_on
                ],
            )
        )
        before = bijeenkomst.held_on
    last = held[-1] if held else None
    invited = list(cirkel.invited.order_by("name", "pk"))
    leads = leads_cirkel(cirkel, user)
    lo_candidates = []
    if leads:
        lo_candidates = list(
            access.people_for(user)
            .filter(role_assignments__role=Role.LO)
            .exclude(pk__in=[u.pk for u in invited])
            .order_by("name", "pk")
        )
    return CirkelBoard(
        columns=columns,
        overdue=[v for v in voorstellen if v.is_late],
        meetings=meetings[::-1],
        planned=[b for b in bijeenkomsten if b.held_on > today],
        last=last,
        since_last=[v for v in voorstellen if last is None or v.submitted_on >= last.held_on],
        invited=invited,
        lo_candidates=lo_candidates,
        leads=leads,
        may_add_bijeenkomst=leads or in_cirkel_team(cirkel, user),
    )


@dataclass(frozen=True)
class VoorstelPage:
    history: list[VoorstelUpdate]  # oldest first
    actions: frozenset[str]  # submit, answer, assign, implemented, review
    overdue: bool
    in_groep: bool
    leads: bool
    cirkel_visible: bool  # whether the user may open the board of the proposal's circle
    no_team: bool  # a group member who could submit, but has no team (so no circle)
    effect_vragen: list[DidactischeVraag]
    owner_candidates: list[User]
    kader: list[DidactischeVraag]
    herkend: int = 0  # people who recognised it in the bank ("wij hebben dit ook")


def voorstel_actions(
    *, voorstel: Verbetervoorstel, user: User, in_groep: bool, leads: bool
) -> frozenset[str]:
    """What ``user`` may do with the proposal now (the services check the same)."""
    status = Verbetervoorstel.Status
    actions = set()
    if voorstel.status == status.GEVALIDEERD and in_groep and user.team_id:
        actions.add("submit")
    if voorstel.status == status.INGEDIEND and leads:
        actions.add("answer")
    if leads and (
        voorstel.status == status.IN_UITVOERING
        or (
            voorstel.status == status.BEANTWOORD
            and voorstel.antwoord != Verbetervoorstel.Antwoord.AFGEWEZEN
        )
    ):
        actions.add("assign")
    if voorstel.status == status.IN_UITVOERING and (leads or voorstel.owner_id == user.pk):
        actions.add("implemented")
    if voorstel.status == status.GEREALISEERD and (
        leads or in_groep or voorstel.owner_id == user.pk
    ):
        actions.add("review")
    return frozenset(actions)


def voorstel_page(
    *, voorstel: Verbetervoorstel, user: User, today: date | None = None
) -> VoorstelPage:
    """Everything on a proposal's page for ``user`` (``voorstel`` from
    ``weekcyclus.access.access_voorstel``): its history and the actions the user may take."""
    in_groep = in_voorstel_groep(voorstel, user)
    leads = leads_cirkel(voorstel.cirkel, user)
    actions = voorstel_actions(voorstel=voorstel, user=user, in_groep=in_groep, leads=leads)
    return VoorstelPage(
        history=list(voorstel.updates.select_related("by").order_by("created_at", "pk")),
        actions=actions,
        overdue=is_overdue(voorstel, today),
        in_groep=in_groep,
        leads=leads,
        cirkel_visible=bool(
            voorstel.cirkel_id
            and profcirkel_access.cirkels_for(user).filter(pk=voorstel.cirkel_id).exists()
        ),
        no_team=(
            voorstel.status == Verbetervoorstel.Status.GEVALIDEERD and in_groep and not user.team_id
        ),
        effect_vragen=(
            list(voorstel.effect_vragen.order_by("number"))
            if voorstel.status == Verbetervoorstel.Status.EFFECT_BEOORDEELD
            else []
        ),
        owner_candidates=(
            list(access.people_for(user).order_by("name", "pk")) if "assign" in actions else []
        ),
        kader=(list(DidactischeVraag.objects.order_by("number")) if "review" in actions else []),
        herkend=voorstel.herkenningen.count() if voorstel.submitted_at else 0,
    )


def updates_for_checkin(*, sessie: Sessie) -> list[VoorstelUpdate]:
    """What happened to the group's proposals since its previous session started (the
    latest earlier session that actually started); everything when there was none yet.
    Newest first, two queries. For the check-in step of ``sessie``."""
    groep_id = sessie.weekcyclus.groep_id
    previous = (
        Sessie.objects.filter(
            weekcyclus__groep_id=groep_id,
            started_at__isnull=False,
            starts_at__lt=sessie.starts_at,
        )
        .exclude(pk=sessie.pk)
        .order_by("-starts_at", "-pk")
        .only("started_at")
        .first()
    )
    updates = VoorstelUpdate.objects.filter(voorstel__sessie__weekcyclus__groep_id=groep_id)
    if previous is not None:
        updates = updates.filter(created_at__gte=previous.started_at)
    return list(updates.select_related("voorstel", "by").order_by("-created_at", "-pk"))


# --- Manager view ---


def manager_view(*, leidinggevende: User, members: list[User]) -> dict[int, dict]:
    """Per team member: the next conversation with this leidinggevende and the proposals they
    contributed to that were submitted to the team's Prof-cirkel, with their states (two
    queries). Both reads go through the access module. Never how anyone learned."""
    ids = [m.pk for m in members]
    view = {pk: {"next_gesprek": None, "voorstellen": []} for pk in ids}
    for gesprek in (
        profcirkel_access.led_gesprekken_for(leidinggevende)
        .filter(professional_id__in=ids, state=Talentontwikkelgesprek.State.GEPLAND)
        .order_by("-planned_at")
    ):
        view[gesprek.professional_id]["next_gesprek"] = gesprek  # the earliest wins
    rows = (
        profcirkel_access.circle_voorstellen_for(leidinggevende)
        .filter(sessie__deelnemers__user_id__in=ids)
        .values_list("sessie__deelnemers__user_id", "pk", "titel", "status")
        .distinct()
        .order_by("pk")
    )
    labels = dict(Verbetervoorstel.Status.choices)
    for user_id, pk, titel, status in rows:
        view[user_id]["voorstellen"].append({"pk": pk, "titel": titel, "status": labels[status]})
    return view
