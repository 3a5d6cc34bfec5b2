"""Reads for the proposal bank: every proposal submitted to a Prof-cirkel, for the whole
organisation (``profcirkel.access.bank_voorstellen_for``).

The bank shows what a proposal *is* and what became of it: title, problem statement, steps,
status, the organisation's answer, the effect and the thanks. Never session notes, the
critical review, the drafts or who voted what; the names of the group only when it chose so
at submission (``Verbetervoorstel.names_visible``), and never who follows or recognises a
proposal (those are counted). Every read runs a fixed number of queries per page.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from didactiek import similar
from didactiek.models import DidactischeVraag, Verbetervoorstel
from didactiek.voorstellen import EFFECT_CIJFERS
from weekcyclus import access as weekcyclus_access
from weekcyclus.models import Groep, GroepMember
from werkplekleren import access
from werkplekleren.models import User

from . import access as profcirkel_access
from . import events
from .models import VoorstelHerkenning, VoorstelVolger

PAGE_SIZE = 20
TEAM_SELECT_MAX = 100
STATUSES = (
    (Verbetervoorstel.Status.INGEDIEND, _("Ingediend")),
    (Verbetervoorstel.Status.BEANTWOORD, _("Beantwoord")),
    (Verbetervoorstel.Status.IN_UITVOERING, _("In uitvoering")),
    (Verbetervoorstel.Status.GEREALISEERD, _("Gerealiseerd")),
    (Verbetervoorstel.Status.EFFECT_BEOORDEELD, _("Effect beoordeeld")),
)
IMPLEMENTED = (Verbetervoorstel.Status.GEREALISEERD, Verbetervoorstel.Status.EFFECT_BEOORDEELD)
# The fields the bank may read of a proposal (nothing else leaves this module).
FIELDS = (
    "pk",
    "titel",
    "status",
    "stappen",
    "submitted_at",
    "answered_at",
    "implemented_at",
    "reviewed_at",
    "antwoord",
    "antwoord_reden",
    "effect",
    "effect_cijfers",
    "bedankt",
    "names_visible",
    "cirkel__team_id",
    "cirkel__team__name",
    "sessie__probleemstelling",
    "sessie__weekcyclus__groep_id",
)


@dataclass
class BankItem:
    pk: int
    titel: str
    status: str
    status_label: str
    team: str
    team_id: int | None
    probleemstelling: str
    stappen: list[str]
    submitted_at: datetime | None
    implemented: bool
    antwoord: str
    antwoord_label: str
    antwoord_reden: str
    effect: str
    effect_cijfers: dict
    bedankt: str
    herkend: int
    followed: bool
    recognised: bool
    groep_id: int
    credit: dict | None = None  # {"groep": name, "names": [...]} when the group chose to show


@dataclass
class BankPage:
    items: list[BankItem]
    page: Page
    q: str
    vraag: int | None
    team_id: int | None
    team_name: str
    status: str
    gevolgd: bool
    vragen: list[DidactischeVraag]
    teams: list[dict] | None  # None: too many for a select, the filter is typed
    statuses: tuple = STATUSES
    total: int = 0


def _annotated(queryset, user: User):
    herkend = (
        VoorstelHerkenning.objects.filter(voorstel=OuterRef("pk"))
        .order_by()
        .values("voorstel")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        herkend=Coalesce(Subquery(herkend, output_field=IntegerField()), 0),
        followed=Exists(VoorstelVolger.objects.filter(voorstel=OuterRef("pk"), user=user)),
        recognised=Exists(VoorstelHerkenning.objects.filter(voorstel=OuterRef("pk"), user=user)),
    )


def _item(row: dict) -> BankItem:
    labels = dict(Verbetervoorstel.Status.choices)
    antwoorden = dict(Verbetervoorstel.Antwoord.choices)
    return BankItem(
        pk=row["pk"],
        titel=row["titel"] or str(_("Voorstel zonder titel")),
        status=row["status"],
        status_label=str(labels.get(row["status"], row["status"])),
        team=row["cirkel__team__name"] or "",
        team_id=row["cirkel__team_id"],
        probleemstelling=row["sessie__probleemstelling"] or "",
        stappen=[
            str(s.get("tekst") or s.get("stap") or "")
            for s in row["stappen"] or []
            if isinstance(s, dict)
        ],
        submitted_at=row["submitted_at"],
        implemented=row["status"] in IMPLEMENTED,
        antwoord=row["antwoord"],
        antwoord_label=str(antwoorden.get(row["antwoord"], "")),
        antwoord_reden=row["antwoord_reden"],
        effect=row["effect"],
        effect_cijfers=row["effect_cijfers"] or {},
        bedankt=row["bedankt"],
        herkend=row["herkend"],
        followed=row["followed"],
        recognised=row["recognised"],
        groep_id=row["sessie__weekcyclus__groep_id"],
        credit={} if row["names_visible"] else None,
    )


def credit_names(items: list[BankItem]) -> None:
    """The group's name and its members' names, for the proposals whose group chose to show
    them (two queries for a whole page). A group that did not choose so stays unnamed."""
    groep_ids = {item.groep_id for item in items if item.credit is not None}
    if not groep_ids:
        return
    names = dict(Groep.objects.filter(pk__in=groep_ids).values_list("pk", "name"))
    members: dict[int, list[str]] = {}
    for groep_id, name in (
        GroepMember.objects.filter(
            groep_id__in=groep_ids, status=GroepMember.Status.ACTIVE, user__is_active=True
        )
        .order_by("user__name")
        .values_list("groep_id", "user__name")
    ):
        members.setdefault(groep_id, []).append(name)
    for item in items:
        if item.credit is not None:
            item.credit = {
                "groep": names.get(item.groep_id, ""),
                "names": members.get(item.groep_id, []),
            }


def bank_page(
    *,
    user: User,
    q: str = "",
    vraag: object = None,
    team: object = None,
    status: str = "",
    gevolgd: bool = False,
    page: object = 1,
) -> BankPage:
    """One page of the bank, newest submission first, searched (full text, every word) and
    filtered by didactic question, team and status, or only the proposals the user follows.
    Six queries whatever the size of the organisation."""
    queryset = profcirkel_access.bank_voorstellen_for(user)
    q = (q or "").strip()[:200]
    if q:
        ids = similar.search_ids(organisation_id=user.organisation_id, text=q)
        queryset = queryset.filter(pk__in=ids or [])
    vragen = list(DidactischeVraag.objects.order_by("number"))
    vraag_number = None
    if str(vraag or "").isdigit() and 1 <= int(vraag) <= 10:
        vraag_number = int(vraag)
        queryset = queryset.filter(
            Q(sessie__vragen__number=vraag_number) | Q(effect_vragen__number=vraag_number)
        ).distinct()
    all_teams = access.teams_for(user).order_by("name")
    teams = list(all_teams.values("id", "name")[: TEAM_SELECT_MAX + 1])
    typed = str(team or "").strip()[:150]
    team_id, team_name = None, ""
    if typed:
        if len(teams) <= TEAM_SELECT_MAX:
            chosen = [t for t in teams if str(t["id"]) == typed]
        else:
            found = (
                all_teams.filter(pk__in=access.parse_ids([typed]))
                if typed.isdigit()
                else all_teams.filter(name__icontains=typed)
            )
            chosen = list(found.values("id", "name")[:1])
        if chosen:
            team_id, team_name = chosen[0]["id"], chosen[0]["name"]
            queryset = queryset.filter(cirkel__team_id=team_id)
    if len(teams) > TEAM_SELECT_MAX:
        teams = None
    status = status if status in dict(STATUSES) else ""
    if status:
        queryset = queryset.filter(status=status)
    if gevolgd:
        queryset = queryset.filter(volgers__user=user)
    # The page is picked (and counted) on the proposals alone; only its rows get the counts
    # and the joins (a count over the annotated rows computed them for every proposal).
    current = Paginator(
        queryset.order_by("-submitted_at", "-pk").values_list("pk", flat=True), PAGE_SIZE
    ).get_page(page)
    ids = list(current.object_list)
    by_pk = {
        row["pk"]: row
        for row in _annotated(
            profcirkel_access.bank_voorstellen_for(user).filter(pk__in=ids), user
        ).values(*FIELDS, "herkend", "followed", "recognised")
    }
    items = [_item(by_pk[pk]) for pk in ids if pk in by_pk]
    credit_names(items)
    return BankPage(
        items=items,
        page=current,
        q=q,
        vraag=vraag_number,
        team_id=team_id,
        team_name=team_name,
        status=status,
        gevolgd=bool(gevolgd),
        vragen=vragen,
        teams=teams,
        total=current.paginator.count,
    )


@dataclass
class BankDetail:
    item: BankItem
    vragen: list[DidactischeVraag]
    effect_vragen: list[DidactischeVraag]
    news: list[dict]  # {"text", "at"}: the public news, oldest first
    groepen: list[Groep]  # the user's own groups that can take the proposal into their week
    in_groep: bool  # the user is in the group that made it
    navolgers: int  # werksituaties other groups took from it
    cijfers: list[tuple[str, object]] = field(default_factory=list)


def bank_detail(*, voorstel: Verbetervoorstel, user: User) -> BankDetail:
    """One proposal in the bank (``voorstel`` from ``access_bank_voorstel``): what it is,
    what became of it, its public news; never names unless the group chose to show them.
    Eight queries."""

    row = _annotated(
        profcirkel_access.bank_voorstellen_for(user).filter(pk=voorstel.pk), user
    ).values(*FIELDS, "herkend", "followed", "recognised")[0]
    item = _item(row)
    credit_names([item])
    own = weekcyclus_access.groepen_for(user).order_by("name")
    groepen = [g for g in own if g.pk != item.groep_id]
    return BankDetail(
        item=item,
        vragen=list(voorstel.sessie.vragen.order_by("number")),
        effect_vragen=list(voorstel.effect_vragen.order_by("number")),
        news=[
            {"text": events.render_public(kind, params) or text, "at": at}
            for kind, params, text, at in voorstel.updates.exclude(public_text="")
            .order_by("created_at", "pk")
            .values_list("kind", "params", "public_text", "created_at")
        ],
        groepen=groepen,
        in_groep=any(g.pk == item.groep_id for g in own),
        navolgers=voorstel.navolgers.count(),
        cijfers=[
            (str(EFFECT_CIJFERS[key][0]), value)
            for key, value in item.effect_cijfers.items()
            if key in EFFECT_CIJFERS
        ],
    )
