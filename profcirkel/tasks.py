"""Celery tasks of the Prof-cirkel app: reminders of Talentontwikkelgesprekken (beat)."""

from datetime import datetime

from celery import shared_task
from django.utils.dateparse import parse_datetime

from . import services


@shared_task(ignore_result=True)
def send_gesprek_reminders(now: datetime | str | None = None) -> int:
    """Beat runs this every 15 minutes: the professional is reminded two days and the
    leidinggevende one day before a planned conversation, once each. ``now`` (a datetime
    or an ISO string) is for tests and replays; the database rows remember who was
    reminded, so a run that is repeated or late sends nothing twice."""
    if isinstance(now, str):
        now = parse_datetime(now)
    return services.gesprek_reminders_send(now=now)
