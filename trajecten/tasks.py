"""Celery tasks for suggested learning paths: same rules as proposal drafts (ids in, state on
the row, retries with backoff on transient errors, none on client errors)."""

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.utils.translation import gettext as _

from werkplekleren import jobs

from . import services


@jobs.llm_task
def suggest_leerpad(self, leerpad_id: int) -> None:
    steps = (services.leerpad_run, services.leerpad_retry_later, services.leerpad_fail)
    jobs.run_llm_job(self, *steps, too_long=_("Het duurde te lang."), leerpad_id=leerpad_id)


@shared_task(ignore_result=True)
def requeue_stuck_leerpaden() -> None:
    services.leerpaden_requeue_stuck()


@shared_task(ignore_result=True)
def send_unsent_leerpaden() -> None:
    """Requests made while the broker was away: sent within seconds of its return (beat)."""
    services.leerpaden_send_unsent()


@worker_ready.connect
def _send_unsent_on_worker_start(sender=None, **kwargs) -> None:
    send_unsent_leerpaden.apply_async(retry=False)


@shared_task
def refresh_lo_figures() -> None:
    """Beat: compute the L&O figures that look at everyone (the signal index, the closed
    months' team figures) before their cache runs out, so no L&O visit waits for them. Per
    organisation, as one of its L&O people (their access decides what is read)."""
    from django.utils import translation

    from werkplekleren.models import Role, User

    from . import lo_selectors

    if not settings.LO_FIGURES_CACHE_SECONDS:
        return
    readers = {}  # one L&O person per organisation (there are only a few)
    for lo in User.objects.filter(is_active=True, role_assignments__role=Role.LO).exclude(
        organisation=None
    ):
        readers.setdefault(lo.organisation_id, lo)
    with translation.override(settings.LANGUAGE_CODE):
        for lo in readers.values():
            lo_selectors.refresh_figures(user=lo)
