"""Celery tasks for suggested learning paths: same rules as proposal drafts (ids in, state on
the row, retries with backoff on transient errors, none on client errors)."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.utils.translation import gettext as _

from didactiek import llm
from didactiek.tasks import MAX_RETRIES, backoff_seconds

from . import services


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=150,
    time_limit=180,
)
def suggest_leerpad(self, leerpad_id: int) -> None:
    try:
        services.leerpad_run(leerpad_id=leerpad_id)
    except llm.LLMError as exc:
        if exc.retryable and self.request.retries < self.max_retries:
            services.leerpad_retry_later(leerpad_id=leerpad_id, reason=exc.message)
            raise self.retry(countdown=backoff_seconds(self.request.retries)) from exc
        services.leerpad_fail(leerpad_id=leerpad_id, reason=exc.message)
    except SoftTimeLimitExceeded:
        services.leerpad_fail(leerpad_id=leerpad_id, reason=_("Het duurde te lang."))
    except Exception:
        services.leerpad_fail(
            leerpad_id=leerpad_id, reason=_("Er ging iets mis bij het voorstellen van een leerpad.")
        )
        raise


@shared_task(ignore_result=True)
def requeue_stuck_leerpaden() -> None:
    services.leerpaden_requeue_stuck()
