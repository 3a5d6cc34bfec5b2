"""The one place that decides who may see what.

Every view, API endpoint and Celery task fetches objects and lists through the access
helpers, never through ``Model.objects.get(pk=<user input>)``: the core's (teams, people,
the L&O dashboard) here, each app's beside its models (``weekcyclus/access.py``,
``trajecten/access.py``, ``profcirkel/access.py``), all consulting ``MATRIX``. Lists are
scoped to the requesting user's organisation and role; a forbidden or foreign object raises
``Http404`` (never 403: a stranger must not learn that something exists).

``MATRIX`` is the "Who sees what" table of the design brief, written down once. The
privacy boundary is part of the method: a leidinggevende sees hours used and proposals,
never how someone learned. This module imports no app: the policy can be read and audited
at once, and the apps build on it.
"""

from enum import StrEnum

from django.db.models import QuerySet
from django.http import Http404

from .models import Role, Team, User


class Asset(StrEnum):
    """What can be seen (the columns of the design brief's table)."""

    TRAJECT_FULL = "traject_full"  # own Prof-traject with activities and reflections
    TRAJECT_OUTLINE = "traject_outline"  # period, chosen questions, goals
    PROGRESS_SIGNALS = "progress_signals"  # active / stalled / ending, never content
    SESSION_CONTENT = "session_content"  # what a group wrote in its sessions
    PROPOSALS = "proposals"  # validated verbetervoorstellen
    # Proposals submitted to a Prof-cirkel, organisation-wide (title, problem statement,
    # steps, status, effect; never session notes or votes; names only if the group chose).
    PROPOSAL_BANK = "proposal_bank"
    YIELDS = "yields"  # the opbrengsten page: privacy-safe aggregates (docs/privacy.md)
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
        Asset.PROPOSAL_BANK: Scope.ORGANISATION,
        Asset.HOURS: Scope.OWN,
        Asset.CONVERSATIONS: Scope.OWN,
        Asset.DIRECTORY: Scope.ORGANISATION,
    },
    Role.LEIDINGGEVENDE: {
        Asset.TRAJECT_OUTLINE: Scope.TEAM,
        Asset.PROPOSALS: Scope.TEAM,
        Asset.PROPOSAL_BANK: Scope.ORGANISATION,
        Asset.HOURS: Scope.TEAM,
        Asset.HOURS_AGGREGATE: Scope.TEAM,
        Asset.YIELDS: Scope.TEAM,  # the teams they lead and every team below those
        Asset.CONVERSATIONS: Scope.AS_PARTICIPANT,
        Asset.DIRECTORY: Scope.ORGANISATION,
    },
    Role.LO: {
        Asset.TRAJECT_OUTLINE: Scope.ORGANISATION,
        Asset.PROGRESS_SIGNALS: Scope.ORGANISATION,
        Asset.PROPOSALS: Scope.ORGANISATION,
        Asset.PROPOSAL_BANK: Scope.ORGANISATION,
        Asset.HOURS_AGGREGATE: Scope.ORGANISATION,
        Asset.YIELDS: Scope.ORGANISATION,
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
    if not is_member(user):
        return frozenset()
    return frozenset(MATRIX[role][asset] for role in user.roles if asset in MATRIX[role])


def can(user: User, asset: Asset, scope: Scope) -> bool:
    return scope in scopes(user, asset)


def organisation_of(user: User) -> int:
    """The id of the user's organisation, for filters; 0 (no organisation's id: nothing is
    found) for anyone without one. Helpers call it after ``scopes``, empty for them anyway."""
    return user.organisation_id or 0


def is_member(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.organisation_id)


# Ids are 64-bit signed integers in every database we run on; a number beyond that from
# user input would make the database driver fail (OverflowError on SQLite, DataError on
# PostgreSQL) instead of simply finding nothing.
MAX_ID = 2**63 - 1


def parse_id(value: object) -> int:
    """An id from user input, or ``Http404`` when it is no id at all or out of range."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    if not 0 < number <= MAX_ID:
        raise Http404
    return number


def parse_ids(values) -> list[int]:
    """The valid ids among user input (for lists of checkboxes); anything else is dropped."""
    found = []
    for value in values:
        try:
            found.append(parse_id(value))
        except Http404:
            continue
    return found


def get_or_404(queryset: QuerySet, pk: object):
    try:
        return queryset.get(pk=parse_id(pk))
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


# --- Teams and people ----------------------------------------------------------------------


def teams_for(user: User) -> QuerySet[Team]:
    """The teams of the user's organisation (the directory every member may read)."""
    if not scopes(user, Asset.DIRECTORY):
        return Team.objects.none()
    return Team.objects.filter(organisation_id=organisation_of(user)).select_related(
        "leidinggevende"
    )


def access_team(user: User, team_id: object) -> Team:
    return get_or_404(teams_for(user), team_id)


def teams_below(team_ids, *, organisation_id: int) -> set[int]:
    """The ids of every team under ``team_ids`` (children, their children, …), those
    excluded; one query per level, at most ``Team.MAX_DEPTH``."""
    found: set[int] = set()
    level = set(team_ids)
    for _depth in range(Team.MAX_DEPTH):
        level = set(
            Team.objects.filter(organisation_id=organisation_id, parent_id__in=level)
            .exclude(pk__in=found | set(team_ids))
            .values_list("pk", flat=True)
        )
        if not level:
            break
        found |= level
    return found


def teams_above(team: Team) -> list[Team]:
    """The teams above ``team``, nearest first (one query per level)."""
    above: list[Team] = []
    seen = {team.pk}
    current = team.parent if team.parent_id else None
    while current is not None and current.pk not in seen and len(above) < Team.MAX_DEPTH:
        above.append(current)
        seen.add(current.pk)
        current = (
            Team.objects.select_related("leidinggevende").filter(pk=current.parent_id).first()
            if current.parent_id
            else None
        )
    return above


def led_teams_with_below(user: User) -> set[int]:
    """The teams the user leads and every team below them (a leidinggevende's reach upward:
    "their own leidinggevende" is the leidinggevende of the team above)."""
    if Role.LEIDINGGEVENDE not in user.roles:
        return set()
    led = set(
        Team.objects.filter(organisation_id=organisation_of(user), leidinggevende=user).values_list(
            "pk", flat=True
        )
    )
    return led | teams_below(led, organisation_id=organisation_of(user)) if led else set()


def access_team_verantwoording(user: User, team_id: object) -> Team:
    """A team's two-way accountability page: for its members, its leidinggevende, the
    leidinggevenden of the teams above it (accountability upward), and the leidinggevenden
    of the teams directly below it (the team above answers to them in turn)."""
    team = access_team(user, team_id)
    if user.team_id == team.pk or team.leidinggevende_id == user.pk:
        return team
    if Role.LEIDINGGEVENDE in user.roles:
        if team.pk in led_teams_with_below(user):
            return team
        if Team.objects.filter(parent=team, leidinggevende=user).exists():
            return team
    raise Http404


def people_for(user: User) -> QuerySet[User]:
    """Active colleagues in the user's organisation: names, teams and roles only."""
    if not scopes(user, Asset.DIRECTORY):
        return User.objects.none()
    return User.objects.filter(organisation_id=organisation_of(user), is_active=True)


def access_person(user: User, person_id: object) -> User:
    return get_or_404(people_for(user).select_related("team"), person_id)


def access_organisation_admin(user: User):
    """The user's own organisation, for its administrators; anyone else gets a 404."""
    if Scope.ORGANISATION not in scopes(user, Asset.PEOPLE_ADMIN):
        raise Http404
    return user.organisation


def managed_people_for(user: User) -> QuerySet[User]:
    """Everyone of the organisation, deactivated people included, for its administrators."""
    if Scope.ORGANISATION not in scopes(user, Asset.PEOPLE_ADMIN):
        return User.objects.none()
    return User.objects.filter(organisation_id=organisation_of(user))


def access_managed_person(user: User, person_id: object) -> User:
    return get_or_404(managed_people_for(user).select_related("organisation"), person_id)


def led_team_members_for(user: User) -> QuerySet[User]:
    """The people in the teams this user leads (the TEAM scope)."""
    if Role.LEIDINGGEVENDE not in user.roles:
        return User.objects.none()
    return people_for(user).filter(
        team__leidinggevende=user, team__organisation_id=organisation_of(user)
    )


def clean_code(value: object) -> str:
    """A join code, token or ticket from user input: spaces and case forgiven; anything no
    code can be (a NUL, which the database refuses, or a very long text) finds nothing."""
    code = "".join(str(value).split())
    if "\x00" in code or len(code) > 200:
        raise Http404
    return code


def hours_visible_of(user: User, person_ids) -> set[int]:
    """Of ``person_ids``, those whose own hour figures the user may see (the HOURS asset):
    oneself, and the members of the teams one leads. L&O sees hours as aggregates only
    (HOURS_AGGREGATE), never per person. One query at most."""
    reach = scopes(user, Asset.HOURS)
    ids = {int(pk) for pk in person_ids}
    visible = {user.pk} & ids if Scope.OWN in reach else set()
    if Scope.TEAM in reach and ids - visible:
        visible |= set(
            led_team_members_for(user).filter(pk__in=ids - visible).values_list("pk", flat=True)
        )
    return visible


# --- L&O dashboard and support messages -----------------------------------------------------


def access_lo_dashboard(user: User) -> int:
    """The organisation id whose progress signals and aggregates the user may see (L&O);
    anyone else gets a 404."""
    if Scope.ORGANISATION not in scopes(user, Asset.PROGRESS_SIGNALS):
        raise Http404
    return organisation_of(user)


def lo_professionals_for(user: User) -> QuerySet[User]:
    """The active professionals of the organisation, for L&O (signals, support messages)."""
    if Scope.ORGANISATION not in scopes(user, Asset.PROGRESS_SIGNALS):
        return User.objects.none()
    return people_for(user).filter(
        role_assignments__role=Role.PROFESSIONAL,
        role_assignments__organisation_id=organisation_of(user),
    )


# --- Reads of private models outside this module -------------------------------------------
#
# Selectors, screens and API views fetch private rows through the helpers above. A few
# reads query a private model directly *after* access was decided: they start from an object
# an access helper gave (a session, a traject, a group), or they are the L&O aggregates
# behind ``access_lo_dashboard``. Each is listed here with the reason it is safe;
# tests/werkplekleren/test_access_registry.py scans the code and fails on any direct read
# of a private model that is not listed (so a new one gets reviewed, not slipped in).
PRIVATE_MODELS = frozenset(
    {
        "Afspraak",
        "AgendaFeed",
        "Agendapunt",
        "Bijdrage",
        "Bijeenkomst",
        "Deelnemer",
        "GastUitnodiging",
        "Gespreksafspraak",
        "Groep",
        "GroepMember",
        "Leeractiviteit",
        "LeerpadSuggestie",
        "LeerpadVoorstel",
        "Leervoornemen",
        "ProfCirkel",
        "ProfTraject",
        "Sessie",
        "Stem",
        "SupportBericht",
        "Talentontwikkelgesprek",
        "Embedding",
        "Maandcijfer",
        "Tijdregistratie",
        "Verbetervoorstel",
        "VoorstelHerkenning",
        "VoorstelIndex",
        "VoorstelVolger",
        "VoorstelDraft",
        "VoorstelUpdate",
        "Vraagkeuze",
        "Weekcyclus",
        "Werksituatie",
    }
)
_GESPREK = "scoped by a conversation the caller got from access.access_gesprek"
_TRAJECT = "scoped by a traject the caller got from an access helper (own or outline)"
_SESSIE = "scoped by a session the caller got from access.access_sessie / _by_code"
_LO = "an L&O aggregate or signal: access_lo_dashboard first, organisation-filtered"
_PREFETCH = "a Prefetch inside a queryset that an access helper already scoped"
_OWN_EXPORT = "the requesting user's own rows only (AVG export; others' private points never)"
_ERASE = "the erasure of one person, by their organisation's administrator (a write)"
_BANK = "the proposal bank: submitted proposals, organisation-wide (PROPOSAL_BANK)"
_YIELDS = "opbrengsten: counts and sums behind access.opbrengsten_reach, never a row shown"
REVIEWED_READS: dict[str, str] = {
    "didactiek/voorstellen.py:voorstel_of:Verbetervoorstel": (
        "get-or-create of the proposal of a session the caller got from access (a write)"
    ),
    "didactiek/similar.py:cards:Verbetervoorstel": _BANK + " (ids from the bank's index)",
    "didactiek/similar.py:embedding_ranked:Embedding": _BANK + " (vectors, no text)",
    "didactiek/similar.py:embedding_ranked:VoorstelIndex": _BANK,
    "didactiek/similar.py:embedding_compute:Embedding": "the worker's own job row",
    "didactiek/similar.py:embeddings_send_queued:Embedding": "job rows (beat), no content",
    "didactiek/similar.py:embedding_request:Embedding": "the job row of a text (a write)",
    "didactiek/similar.py:similar_ids:Embedding": "the vector of the caller's own text",
    "didactiek/similar.py:voorstel_index:VoorstelIndex": "a write at submission",
    "profcirkel/bank.py:_annotated:VoorstelHerkenning": _BANK + " (counts; the user's own)",
    "profcirkel/bank.py:_annotated:VoorstelVolger": _BANK + " (the user's own)",
    "profcirkel/bank.py:credit_names:Groep": _BANK + " (names of groups that chose to show)",
    "profcirkel/bank.py:credit_names:GroepMember": _BANK
    + " (names of groups that chose to show them)",
    "profcirkel/opbrengsten.py:_base:Verbetervoorstel": _YIELDS,
    "profcirkel/opbrengsten.py:_compute_hours:ProfTraject": _YIELDS + " (sums over ≥5 people)",
    "profcirkel/opbrengsten.py:_compute_hours:Deelnemer": _YIELDS + " (sums over ≥5 people)",
    "profcirkel/opbrengsten.py:_compute_hours:Tijdregistratie": _YIELDS + " (sums over ≥5 people)",
    "profcirkel/opbrengsten.py:hours_months:Maandcijfer": _YIELDS + " (frozen month figures)",
    "profcirkel/selectors.py:_last_held:Talentontwikkelgesprek": _GESPREK,
    "profcirkel/selectors.py:_traject_of:ProfTraject": _GESPREK + " (its professional)",
    "profcirkel/selectors.py:cirkel_list:ProfCirkel": "the circles of access.teams_for",
    "profcirkel/selectors.py:_count_voorstellen:Verbetervoorstel": (
        "counts per circle row of cirkel_list (access.cirkels_for), never a proposal's content"
    ),
    "profcirkel/selectors.py:gesprek_facts:Verbetervoorstel": _GESPREK + " (counts, titles)",
    "profcirkel/selectors.py:in_voorstel_groep:GroepMember": "membership test of the user",
    "profcirkel/selectors.py:next_gesprek:Talentontwikkelgesprek": _GESPREK,
    "profcirkel/selectors.py:updates_for_checkin:Sessie": _SESSIE,
    "profcirkel/selectors.py:updates_for_checkin:VoorstelUpdate": _SESSIE + " (its group)",
    "profcirkel/selectors.py:verantwoording:Gespreksafspraak": "access_team_verantwoording",
    "profcirkel/selectors.py:teams_below_summary:Gespreksafspraak": "access_team_verantwoording"
    " of the team above (counts of the leidinggevenden's own agreements, never their text)",
    "profcirkel/selectors.py:teams_below_summary:Leervoornemen": "access_team_verantwoording"
    " of the team above (counts of shared question-10 wishes only)",
    "profcirkel/selectors.py:verantwoording:Leervoornemen": "access_team_verantwoording "
    "(shared question-10 wishes only)",
    "trajecten/lo_selectors.py:_signal_people:Deelnemer": _LO,
    "trajecten/lo_selectors.py:_signal_people:Tijdregistratie": _LO + " (sums only)",
    "trajecten/lo_selectors.py:_compute_team_months:Deelnemer": _LO + " (five people or more)",
    "trajecten/selectors.py:_outlines:Tijdregistratie": _TRAJECT,
    "trajecten/selectors.py:_proposals_of:Verbetervoorstel": _TRAJECT + " (a count)",
    "trajecten/selectors.py:_session_minutes_per_day:Deelnemer": _TRAJECT,
    "trajecten/selectors.py:hours:Tijdregistratie": _TRAJECT,
    "trajecten/selectors.py:session_suggestions:Deelnemer": _TRAJECT + " (own)",
    "trajecten/selectors.py:session_suggestions:Leervoornemen": _TRAJECT + " (own)",
    "trajecten/selectors.py:session_suggestions:Verbetervoorstel": _TRAJECT + " (own)",
    "werkplekleren/privacy.py:person_export:Afspraak": _OWN_EXPORT,
    "werkplekleren/privacy.py:person_export:Agendapunt": _OWN_EXPORT,
    "werkplekleren/privacy.py:person_export:Bijdrage": _OWN_EXPORT,
    "werkplekleren/privacy.py:person_export:Deelnemer": _OWN_EXPORT,
    "werkplekleren/privacy.py:person_export:Gespreksafspraak": _OWN_EXPORT,
    "werkplekleren/privacy.py:person_export:Leervoornemen": _OWN_EXPORT,
    "werkplekleren/privacy.py:person_export:ProfTraject": _OWN_EXPORT,
    "werkplekleren/privacy.py:person_export:SupportBericht": _OWN_EXPORT,
    "werkplekleren/privacy.py:person_export:Talentontwikkelgesprek": _OWN_EXPORT,
    "werkplekleren/privacy.py:person_export:VoorstelHerkenning": _OWN_EXPORT,
    "werkplekleren/privacy.py:person_export:VoorstelVolger": _OWN_EXPORT,
    "werkplekleren/privacy.py:person_erase:Agendapunt": _ERASE,
    "werkplekleren/privacy.py:person_erase:Deelnemer": _ERASE,
    "werkplekleren/privacy.py:person_erase:GroepMember": _ERASE,
    "werkplekleren/privacy.py:person_erase:Leervoornemen": _ERASE,
    "werkplekleren/privacy.py:person_erase:ProfTraject": _ERASE,
    "werkplekleren/privacy.py:person_erase:SupportBericht": _ERASE,
    "werkplekleren/privacy.py:person_erase:Talentontwikkelgesprek": _ERASE,
    "weekcyclus/live.py:current_version:Sessie": "a version number, no content",
    "weekcyclus/live.py:current_versions:Sessie": "version numbers, no content (the watchdog)",
    # push.py renders a committed change for the sockets of a session; who may hold such a
    # socket was decided by access when it connected (consumers._may_listen).
    "weekcyclus/push.py:_messages:Bijdrage": "a change just committed, for that session's screens",
    "weekcyclus/push.py:_messages:Sessie": "a change just committed, for that session's screens",
    "weekcyclus/push.py:_numbered:Bijdrage": "the number of an idea of that session",
    "weekcyclus/push.py:votes_op:Bijdrage": "a vote count of an idea of that session",
    "weekcyclus/selectors.py:guest_summary:Verbetervoorstel": (
        "the proposal of the session the guest took part in (access_guest_after_close)"
    ),
    "weekcyclus/screens.py:active_members:GroepMember": _SESSIE,
    "weekcyclus/screens.py:my_part:Leervoornemen": _SESSIE + " (the user's own)",
    "weekcyclus/screens.py:my_part:Stem": _SESSIE + " (the user's own)",
    "weekcyclus/screens.py:session_screen:Afspraak": _SESSIE,
    "weekcyclus/screens.py:session_screen:Verbetervoorstel": _SESSIE,
    "weekcyclus/selectors.py:attended_hours:Deelnemer": "the user's own attendance",
    "weekcyclus/selectors.py:groep_erkenning:Verbetervoorstel": "the group's own implemented "
    "proposals (a group from access.access_groep)",
    "weekcyclus/selectors.py:groep_weken:Sessie": _PREFETCH,
    "weekcyclus/api.py:_groepen:GroepMember": _PREFETCH,
    "weekcyclus/api.py:WeekcyclusViewSet.get_queryset:Sessie": _PREFETCH,
    "trajecten/api.py:_activiteiten:Leeractiviteit": _PREFETCH,
    "weekcyclus/api.py:_ideas:Bijdrage": _PREFETCH,
    "trajecten/api.py:_own_activiteiten:Leeractiviteit": "own_trajecten_for",
    "werkplekleren/home.py:home_for:GroepMember": "the user's own invitations",
}
