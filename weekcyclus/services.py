"""Writes for groups; the Vitale Weekcyclus and its sessions add theirs here."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from werkplekleren.models import User

from .models import Groep, GroepMember


@transaction.atomic
def groep_create(*, created_by: User, name: str, members: Iterable[User] = ()) -> Groep:
    """Create a group in the creator's organisation; the creator and ``members`` join it.

    ``members`` are colleagues who already agreed to learn together (self-chosen groups).
    """
    if not created_by.organisation_id:
        raise ValidationError(_("Alleen mensen in een organisatie kunnen een groep maken."))
    groep = Groep(organisation_id=created_by.organisation_id, name=name, created_by=created_by)
    groep.full_clean()
    groep.save()
    now = timezone.now()
    for user in {created_by, *members}:
        member = GroepMember(
            groep=groep,
            user=user,
            status=GroepMember.Status.ACTIVE,
            invited_by=None if user == created_by else created_by,
            joined_at=now,
        )
        member.full_clean()
        member.save()
    return groep
