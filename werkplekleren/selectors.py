"""Reads for the core: teams with their member counts, people search (each role's home page:
``werkplekleren/home.py``)."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import Team, User

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
