"""A group of four with a planned week and a session starting now (shared by session tests)."""

from datetime import timedelta

from django.utils import timezone

from tests.factories import UserFactory
from weekcyclus import services
from weekcyclus.models import Sessie


def group_with_session(org, n_members=4, start_in_minutes=-5, name="Koffie & Kritiek"):
    members = [UserFactory(organisation=org) for _ in range(n_members)]
    groep = services.groep_create(created_by=members[0], name=name, members=members[1:])
    now = timezone.localtime()
    starts = now + timedelta(minutes=start_in_minutes)
    cyclus = services.weekcyclus_plan(
        groep=groep,
        by=members[0],
        week_start=services.monday_of(starts.date()),
        sessies=[{"day": starts.date(), "start": starts.time().replace(microsecond=0)}],
    )
    sessie = Sessie.objects.get(weekcyclus=cyclus, number=1)
    return groep, members, cyclus, sessie


def minutes_ago_today(minutes: int) -> int:
    """``-minutes``, or less just after midnight: a session that must lie in today (counted
    in a traject that starts today) starts at midnight at the earliest."""
    now = timezone.localtime()
    since_midnight = now.hour * 60 + now.minute
    return -min(minutes, since_midnight)
