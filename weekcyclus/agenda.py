"""Calendar events of a person: the sessions of their groups, and (registered by apps above
this one, e.g. the Prof-cirkel's Talentontwikkelgesprekken) other appointments.

Apps that build on the Vitale Weekcyclus add their events with ``register_source`` in their
``AppConfig.ready``, so this app never imports them.
"""

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from werkplekleren import mail
from werkplekleren.models import User

from . import ical
from .models import Sessie

PAST_DAYS = 30
_sources: list[Callable[[User, datetime], Iterable[ical.Event]]] = []


def register_source(source: Callable[[User, datetime], Iterable[ical.Event]]) -> None:
    """``source(user, since)`` yields the person's events starting at or after ``since``."""
    if source not in _sources:
        _sources.append(source)


def other_events(user: User, *, now: datetime | None = None) -> list[ical.Event]:
    since = (now or timezone.now()) - timedelta(days=PAST_DAYS)
    return [event for source in _sources for event in source(user, since)]


def sessie_event(sessie: Sessie, *, attendees: tuple[str, ...] = (), sequence: int = 0):
    groep = sessie.weekcyclus.groep
    url = mail.absolute_url(reverse("weekcyclus:sessie_detail", args=[sessie.pk]))
    return ical.Event(
        uid=f"sessie-{sessie.pk}@werkplekleren",
        starts_at=sessie.starts_at,
        ends_at=sessie.ends_at,
        summary=_("Vitale Weekcyclus – %(groep)s (sessie %(n)s)")
        % {"groep": groep.name, "n": sessie.number},
        location=sessie.room,
        description=_("Deelnamecode: %(code)s\nDoe mee via %(url)s")
        % {"code": sessie.join_code, "url": url},
        url=url,
        organizer=mail.from_address() if attendees else "",
        attendees=attendees,
        sequence=sequence,
    )
