"""The person's Talentontwikkelgesprekken in their private calendar feed
(registered with ``weekcyclus.agenda`` in ``ProfcirkelConfig.ready``)."""

from collections.abc import Iterator
from datetime import datetime

from profcirkel import access
from weekcyclus import ical
from werkplekleren.models import User


def gesprek_events(user: User, since: datetime) -> Iterator[ical.Event]:
    from .services import gesprek_event

    gesprekken = (
        access.gesprekken_for(user)
        .filter(planned_at__gte=since)
        .select_related("professional", "leidinggevende")
        .order_by("planned_at", "pk")
    )
    for gesprek in gesprekken:
        event = gesprek_event(gesprek)
        # In a published feed the attendees and organizer are left out (no invitation).
        yield ical.Event(
            uid=event.uid,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            summary=event.summary,
            description=event.description,
            url=event.url,
        )
