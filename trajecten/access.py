"""Who may read Prof-trajecten: the full traject is its owner's; others see the outline only.

The rules are the matrix in ``werkplekleren.access`` (TRAJECT_FULL, TRAJECT_OUTLINE); the
helpers for this app's objects live here, beside their models.
"""

from django.db.models import Q, QuerySet

from werkplekleren.access import (
    Asset,
    Scope,
    get_or_404,
    is_member,
    led_team_members_for,
    organisation_of,
    scopes,
)
from werkplekleren.models import User

from .models import CatalogusItem, Leeractiviteit, LeerpadSuggestie, ProfTraject, SupportBericht


def own_trajecten_for(user: User) -> QuerySet[ProfTraject]:
    """The user's own trajecten, with everything in them (activities, reflections, needs)."""
    if Scope.OWN not in scopes(user, Asset.TRAJECT_FULL):
        return ProfTraject.objects.none()
    return ProfTraject.objects.filter(user=user, organisation_id=organisation_of(user))


def access_own_traject(user: User, traject_id: object) -> ProfTraject:
    return get_or_404(own_trajecten_for(user), traject_id)


def access_activiteit(user: User, activiteit_id: object) -> Leeractiviteit:
    """An activity of one's own traject; for everyone else it does not exist."""
    return get_or_404(
        Leeractiviteit.objects.filter(traject__in=own_trajecten_for(user)).select_related(
            "traject"
        ),
        activiteit_id,
    )


def access_leerpad_suggestie(user: User, suggestie_id: object) -> LeerpadSuggestie:
    return get_or_404(
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
    base = ProfTraject.objects.filter(organisation_id=organisation_of(user))
    if Scope.ORGANISATION in reach:
        return base
    condition = Q(pk__in=[])
    if Scope.OWN in reach:
        condition |= Q(user=user)
    if Scope.TEAM in reach:
        condition |= Q(user__in=led_team_members_for(user))
    return base.filter(condition)


def access_traject_outline(user: User, traject_id: object) -> ProfTraject:
    return get_or_404(traject_outlines_for(user).select_related("user"), traject_id)


def support_berichten_for(user: User):
    """Support messages addressed to the user, within their organisation (theirs alone)."""
    if not is_member(user):
        return SupportBericht.objects.none()
    return SupportBericht.objects.filter(to_user=user, organisation_id=organisation_of(user))


def access_support_bericht(user: User, bericht_id: object):
    return get_or_404(support_berichten_for(user), bericht_id)


def catalogus_items_for(user: User) -> QuerySet[CatalogusItem]:
    """The learning catalogue of the user's own organisation (nothing of another): what L&O
    curates and the organisation's professionals browse."""
    if not user.is_authenticated or not user.organisation_id:
        return CatalogusItem.objects.none()
    return CatalogusItem.objects.filter(organisation_id=user.organisation_id)


def access_catalogus_item(user: User, item_id: object) -> CatalogusItem:
    """One item of the user's own organisation's catalogue; anything else is a 404."""
    return get_or_404(catalogus_items_for(user).select_related("media"), item_id)
