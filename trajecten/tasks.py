"""Celery tasks for suggested learning paths: same rules as proposal drafts (ids in, state on
the row, retries with backoff on transient errors, none on client errors)."""

from celery import shared_task
from django.conf import settings
from django.utils.translation import gettext as _

from didactiek import jobs
from didactiek.tasks import MAX_RETRIES

from . import services


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    # From the one setting (see settings.LLM_JOB_TIME_LIMIT_SECONDS).
    soft_time_limit=settings.LLM_JOB_SOFT_TIME_LIMIT_SECONDS,
    time_limit=settings.LLM_JOB_TIME_LIMIT_SECONDS,
)
def suggest_leerpad(self, leerpad_id: int) -> None:
    jobs.run_llm_job(
        self,
        run=lambda: services.leerpad_run(leerpad_id=leerpad_id),
        retry_later=lambda reason: services.leerpad_retry_later(
            leerpad_id=leerpad_id, reason=reason
        ),
        fail=lambda reason: services.leerpad_fail(leerpad_id=leerpad_id, reason=reason),
        too_long=_("Het duurde te lang."),
    )


@shared_task(ignore_result=True)
def requeue_stuck_leerpaden() -> None:
    services.leerpaden_requeue_stuck()
