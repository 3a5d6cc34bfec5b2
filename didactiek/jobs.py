"""The state machine shared by every LLM job row (proposal drafts, learning paths).

A job row has ``state`` (queued/running/done/failed, values from its model's ``State``),
``error``, ``attempts`` and ``updated_at``. Every transition is one conditional UPDATE, so a
redelivered message or a second worker can never run a job twice; the row is the truth and
nothing depends on the broker remembering.
"""

import random
from collections.abc import Callable
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from . import llm

MAX_ATTEMPTS = 5


def claim(job: type[models.Model], pk: int, **extra) -> bool:
    """queued → running, for exactly one worker."""
    now = timezone.now()
    return bool(
        job.objects.filter(pk=pk, state=job.State.QUEUED).update(
            state=job.State.RUNNING, updated_at=now, attempts=F("attempts") + 1, **extra
        )
    )


def finish(job: type[models.Model], pk: int, **fields) -> bool:
    """running → done, with the result fields."""
    return bool(
        job.objects.filter(pk=pk, state=job.State.RUNNING).update(
            state=job.State.DONE, error="", updated_at=timezone.now(), **fields
        )
    )


def retry_later(job: type[models.Model], pk: int, reason: str) -> bool:
    """running → queued again, with the reason shown while the person waits."""
    return bool(
        job.objects.filter(pk=pk, state=job.State.RUNNING).update(
            state=job.State.QUEUED,
            error=_("%(reason)s We proberen het zo opnieuw.") % {"reason": reason},
            updated_at=timezone.now(),
        )
    )


def fail(job: type[models.Model], pk: int, reason: str, **extra) -> bool:
    """Any unfinished state → failed, with a reason in Dutch."""
    return bool(
        job.objects.filter(pk=pk)
        .exclude(state__in=[job.State.DONE, job.State.FAILED])
        .update(state=job.State.FAILED, error=reason[:500], updated_at=timezone.now(), **extra)
    )


def requeue_stuck(
    job: type[models.Model],
    *,
    enqueue: Callable[[int], None],
    on_change: Callable[[int], None] = lambda pk: None,
    stuck_reason: str,
    older_than_seconds: int | None = None,
) -> list[int]:
    """Hand out again jobs queued or running past the limit (a lost message, a killed
    worker); a job that keeps getting stuck fails with ``stuck_reason``."""
    seconds = (
        settings.DRAFT_STUCK_AFTER_SECONDS if older_than_seconds is None else older_than_seconds
    )
    # Never below the task's hard time limit: a job still running within it is alive, and
    # handing it out again would run it twice (tests pass 0 to simulate a crashed worker).
    if older_than_seconds is None:
        seconds = max(seconds, settings.LLM_JOB_TIME_LIMIT_SECONDS + 1)
    limit = timezone.now() - timedelta(seconds=seconds)
    unfinished = [job.State.QUEUED, job.State.RUNNING]
    stuck = job.objects.filter(state__in=unfinished, updated_at__lte=limit).values_list(
        "pk", "attempts"
    )
    requeued = []
    for pk, attempts in stuck:
        with transaction.atomic():
            if attempts >= MAX_ATTEMPTS:
                if fail(job, pk, stuck_reason):
                    on_change(pk)
                continue
            updated = job.objects.filter(pk=pk, state__in=unfinished, updated_at__lte=limit).update(
                state=job.State.QUEUED, updated_at=timezone.now()
            )
            if updated:
                on_change(pk)
                enqueue(pk)
                requeued.append(pk)
    return requeued


def backoff_seconds(retries: int) -> float:
    """Exponential backoff with full jitter: 2, 4, 8, 16 s … capped at 60."""
    return random.uniform(0.5, 1.0) * min(60, 2 ** (retries + 1))


def run_llm_job(
    task,
    *,
    run: Callable[[], object],
    retry_later: Callable[[str], None],
    fail: Callable[[str], None],
    too_long: str,
) -> None:
    """The body of every LLM task (``bind=True``): run; retry transient model errors with
    backoff and jitter; fail on client errors, on the time limit and on anything unexpected —
    a job never stays without a state."""
    try:
        run()
    except llm.LLMError as exc:
        if exc.retryable and task.request.retries < task.max_retries:
            retry_later(exc.message)
            raise task.retry(countdown=backoff_seconds(task.request.retries)) from exc
        fail(exc.message)
    except SoftTimeLimitExceeded:
        fail(too_long)
    except Exception:
        fail(_("Er ging iets mis; probeer het opnieuw."))
        raise  # the error itself goes to the worker's log
