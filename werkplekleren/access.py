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

from django.db.models import Q, QuerySet
from django.http import Http404

from didactiek.models import Verbetervoorstel, VoorstelDraft, Werksituatie
from profcirkel.models import Agendapunt, Gespreksafspraak, ProfCirkel, Talentontwikkelgesprek
from trajecten.models import Leeractiviteit, LeerpadSuggestie, ProfTraject
from weekcyclus.models import (
    Afspraak,
    AgendaFeed,
    Bijdrage,
    Deelnemer,
    GastUitnodiging,
    Groep,
    GroepMember,
    Sessie,
    Weekcyclus,
)

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
    if not _is_member(user):
        return frozenset()
    return frozenset(MATRIX[role][asset] for role in user.roles if asset in MATRIX[role])


def can(user: User, asset: Asset, scope: Scope) -> bool:
    return scope in scopes(user, asset)


def _is_member(user: User) -> bool:
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


def _get_or_404(queryset: QuerySet, pk: object):
    try:
        return queryset.get(pk=parse_id(pk))
    except queryset.model.DoesNotExist as exc:
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
    above, seen = [], {team.pk}
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
        Team.objects.filter(organisation_id=user.organisation_id, leidinggevende=user).values_list(
            "pk", flat=True
        )
    )
    return led | teams_below(led, organisation_id=user.organisation_id) if led else set()


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
    return User.objects.filter(organisation_id=user.organisation_id, is_active=True)


def access_person(user: User, person_id: object) -> User:
    return _get_or_404(people_for(user).select_related("team"), person_id)


def access_organisation_admin(user: User):
    """The user's own organisation, for its administrators; anyone else gets a 404."""
    if Scope.ORGANISATION not in scopes(user, Asset.PEOPLE_ADMIN):
        raise Http404
    return user.organisation


def managed_people_for(user: User) -> QuerySet[User]:
    """Everyone of the organisation, deactivated people included, for its administrators."""
    if Scope.ORGANISATION not in scopes(user, Asset.PEOPLE_ADMIN):
        return User.objects.none()
    return User.objects.filter(organisation_id=user.organisation_id)


def access_managed_person(user: User, person_id: object) -> User:
    return _get_or_404(managed_people_for(user).select_related("organisation"), person_id)


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
    # A subquery, not a join on ``members``: a join would also narrow any later
    # ``Count("members")`` to the user's own row (every group would count one member).
    return Groep.objects.filter(
        organisation_id=user.organisation_id,
        pk__in=GroepMember.objects.filter(user=user, status=GroepMember.Status.ACTIVE).values(
            "groep_id"
        ),
    )


def access_groep(user: User, groep_id: object) -> Groep:
    return _get_or_404(groepen_for(user), groep_id)


def groep_invitations_for(user: User) -> QuerySet[GroepMember]:
    """Open invitations addressed to the user (they may answer them, nothing more)."""
    if not scopes(user, Asset.DIRECTORY):
        return GroepMember.objects.none()
    return GroepMember.objects.filter(
        user=user,
        status=GroepMember.Status.INVITED,
        groep__organisation_id=user.organisation_id,
    ).select_related("groep", "invited_by")


def access_groep_invitation(user: User, member_id: object) -> GroepMember:
    return _get_or_404(groep_invitations_for(user), member_id)


# --- Weekcycli and sessions: session content, for the group's active members ---------------


def weekcycli_for(user: User) -> QuerySet[Weekcyclus]:
    return Weekcyclus.objects.filter(groep__in=groepen_for(user))


def access_weekcyclus(user: User, weekcyclus_id: object) -> Weekcyclus:
    return _get_or_404(weekcycli_for(user).select_related("groep"), weekcyclus_id)


def sessies_for(user: User) -> QuerySet[Sessie]:
    return Sessie.objects.filter(weekcyclus__groep__in=groepen_for(user))


def access_sessie(user: User, sessie_id: object) -> Sessie:
    return _get_or_404(sessies_for(user).select_related("weekcyclus__groep"), sessie_id)


