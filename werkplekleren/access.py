"""The one place that decides who may see what.

Every view, API endpoint and Celery task fetches objects and lists through the functions in
this module, never through ``Model.objects.get(pk=<user input>)``. Lists are scoped to the
requesting user's organisation and role; a forbidden or foreign object raises ``Http404``
(never 403: a stranger must not learn that something exists).

``MATRIX`` is the "Who sees what" table of the design brief, written down once. The
privacy boundary is part of the method: a leidinggevende sees hours used and proposals,
never how someone learned. Later apps add ``access_*`` helpers here that consult it.
"""

from enum import StrEnum

from django.db.models import QuerySet
from django.http import Http404

from weekcyclus.models import Groep, GroepMember

from .models import Role, Team, User


class Asset(StrEnum):
    """What can be seen (the columns of the design brief's table)."""

    TRAJECT_FULL = "traject_full"  # own Prof-traject with activities and reflections
    TRAJECT_OUTLINE = "traject_outline"  # period, chosen questions, goals
    PROGRESS_SIGNALS = "progress_signals"  # active / stalled / ending, never content
    SESSION_CONTENT = "session_content"  # what a group wrote in its sessions
    PROPOSALS = "proposals"  # validated verbetervoorstellen
    HOURS = "hours"  # hours used by one person
    HOURS_AGGREGATE = "hours_aggregate"  # hours over a team or the organisation
    CONVERSATIONS = "conversations"  # shared part of Talentontwikkelgesprekken
    DIRECTORY = "directory"  # colleagues' names, teams and roles
    PEOPLE_ADMIN = "people_admin"  # create teams, bring people in, deactivate


class Scope(StrEnum):
    """How far a role's view reaches for an asset."""

    OWN = "own"  # only what is one's own
    OWN_GROUPS = "own_groups"  # the groups one is an active member of
    AS_PARTICIPANT = "as_participant"  # conversations one takes part in
    TEAM = "team"  # the members of the teams one leads
    ORGANISATION = "organisation"  # the whole own organisation


MATRIX: dict[str, dict[Asset, Scope]] = {
    Role.PROFESSIONAL: {
        Asset.TRAJECT_FULL: Scope.OWN,
        Asset.TRAJECT_OUTLINE: Scope.OWN,
        Asset.SESSION_CONTENT: Scope.OWN_GROUPS,
        Asset.PROPOSALS: Scope.OWN_GROUPS,
        Asset.HOURS: Scope.OWN,
        Asset.CONVERSATIONS: Scope.OWN,
        Asset.DIRECTORY: Scope.ORGANISATION,
    },
    Role.LEIDINGGEVENDE: {
        Asset.TRAJECT_OUTLINE: Scope.TEAM,
        Asset.PROPOSALS: Scope.TEAM,
        Asset.HOURS: Scope.TEAM,
        Asset.HOURS_AGGREGATE: Scope.TEAM,
        Asset.CONVERSATIONS: Scope.AS_PARTICIPANT,
        Asset.DIRECTORY: Scope.ORGANISATION,
    },
    Role.LO: {
        Asset.TRAJECT_OUTLINE: Scope.ORGANISATION,
        Asset.PROGRESS_SIGNALS: Scope.ORGANISATION,
        Asset.PROPOSALS: Scope.ORGANISATION,
        Asset.HOURS_AGGREGATE: Scope.ORGANISATION,
        Asset.DIRECTORY: Scope.ORGANISATION,
    },
    # The organisation admin runs the organisation, not anyone's learning.
    Role.ADMIN: {
        Asset.DIRECTORY: Scope.ORGANISATION,
        Asset.PEOPLE_ADMIN: Scope.ORGANISATION,
    },
}


def scopes(user: User, asset: Asset) -> frozenset[Scope]:
    """Every scope through which ``user`` may see ``asset`` (the union over their roles)."""
    if not _is_member(user):
        return frozenset()
    return frozenset(MATRIX[role][asset] for role in user.roles if asset in MATRIX[role])


def can(user: User, asset: Asset, scope: Scope) -> bool:
    return scope in scopes(user, asset)


def _is_member(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.organisation_id)


def _get_or_404(queryset: QuerySet, pk: object):
    try:
        return queryset.get(pk=int(pk))
    except (TypeError, ValueError, queryset.model.DoesNotExist) as exc:
        raise Http404 from exc


# --- Teams and people ----------------------------------------------------------------------


def teams_for(user: User) -> QuerySet[Team]:
    """The teams of the user's organisation (the directory every member may read)."""
    if not scopes(user, Asset.DIRECTORY):
        return Team.objects.none()
    return Team.objects.filter(organisation_id=user.organisation_id).select_related(
        "leidinggevende"
    )


def access_team(user: User, team_id: object) -> Team:
    return _get_or_404(teams_for(user), team_id)


def people_for(user: User) -> QuerySet[User]:
    """Active colleagues in the user's organisation: names, teams and roles only."""
    if not scopes(user, Asset.DIRECTORY):
        return User.objects.none()
    return User.objects.filter(organisation_id=user.organisation_id, is_active=True)


def access_person(user: User, person_id: object) -> User:
    return _get_or_404(people_for(user).select_related("team"), person_id)


def led_team_members_for(user: User) -> QuerySet[User]:
    """The people in the teams this user leads (the TEAM scope)."""
    if Role.LEIDINGGEVENDE not in user.roles:
        return User.objects.none()
    return people_for(user).filter(
        team__leidinggevende=user, team__organisation_id=user.organisation_id
    )


# --- Groups (weekcyclus) -------------------------------------------------------------------


def groepen_for(user: User) -> QuerySet[Groep]:
    """Groups whose session content the user may read: those they are an active member of."""
    if Scope.OWN_GROUPS not in scopes(user, Asset.SESSION_CONTENT):
        return Groep.objects.none()
    return Groep.objects.filter(
        organisation_id=user.organisation_id,
        members__user=user,
        members__status=GroepMember.Status.ACTIVE,
    ).distinct()


def access_groep(user: User, groep_id: object) -> Groep:
    return _get_or_404(groepen_for(user), groep_id)
