"""The front door: each role's home page and a team's page, which bring the apps together.

Project wiring, like the root urls and the API router: this module may read every app (the
import-linter contract in pyproject.toml names it); nothing in an app imports it.
"""

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from profcirkel import selectors as profcirkel_selectors
from trajecten import selectors as traject_selectors
from trajecten.lo_selectors import unread_berichten
from weekcyclus import access as weekcyclus_access
from weekcyclus.models import GroepMember
from weekcyclus.selectors import groepen_with_member_counts, upcoming_sessies

from . import access, selectors
from .models import Role, RoleAssignment, User
from .selectors import teams_with_member_counts, with_member_counts

HOME_TEAMS = 10


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


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "werkplekleren/home.html", {"home": home_for(request.user)})


@login_required
def team_detail(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access.access_team(request.user, team_id)
    members = selectors.team_members(team=team)
    outlines = None
    if team.leidinggevende_id == request.user.pk:
        # The leidinggevende of this team sees each member's traject outline and hours.
        led = list(access.led_team_members_for(request.user).filter(team=team))
        outlines = traject_selectors.outlines_for_users(viewer=request.user, users=led)
        members = list(members)
        overview = profcirkel_selectors.manager_view(leidinggevende=request.user, members=led)
        for member in members:
            member.traject_outline = outlines.get(member.pk)
            member.manager_view = overview.get(member.pk)
    return render(
        request,
        "werkplekleren/team_detail.html",
        {"team": team, "members": members, "show_outlines": outlines is not None},
    )