def _code(value: object) -> str:
    """A join code, token or ticket from user input: spaces and case forgiven; anything no
    code can be (a NUL, which the database refuses, or a very long text) finds nothing."""
    code = "".join(str(value).split())
    if "\x00" in code or len(code) > 200:
        raise Http404
    return code


def access_sessie_by_code(user: User, code: str) -> Sessie:
    """A member opens a session with its short join code (case and spaces forgiven)."""
    code = _code(code).upper()
    try:
        return sessies_for(user).select_related("weekcyclus__groep").get(join_code=code)
    except Sessie.DoesNotExist as exc:
        raise Http404 from exc


def access_gast_invitation(token: str) -> GastUitnodiging:
    """A guest link: valid only until its session ends. Anything else is a 404."""
    invitation = (
        GastUitnodiging.objects.select_related("sessie__weekcyclus__groep")
        .filter(token=_code(token))
        .first()
    )
    if invitation is None or not invitation.is_valid():
        raise Http404
    return invitation


def access_deelnemer(user: User, sessie: Sessie) -> Deelnemer:
    """A member's own participation in ``sessie`` (guests: access_guest_participation)."""
    deelnemer = (
        Deelnemer.objects.filter(user=user, sessie=sessie, sessie__in=sessies_for(user))
        .select_related("sessie__weekcyclus__groep")
        .first()
    )
    if deelnemer is None:
        raise Http404
    return deelnemer


def access_idee(sessie: Sessie, idee_id: object) -> Bijdrage:
    return _get_or_404(sessie.bijdragen.filter(kind=Bijdrage.Kind.IDEE), idee_id)


def access_agenda_feed(token: str) -> AgendaFeed:
    """The private iCalendar URL: the token is the credential; a deactivated person's feed
    is gone."""
    feed = AgendaFeed.objects.select_related("user").filter(token=_code(token)).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    return feed


def access_guest_participation(code: str, guest_deelnemer_ids: list) -> Deelnemer:
    """A guest's own participation in the session with this join code, remembered in their
    browser session; only while the guest link is valid."""
    code = _code(code).upper()
    deelnemer = (
        Deelnemer.objects.select_related("gast", "sessie__weekcyclus__groep")
        .filter(pk__in=guest_deelnemer_ids, sessie__join_code=code, gast__isnull=False)
        .first()
    )
    if deelnemer is None or not deelnemer.gast.is_valid():
        raise Http404
    return deelnemer


def access_guest_after_close(code: str, guest_deelnemer_ids: list) -> Deelnemer:
    """A guest's own participation in a session that has closed (their link expired with
    it): enough to show them the "sessie afgerond" page with what the group made."""
    code = "".join(str(code).split()).upper()
    deelnemer = (
        Deelnemer.objects.select_related("gast", "sessie__weekcyclus__groep")
        .filter(
            pk__in=guest_deelnemer_ids,
            sessie__join_code=code,
            sessie__state=Sessie.State.CLOSED,
            gast__isnull=False,
        )
        .first()
    )
    if deelnemer is None:
        raise Http404
    return deelnemer


def access_groep_afspraak(sessie: Sessie, afspraak_id: object) -> Afspraak:
    """An agreement of the same group as ``sessie`` (to review it at check-in)."""
    return _get_or_404(
        Afspraak.objects.filter(sessie__weekcyclus__groep_id=sessie.weekcyclus.groep_id),
        afspraak_id,
    )


def access_werksituatie(sessie: Sessie, werksituatie_id: object) -> Werksituatie | None:
    """A werksituatie of the session's own cycle; empty input means "none chosen"."""
    if werksituatie_id in (None, ""):
        return None
    return _get_or_404(sessie.weekcyclus.werksituaties.all(), werksituatie_id)


# --- Groups: who takes part and who can be asked -------------------------------------------


def may_join_groepen(user: User) -> bool:
    """Whether the user learns in self-chosen groups (reads the content of their own groups)."""
    return Scope.OWN_GROUPS in scopes(user, Asset.SESSION_CONTENT)


