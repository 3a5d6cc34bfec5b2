"""Celery tasks for drafting. They take ids, load the row, call a service; the row holds the
state (queued/running/done/failed), so a lost message is found again by the beat task."""

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.utils.translation import gettext as _

from werkplekleren import jobs

from . import services


@jobs.llm_task
def draft_voorstel(self, draft_id: int) -> None:
    steps = (services.draft_run, services.draft_retry_later, services.draft_fail)
    jobs.run_llm_job(
        self, *steps, too_long=_("Het maken van het concept duurde te lang."), draft_id=draft_id
    )


@jobs.llm_task
def draft_frame(self, draft_id: int) -> None:
    steps = (services.frame_draft_run, services.frame_draft_retry_later, services.frame_draft_fail)
    jobs.run_llm_job(
        self, *steps, too_long=_("Het maken van het frame duurde te lang."), draft_id=draft_id
    )


@shared_task(ignore_result=True)
def requeue_stuck_drafts() -> None:
    services.drafts_requeue_stuck()
    services.frame_drafts_requeue_stuck()


@shared_task(ignore_result=True)
def send_unsent_drafts() -> None:
    """Beat runs this every few seconds: drafts asked for while the broker was away are
    sent as soon as it is back, not only after the stuck-draft limit."""
    services.drafts_send_unsent()
    services.frame_drafts_send_unsent()


@worker_ready.connect
def _send_unsent_on_worker_start(sender=None, **kwargs) -> None:
    # A worker that (re)starts after an outage picks up at once what was asked meanwhile.
    # Sent as a task, so the database is read in a pool process, never in the parent.
    send_unsent_drafts.apply_async(retry=False)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=2,
    soft_time_limit=settings.LLM_JOB_SOFT_TIME_LIMIT_SECONDS,
    time_limit=settings.LLM_JOB_TIME_LIMIT_SECONDS,
)
def embed(self, embedding_id: int) -> None:
    """The embedding of one text for similar proposals (didactiek.similar); the row holds
    the state, a retryable fault is tried again in a few seconds."""
    from .llm import LLMError
    from .similar import embedding_compute

    try:
        embedding_compute(embedding_id=embedding_id)
    except LLMError as exc:
        raise self.retry(countdown=5, exc=exc) from exc


@shared_task(ignore_result=True)
def send_queued_embeddings() -> None:
    from .similar import embeddings_send_queued

    embeddings_send_queued()
