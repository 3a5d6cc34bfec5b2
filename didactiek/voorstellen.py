"""The improvement proposal (``Verbetervoorstel``): the rules that belong to the proposal
itself, whoever works on it (the session that writes it, the Prof-cirkel that follows it up).
"""

from datetime import date

from django.db.models import Q
from django.utils import timezone

from .models import Verbetervoorstel


def overdue_q(today: date | None = None) -> Q:
    """In progress and past its date."""
    return Q(
        status=Verbetervoorstel.Status.IN_UITVOERING,
        due_date__lt=today or timezone.localdate(),
    )


def is_overdue(voorstel: Verbetervoorstel, today: date | None = None) -> bool:
    return bool(
        voorstel.status == Verbetervoorstel.Status.IN_UITVOERING
        and voorstel.due_date
        and voorstel.due_date < (today or timezone.localdate())
    )