def groep_candidates_for(user: User) -> QuerySet[User]:
    """Colleagues the user may ask into a group: the active professionals of the user's own
    organisation, the user excluded (from the directory every member may read)."""
    if not may_join_groepen(user):
        return User.objects.none()
    return (
        people_for(user)
        .filter(
            role_assignments__role=Role.PROFESSIONAL,
            role_assignments__organisation_id=user.organisation_id,
        )
        .exclude(pk=user.pk)
    )


def access_draft(sessie: Sessie, draft_id: object) -> VoorstelDraft:
    return _get_or_404(sessie.drafts.all(), draft_id)


# --- Prof-trajecten: the full traject is the owner's; others see the outline only ----------


def own_trajecten_for(user: User) -> QuerySet[ProfTraject]:
    """The user's own trajecten, with everything in them (activities, reflections, needs)."""
    if Scope.OWN not in scopes(user, Asset.TRAJECT_FULL):
        return ProfTraject.objects.none()
    return ProfTraject.objects.filter(user=user, organisation_id=user.organisation_id)


def access_own_traject(user: User, traject_id: object) -> ProfTraject:
    return _get_or_404(own_trajecten_for(user), traject_id)


def access_activiteit(user: User, activiteit_id: object) -> Leeractiviteit:
    """An activity of one's own traject; for everyone else it does not exist."""
    return _get_or_404(
        Leeractiviteit.objects.filter(traject__in=own_trajecten_for(user)).select_related(
            "traject"
        ),
        activiteit_id,
    )


def access_leerpad_suggestie(user: User, suggestie_id: object) -> LeerpadSuggestie:
    return _get_or_404(
        LeerpadSuggestie.objects.filter(
            leerpad__traject__in=own_trajecten_for(user)
        ).select_related("leerpad__traject"),
        suggestie_id,
    )


def traject_outlines_for(user: User) -> QuerySet[ProfTraject]:
    """Trajecten whose outline (ambition, period, active weeks, chosen questions, hours,
    proposals count) the user may see: their own, their team members' (leidinggevende),
    the organisation's (L&O). Never a way to the activities."""
    reach = scopes(user, Asset.TRAJECT_OUTLINE)
    if not reach:
        return ProfTraject.objects.none()
    base = ProfTraject.objects.filter(organisation_id=user.organisation_id)
    if Scope.ORGANISATION in reach:
        return base
    condition = Q(pk__in=[])
    if Scope.OWN in reach:
        condition |= Q(user=user)
    if Scope.TEAM in reach:
        condition |= Q(user__in=led_team_members_for(user))
    return base.filter(condition)


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


def access_traject_outline(user: User, traject_id: object) -> ProfTraject:
    return _get_or_404(traject_outlines_for(user).select_related("user"), traject_id)


# --- Talentontwikkelgesprekken and the Prof-cirkel ------------------------------------------


def gesprekken_for(user: User) -> QuerySet[Talentontwikkelgesprek]:
    """Conversations the user takes part in, as professional or as leidinggevende. L&O and
    admins have no way in: the record is the two participants' alone."""
    if not scopes(user, Asset.CONVERSATIONS):
        return Talentontwikkelgesprek.objects.none()
    return Talentontwikkelgesprek.objects.filter(
        Q(professional=user) | Q(leidinggevende=user), organisation_id=user.organisation_id
    )


def access_gesprek(user: User, gesprek_id: object) -> Talentontwikkelgesprek:
    return _get_or_404(
        gesprekken_for(user).select_related("professional", "leidinggevende"), gesprek_id
    )


def agendapunten_visible(user: User, gesprek: Talentontwikkelgesprek) -> QuerySet[Agendapunt]:
    """Shared points, and the user's own private ones. Someone else's private point never."""
    return gesprek.agendapunten.filter(Q(shared=True) | Q(author=user)).select_related("author")


def agendapunten_visible_to(user: User) -> QuerySet[Agendapunt]:
    """The same rule for many conversations at once (a ``Prefetch`` queryset for lists)."""
    return Agendapunt.objects.filter(Q(shared=True) | Q(author=user)).select_related("author")


