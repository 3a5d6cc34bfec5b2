from django.db.models import QuerySet

from .models import Groep, GroepMember


def groep_members(*, groep: Groep) -> QuerySet[GroepMember]:
    """Active members of a group, with their team, for display."""
    return (
        groep.members.filter(status=GroepMember.Status.ACTIVE)
        .select_related("user__team")
        .order_by("user__name")
    )
