"""Who may read Talentontwikkelgesprekken (the two participants only) and the Prof-cirkels.

The rules are the matrix in ``werkplekleren.access`` (CONVERSATIONS, PROPOSALS,
PROPOSAL_BANK, YIELDS); the helpers
for this app's objects live here, beside their models.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from didactiek.models import Verbetervoorstel
from weekcyclus.access import SUBMITTED, voorstellen_for
from werkplekleren.access import (
    Asset,
    Scope,
    get_or_404,
    is_member,
    led_teams_with_below,
    organisation_of,
    scopes,
)
from werkplekleren.models import Team, User

from .models import Agendapunt, Gespreksafspraak, ProfCirkel, Talentontwikkelgesprek


def gesprekken_for(user: User) -> QuerySet[Talentontwikkelgesprek]:
    """Conversations the user takes part in, as professional or as leidinggevende. L&O and
    admins have no way in: the record is the two participants' alone."""
    if not scopes(user, Asset.CONVERSATIONS):
        return Talentontwikkelgesprek.objects.none()
    return Talentontwikkelgesprek.objects.filter(
        Q(professional=user) | Q(leidinggevende=user), organisation_id=organisation_of(user)
    )


def access_gesprek(user: User, gesprek_id: object) -> Talentontwikkelgesprek:
    return get_or_404(
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
    return get_or_404(
        Agendapunt.objects.filter(gesprek__in=gesprekken_for(user)).filter(
            Q(shared=True) | Q(author=user)
        ),
        punt_id,
    )


def access_gespreksafspraak(user: User, afspraak_id: object) -> Gespreksafspraak:
    return get_or_404(
        Gespreksafspraak.objects.filter(gesprek__in=gesprekken_for(user)).select_related("gesprek"),
        afspraak_id,
    )


def cirkels_for(user: User) -> QuerySet[ProfCirkel]:
    """Circles the user sits in (their team's, or as invited L&O); L&O see every circle's
    proposals of their organisation (PROPOSALS at organisation scope)."""
    if not is_member(user):
        return ProfCirkel.objects.none()
    base = ProfCirkel.objects.filter(organisation_id=organisation_of(user))
    if Scope.ORGANISATION in scopes(user, Asset.PROPOSALS):
        return base
    # Own team, led teams, invited: conditions on small id sets, no join over every member.
    own = Q(pk=user.team_id) if user.team_id else Q(pk__in=[])
    return base.filter(
        Q(team_id__in=Team.objects.filter(own | Q(leidinggevende=user)).values("pk"))
        | Q(pk__in=ProfCirkel.invited.through.objects.filter(user=user).values("profcirkel_id"))
    )


def access_cirkel(user: User, cirkel_id: object) -> ProfCirkel:
    return get_or_404(cirkels_for(user).select_related("team__leidinggevende"), cirkel_id)


def circle_voorstellen_for(user: User) -> QuerySet[Verbetervoorstel]:
    """Proposals submitted to the Prof-cirkel of a team the user leads: what a leidinggevende
    sees of their team members' proposals (a validated proposal that never reached the circle
    stays the group's)."""
    if Scope.TEAM not in scopes(user, Asset.PROPOSALS):
        return Verbetervoorstel.objects.none()
    return voorstellen_for(user).filter(
        cirkel__team__leidinggevende=user,
        cirkel__team__organisation_id=organisation_of(user),
        status__in=SUBMITTED,
    )


def led_gesprekken_for(user: User) -> QuerySet[Talentontwikkelgesprek]:
    """The conversations the user holds as leidinggevende."""
    return gesprekken_for(user).filter(leidinggevende=user)


def bank_voorstellen_for(user: User) -> QuerySet[Verbetervoorstel]:
    """The proposal bank: every proposal of the organisation submitted to a Prof-cirkel. The
    bank's pages read only what the bank may show (title, problem statement, steps, status,
    the organisation's answer, effect); never session notes, reviews or votes."""
    if Scope.ORGANISATION not in scopes(user, Asset.PROPOSAL_BANK):
        return Verbetervoorstel.objects.none()
    return Verbetervoorstel.objects.filter(
        organisation_id=organisation_of(user), status__in=SUBMITTED, submitted_at__isnull=False
    )


def access_bank_voorstel(user: User, voorstel_id: object) -> Verbetervoorstel:
    return get_or_404(
        bank_voorstellen_for(user).select_related("cirkel__team", "sessie__weekcyclus__groep"),
        voorstel_id,
    )


def opbrengsten_reach(user: User) -> tuple[int, set[int] | None]:
    """Whose yields the user may see: (organisation id, None) for the whole organisation
    (L&O), or (organisation id, team ids) for a leidinggevende: the teams they lead and every
    team below them. Anyone else gets a 404."""
    reach = scopes(user, Asset.YIELDS)
    if Scope.ORGANISATION in reach:
        return organisation_of(user), None
    if Scope.TEAM in reach:
        teams = led_teams_with_below(user)
        if teams:
            return organisation_of(user), teams
    raise Http404