def access_agendapunt(user: User, punt_id: object) -> Agendapunt:
    """A talking point the user may change: their own, in a conversation they are part of."""
    return _get_or_404(
        Agendapunt.objects.filter(gesprek__in=gesprekken_for(user)).filter(
            Q(shared=True) | Q(author=user)
        ),
        punt_id,
    )


def access_gespreksafspraak(user: User, afspraak_id: object) -> Gespreksafspraak:
    return _get_or_404(
        Gespreksafspraak.objects.filter(gesprek__in=gesprekken_for(user)).select_related("gesprek"),
        afspraak_id,
    )


def cirkels_for(user: User) -> QuerySet[ProfCirkel]:
    """Circles the user sits in (their team's, or as invited L&O); L&O see every circle's
    proposals of their organisation (PROPOSALS at organisation scope)."""
    if not _is_member(user):
        return ProfCirkel.objects.none()
    base = ProfCirkel.objects.filter(organisation_id=user.organisation_id)
    if Scope.ORGANISATION in scopes(user, Asset.PROPOSALS):
        return base
    # Own team, led teams, invited: conditions on small id sets, no join over every member.
    own = Q(pk=user.team_id) if user.team_id else Q(pk__in=[])
    return base.filter(
        Q(team_id__in=Team.objects.filter(own | Q(leidinggevende=user)).values("pk"))
        | Q(pk__in=ProfCirkel.invited.through.objects.filter(user=user).values("profcirkel_id"))
    )


def access_cirkel(user: User, cirkel_id: object) -> ProfCirkel:
    return _get_or_404(cirkels_for(user).select_related("team__leidinggevende"), cirkel_id)


def voorstellen_for(user: User) -> QuerySet[Verbetervoorstel]:
    """Validated proposals the user may read: their own groups' (professional), those in
    the circles they sit in (team, L&O invited), the whole organisation's (L&O)."""
    reach = scopes(user, Asset.PROPOSALS)
    if not reach:
        return Verbetervoorstel.objects.none()
    base = Verbetervoorstel.objects.filter(organisation_id=user.organisation_id).exclude(
        status=Verbetervoorstel.Status.CONCEPT
    )
    if Scope.ORGANISATION in reach:
        return base
    # The ids the user may read, gathered from the small side (their groups' sessions, the
    # circles they sit in) as one UNION the database answers before it sorts. An OR over
    # joins made PostgreSQL join and sort all the organisation's proposals first (issue 13);
    # each part here is a plain join the planner estimates well. Same reach as before:
    # own groups, and ``cirkels_for`` (own team's circle, led teams' circles, invited).
    ids = Verbetervoorstel.objects.values("pk")
    sources = [ids.filter(cirkel__team__leidinggevende=user), ids.filter(cirkel__invited=user)]
    if user.team_id:
        sources.append(ids.filter(cirkel__team_id=user.team_id))
    if Scope.OWN_GROUPS in reach and Scope.OWN_GROUPS in scopes(user, Asset.SESSION_CONTENT):
        sources.append(
            ids.filter(
                sessie__weekcyclus__groep__members__user=user,
                sessie__weekcyclus__groep__members__status=GroepMember.Status.ACTIVE,
            )
        )
    first, *rest = sources
    return base.filter(pk__in=first.union(*rest))


SUBMITTED = (
    Verbetervoorstel.Status.INGEDIEND,
    Verbetervoorstel.Status.BEANTWOORD,
    Verbetervoorstel.Status.IN_UITVOERING,
    Verbetervoorstel.Status.GEREALISEERD,
    Verbetervoorstel.Status.EFFECT_BEOORDEELD,
)


