"""Celery tasks for drafting. They take ids, load the row, call a service; the row holds the
state (queued/running/done/failed), so a lost message is found again by the beat task."""

import random

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.utils.translation import gettext as _

from . import llm, services

MAX_RETRIES = 4


def backoff_seconds(retries: int) -> float:
    """Exponential backoff with full jitter: 2, 4, 8, 16 s … capped at 60."""
    return random.uniform(0.5, 1.0) * min(60, 2 ** (retries + 1))


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=150,
    time_limit=180,
)
def draft_voorstel(self, draft_id: int) -> None:
    try:
        services.draft_run(draft_id=draft_id)
    except llm.LLMError as exc:
        if exc.retryable and self.request.retries < self.max_retries:
            services.draft_retry_later(draft_id=draft_id, reason=exc.message)
            raise self.retry(countdown=backoff_seconds(self.request.retries)) from exc
        services.draft_fail(draft_id=draft_id, reason=exc.message)
    except SoftTimeLimitExceeded:
        services.draft_fail(
            draft_id=draft_id, reason=_("Het maken van het concept duurde te lang.")
        )


@shared_task(ignore_result=True)
def requeue_stuck_drafts() -> None:
    services.drafts_requeue_stuck()
