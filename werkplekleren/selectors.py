"""Reads for the core: what each role's home page shows."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from trajecten.lo_selectors import unread_berichten
from weekcyclus import access as weekcyclus_access
from weekcyclus.models import GroepMember
from weekcyclus.selectors import groepen_with_member_counts, upcoming_sessies

from . import access
from .models import Role, RoleAssignment, Team, User


@dataclass
class Home:
    roles: frozenset[str]
    groepen: list = field(default_factory=list)
    invitations: list = field(default_factory=list)
    sessies: list = field(default_factory=list)
    led_teams: list = field(default_factory=list)
    organisation_counts: dict = field(default_factory=dict)
    teams: list = field(default_factory=list)  # admin: the first HOME_TEAMS teams
    more_teams: bool = False
    berichten: list = field(default_factory=list)  # unread support messages from L&O


TEAM_PAGE_SIZE = 50
HOME_TEAMS = 10


def with_member_counts(queryset: QuerySet[Team]) -> QuerySet[Team]:
    """Teams with ``member_count`` (active members) and their leidinggevende, by name.

    The count is a correlated subquery, so it is computed only for the teams actually
    fetched (a page), not grouped over every person of the organisation first."""
    members = (
        User.objects.filter(team=OuterRef("pk"), is_active=True)
        .order_by()
        .values("team")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        queryset.select_related("leidinggevende")
        .annotate(member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0))
        .order_by("name", "pk")
    )


def teams_with_member_counts(queryset: QuerySet[Team]) -> list[Team]:
    return list(with_member_counts(queryset))


def team_page(queryset: QuerySet[Team], *, q: object = "", page: object = 1) -> Page:
    """One page of teams (``TEAM_PAGE_SIZE``) whose name contains ``q``: two queries (the
    count and the page) whatever the number of teams."""
    if q := search_text(q):
        queryset = queryset.filter(name__icontains=q)
    return Paginator(with_member_counts(queryset), TEAM_PAGE_SIZE).get_page(page)


def home_for(user: User) -> Home:
    """Everything the home page needs, in a fixed number of queries per role."""
    roles = user.roles
    home = Home(roles=roles)
    if Role.PROFESSIONAL in roles:
        home.groepen = groepen_with_member_counts(weekcyclus_access.groepen_for(user))
        home.sessies = upcoming_sessies(weekcyclus_access.sessies_for(user))
        home.invitations = list(
            GroepMember.objects.filter(
                user=user,
                status=GroepMember.Status.INVITED,
                groep__organisation_id=user.organisation_id,
            ).select_related("groep", "invited_by")
        )
        home.berichten = unread_berichten(user=user)
    if Role.LEIDINGGEVENDE in roles:
        home.led_teams = teams_with_member_counts(
            access.teams_for(user).filter(leidinggevende=user)
        )
    if Role.LO in roles:
        # EXISTS per person rather than a join with DISTINCT: no big sort at 20,000 people.
        professional = RoleAssignment.objects.filter(user=OuterRef("pk"), role=Role.PROFESSIONAL)
        home.organisation_counts = access.people_for(user).aggregate(
            people=Count("id"), professionals=Count("id", filter=Q(Exists(professional)))
        )
        home.organisation_counts["teams"] = access.teams_for(user).count()
    if Role.ADMIN in roles:
        # A short list and a link to all teams: one query, whatever the number of teams.
        teams = list(with_member_counts(access.teams_for(user))[: HOME_TEAMS + 1])
        home.teams, home.more_teams = teams[:HOME_TEAMS], len(teams) > HOME_TEAMS
    return home


def team_members(*, team: Team) -> QuerySet[User]:
    return team.members.filter(is_active=True).order_by("name")


SEARCH_LIMIT = 20
SEARCH_MIN_LENGTH = 2


@dataclass
class PeopleSearch:
    """One page of people matching a search: at most ``SEARCH_LIMIT``, and whether there
    are more (then the person types on). Pickers use it instead of listing everyone."""

    q: str
    people: list
    more: bool = False

    @property
    def searched(self) -> bool:
        return len(self.q) >= SEARCH_MIN_LENGTH


def search_text(raw: object) -> str:
    """What someone typed in a search field, tidied: spaces collapsed, at most 100 chars."""
    return " ".join(str(raw or "").split())[:100]


def people_search(queryset: QuerySet[User], *, q: str, limit: int = SEARCH_LIMIT) -> PeopleSearch:
    """People of ``queryset`` whose name or e-mail address contains ``q``, by name, in one
    query (with their team). Fewer than two characters finds nobody: no list of everyone."""
    q = search_text(q)
    if len(q) < SEARCH_MIN_LENGTH:
        return PeopleSearch(q=q, people=[])
    rows = list(
        queryset.filter(Q(name__icontains=q) | Q(email__icontains=q))
        .select_related("team")
        .order_by("name", "pk")[: limit + 1]
    )
    return PeopleSearch(q=q, people=rows[:limit], more=len(rows) > limit)