def circle_voorstellen_for(user: User) -> QuerySet[Verbetervoorstel]:
    """Proposals submitted to the Prof-cirkel of a team the user leads: what a leidinggevende
    sees of their team members' proposals (a validated proposal that never reached the circle
    stays the group's)."""
    if Scope.TEAM not in scopes(user, Asset.PROPOSALS):
        return Verbetervoorstel.objects.none()
    return voorstellen_for(user).filter(
        cirkel__team__leidinggevende=user,
        cirkel__team__organisation_id=user.organisation_id,
        status__in=SUBMITTED,
    )


def bank_voorstellen_for(user: User) -> QuerySet[Verbetervoorstel]:
    """The proposal bank: every proposal of the organisation submitted to a Prof-cirkel. The
    bank's pages read only what the bank may show (title, problem statement, steps, status,
    the organisation's answer, effect); never session notes, reviews or votes."""
    if Scope.ORGANISATION not in scopes(user, Asset.PROPOSAL_BANK):
        return Verbetervoorstel.objects.none()
    return Verbetervoorstel.objects.filter(
        organisation_id=user.organisation_id, status__in=SUBMITTED, submitted_at__isnull=False
    )


def access_bank_voorstel(user: User, voorstel_id: object) -> Verbetervoorstel:
    return _get_or_404(
        bank_voorstellen_for(user).select_related("cirkel__team", "sessie__weekcyclus__groep"),
        voorstel_id,
    )


def opbrengsten_reach(user: User) -> tuple[int, set[int] | None]:
    """Whose yields the user may see: (organisation id, None) for the whole organisation
    (L&O), or (organisation id, team ids) for a leidinggevende: the teams they lead and every
    team below them. Anyone else gets a 404."""
    reach = scopes(user, Asset.YIELDS)
    if Scope.ORGANISATION in reach:
        return user.organisation_id, None
    if Scope.TEAM in reach:
        teams = led_teams_with_below(user)
        if teams:
            return user.organisation_id, teams
    raise Http404


def led_gesprekken_for(user: User) -> QuerySet[Talentontwikkelgesprek]:
    """The conversations the user holds as leidinggevende."""
    return gesprekken_for(user).filter(leidinggevende=user)


def access_voorstel(user: User, voorstel_id: object) -> Verbetervoorstel:
    return _get_or_404(
        voorstellen_for(user).select_related("sessie__weekcyclus__groep", "cirkel__team"),
        voorstel_id,
    )


# --- L&O dashboard and support messages -----------------------------------------------------


def access_lo_dashboard(user: User) -> int:
    """The organisation id whose progress signals and aggregates the user may see (L&O);
    anyone else gets a 404."""
    if Scope.ORGANISATION not in scopes(user, Asset.PROGRESS_SIGNALS):
        raise Http404
    return user.organisation_id


def lo_professionals_for(user: User) -> QuerySet[User]:
    """The active professionals of the organisation, for L&O (signals, support messages)."""
    if Scope.ORGANISATION not in scopes(user, Asset.PROGRESS_SIGNALS):
        return User.objects.none()
    return people_for(user).filter(
        role_assignments__role=Role.PROFESSIONAL,
        role_assignments__organisation_id=user.organisation_id,
    )


def support_berichten_for(user: User):
    """Support messages addressed to the user, within their organisation (theirs alone)."""
    from trajecten.models import SupportBericht

    if not _is_member(user):
        return SupportBericht.objects.none()
    return SupportBericht.objects.filter(to_user=user, organisation_id=user.organisation_id)


def access_support_bericht(user: User, bericht_id: object):
    return _get_or_404(support_berichten_for(user), bericht_id)


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
    "werkplekleren/api/views.py:GroepViewSet.get_queryset:GroepMember": _PREFETCH,
    "werkplekleren/api/views.py:WeekcyclusViewSet.get_queryset:Sessie": _PREFETCH,
    "werkplekleren/api/views.py:_activiteiten:Leeractiviteit": _PREFETCH,
    "werkplekleren/api/views.py:_ideas:Bijdrage": _PREFETCH,
    "werkplekleren/api/views.py:_own_activiteiten:Leeractiviteit": "own_trajecten_for",
    "werkplekleren/selectors.py:home_for:GroepMember": "the user's own invitations",
}
