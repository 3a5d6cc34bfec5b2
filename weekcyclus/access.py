"""Who may read the groups, their weeks and sessions, and the proposals they make.

The rules are the matrix in ``werkplekleren.access`` (session content: the group's active
members; proposals: own groups, the circles one sits in, the organisation for L&O); the
helpers for this app's objects live here, beside their models. Forbidden, foreign or
malformed ids raise ``Http404``.
"""

from django.db.models import QuerySet
from django.http import Http404

from didactiek.models import Verbetervoorstel, VoorstelDraft, Werksituatie
from werkplekleren.access import (
    Asset,
    Scope,
    clean_code,
    get_or_404,
    organisation_of,
    people_for,
    scopes,
)
from werkplekleren.models import Role, User

from .models import (
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


def groepen_for(user: User) -> QuerySet[Groep]:
    """Groups whose session content the user may read: those they are an active member of."""
    if Scope.OWN_GROUPS not in scopes(user, Asset.SESSION_CONTENT):
        return Groep.objects.none()
    # A subquery, not a join on ``members``: a join would also narrow any later
    # ``Count("members")`` to the user's own row (every group would count one member).
    return Groep.objects.filter(
        organisation_id=organisation_of(user),
        pk__in=GroepMember.objects.filter(user=user, status=GroepMember.Status.ACTIVE).values(
            "groep_id"
        ),
    )


def access_groep(user: User, groep_id: object) -> Groep:
    return get_or_404(groepen_for(user), groep_id)


def groep_invitations_for(user: User) -> QuerySet[GroepMember]:
    """Open invitations addressed to the user (they may answer them, nothing more)."""
    if not scopes(user, Asset.DIRECTORY):
        return GroepMember.objects.none()
    return GroepMember.objects.filter(
        user=user,
        status=GroepMember.Status.INVITED,
        groep__organisation_id=organisation_of(user),
    ).select_related("groep", "invited_by")


def access_groep_invitation(user: User, member_id: object) -> GroepMember:
    return get_or_404(groep_invitations_for(user), member_id)


def weekcycli_for(user: User) -> QuerySet[Weekcyclus]:
    return Weekcyclus.objects.filter(groep__in=groepen_for(user))


def access_weekcyclus(user: User, weekcyclus_id: object) -> Weekcyclus:
    return get_or_404(weekcycli_for(user).select_related("groep"), weekcyclus_id)


def sessies_for(user: User) -> QuerySet[Sessie]:
    return Sessie.objects.filter(weekcyclus__groep__in=groepen_for(user))


def access_sessie(user: User, sessie_id: object) -> Sessie:
    return get_or_404(sessies_for(user).select_related("weekcyclus__groep"), sessie_id)


def access_sessie_by_code(user: User, code: str) -> Sessie:
    """A member opens a session with its short join code (case and spaces forgiven)."""
    code = clean_code(code).upper()
    try:
        return sessies_for(user).select_related("weekcyclus__groep").get(join_code=code)
    except Sessie.DoesNotExist as exc:
        raise Http404 from exc


def own_participation_by_code(user: User, code: str) -> Deelnemer | None:
    """A member's own participation in the session with this join code, with the session and
    its group, in one query (every tap on a phone starts here); None when they have none."""
    code = clean_code(code).upper()
    return (
        Deelnemer.objects.filter(user=user, sessie__join_code=code, sessie__in=sessies_for(user))
        .select_related("sessie__weekcyclus__groep")
        .first()
    )


def access_gast_invitation(token: str) -> GastUitnodiging:
    """A guest link: valid only until its session ends. Anything else is a 404."""
    invitation = (
        GastUitnodiging.objects.select_related("sessie__weekcyclus__groep")
        .filter(token=clean_code(token))
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
    return get_or_404(sessie.bijdragen.filter(kind=Bijdrage.Kind.IDEE), idee_id)


def access_agenda_feed(token: str) -> AgendaFeed:
    """The private iCalendar URL: the token is the credential; a deactivated person's feed
    is gone."""
    feed = AgendaFeed.objects.select_related("user").filter(token=clean_code(token)).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    return feed


def access_guest_participation(code: str, guest_deelnemer_ids: list) -> Deelnemer:
    """A guest's own participation in the session with this join code, remembered in their
    browser session; only while the guest link is valid."""
    code = clean_code(code).upper()
    deelnemer = (
        Deelnemer.objects.select_related("gast", "sessie__weekcyclus__groep")
        .filter(pk__in=guest_deelnemer_ids, sessie__join_code=code, gast__isnull=False)
        .first()
    )
    if deelnemer is None or deelnemer.gast is None or not deelnemer.gast.is_valid():
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
    return get_or_404(
        Afspraak.objects.filter(sessie__weekcyclus__groep_id=sessie.weekcyclus.groep_id),
        afspraak_id,
    )


def access_werksituatie(sessie: Sessie, werksituatie_id: object) -> Werksituatie | None:
    """A werksituatie of the session's own cycle; empty input means "none chosen"."""
    if werksituatie_id in (None, ""):
        return None
    return get_or_404(sessie.weekcyclus.werksituaties.all(), werksituatie_id)


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
            role_assignments__organisation_id=organisation_of(user),
        )
        .exclude(pk=user.pk)
    )


def access_draft(sessie: Sessie, draft_id: object) -> VoorstelDraft:
    return get_or_404(sessie.drafts.all(), draft_id)


def voorstellen_for(user: User) -> QuerySet[Verbetervoorstel]:
    """Validated proposals the user may read: their own groups' (professional), those in
    the circles they sit in (team, L&O invited), the whole organisation's (L&O)."""
    reach = scopes(user, Asset.PROPOSALS)
    if not reach:
        return Verbetervoorstel.objects.none()
    base = Verbetervoorstel.objects.filter(organisation_id=organisation_of(user)).exclude(
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


def access_voorstel(user: User, voorstel_id: object) -> Verbetervoorstel:
    return get_or_404(
        voorstellen_for(user).select_related("sessie__weekcyclus__groep", "cirkel__team"),
        voorstel_id,
    )
