"""The state machine shared by every LLM job row (proposal drafts, frame drafts, learning
paths), and the one Celery task shape for them (``llm_task`` + ``run_llm_job``): when a job is
retried, and when it fails, is decided here and nowhere else.

A job row is a ``werkplekleren.models.LlmJob``: ``state`` (queued/running/done/failed),
``error``, ``attempts``, ``sent_at``, ``updated_at``. Every transition is one conditional
UPDATE, so a redelivered message or a second worker can never run a job twice; the row is
the truth and nothing depends on the broker remembering.
"""

import logging
import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from . import llm

MAX_ATTEMPTS = 5
# Celery retries of one job message after a transient model error (backoff_seconds apart).
MAX_RETRIES = 4
# Rows asked for less than this long ago are left to the request that is sending them.
UNSENT_GRACE_SECONDS = 2
# Publishing gives up quickly: the person is waiting for the page, and an unsent row is sent
# again by send_unsent as soon as the broker is back.
SEND_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}

logger = logging.getLogger(__name__)
T = TypeVar("T")
E = TypeVar("E", bound=Exception)


def queued_note() -> str:
    """What the person reads while the broker cannot be reached: nothing is lost."""
    return _("In de wachtrij, het systeem pakt het op zodra het weer bereikbaar is.")


def ask_twice(
    ask: Callable[[str | None], str], *, parse: Callable[[str], T], invalid: type[E]
) -> tuple[T | None, E | None]:
    """Ask the model; an answer of the wrong form (``invalid``) is asked for once more with
    the problem (``ask(retry_error)``). The parsed answer, or None and the second problem."""
    error: E | None = None
    for _attempt in range(2):
        raw = ask(str(error) if error else None)
        try:
            return parse(raw), None
        except invalid as exc:
            error = exc
    return None, error


def send(job: type[Any], pk: int, task, *, queued_note: str) -> bool:
    """Hand a job to the broker. An unreachable broker is no error for the person who asked:
    the row stays queued with ``queued_note`` and no ``sent_at``, and ``send_unsent`` (beat,
    every few seconds, and every worker that starts) sends it once the broker is back.

    Called after commit; never raises for a broker fault. True when the broker has it.
    """
    try:
        task.apply_async((pk,), retry=True, retry_policy=SEND_RETRY_POLICY)
    except Exception:  # kombu's OperationalError, socket errors, a broker that is half up
        logger.warning("Broker unreachable: %s %s stays queued", job.__name__, pk, exc_info=True)
        job.objects.filter(pk=pk, state=job.State.QUEUED, sent_at__isnull=True).update(
            error=queued_note[:500]
        )
        return False
    now = timezone.now()
    # A row that waited for the broker loses its note; a worker's own message stays.
    if not job.objects.filter(pk=pk, state=job.State.QUEUED, sent_at__isnull=True).update(
        sent_at=now, error=""
    ):
        job.objects.filter(pk=pk).update(sent_at=now)
    return True


def send_unsent(
    job: type[Any],
    *,
    task,
    queued_note: str,
    on_change: Callable[[int], None] = lambda pk: None,
    grace_seconds: int = UNSENT_GRACE_SECONDS,
) -> list[int]:
    """Send the queued jobs the broker never got (it was unreachable when they were asked).
    Stops at the first failure: the broker is still away, the next sweep tries again."""
    limit = timezone.now() - timedelta(seconds=grace_seconds)
    unsent = job.objects.filter(
        state=job.State.QUEUED, sent_at__isnull=True, created_at__lte=limit
    ).order_by("created_at")
    sent = []
    for pk in unsent.values_list("pk", flat=True)[:500]:
        if not send(job, pk, task, queued_note=queued_note):
            break
        on_change(pk)
        sent.append(pk)
    return sent


def claim(job: type[Any], pk: int, **extra) -> bool:
    """queued → running, for exactly one worker."""
    now = timezone.now()
    return bool(
        job.objects.filter(pk=pk, state=job.State.QUEUED).update(
            state=job.State.RUNNING, updated_at=now, attempts=F("attempts") + 1, **extra
        )
    )


def finish(job: type[Any], pk: int, **fields) -> bool:
    """running → done, with the result fields."""
    return bool(
        job.objects.filter(pk=pk, state=job.State.RUNNING).update(
            state=job.State.DONE, error="", updated_at=timezone.now(), **fields
        )
    )


def retry_later(job: type[Any], pk: int, reason: str) -> bool:
    """running → queued again, with the reason shown while the person waits."""
    return bool(
        job.objects.filter(pk=pk, state=job.State.RUNNING).update(
            state=job.State.QUEUED,
            error=_("%(reason)s We proberen het zo opnieuw.") % {"reason": reason},
            updated_at=timezone.now(),
        )
    )


def fail(job: type[Any], pk: int, reason: str, **extra) -> bool:
    """Any unfinished state → failed, with a reason in Dutch."""
    return bool(
        job.objects.filter(pk=pk)
        .exclude(state__in=[job.State.DONE, job.State.FAILED])
        .update(state=job.State.FAILED, error=reason[:500], updated_at=timezone.now(), **extra)
    )


def requeue_stuck(
    job: type[Any],
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


def llm_task(function):
    """The Celery task of an LLM job (``bind=True``): acknowledged late, rejected when the
    worker is lost, ``MAX_RETRIES`` retries, the time limits of the one setting
    (``settings.LLM_JOB_TIME_LIMIT_SECONDS``). Its body calls ``run_llm_job``."""
    return shared_task(
        bind=True,
        acks_late=True,
        reject_on_worker_lost=True,
        max_retries=MAX_RETRIES,
        soft_time_limit=settings.LLM_JOB_SOFT_TIME_LIMIT_SECONDS,
        time_limit=settings.LLM_JOB_TIME_LIMIT_SECONDS,
    )(function)


def run_llm_job(
    task,
    run: Callable[..., object],
    retry_later: Callable[..., object],
    fail: Callable[..., object],
    *,
    too_long: str,
    **job_id: int,
) -> None:
    """The body of every LLM task (``bind=True``): ``run(**job_id)``; retry transient model
    errors with backoff and jitter (``retry_later(reason=…, **job_id)``); ``fail(reason=…,
    **job_id)`` on client errors, on the time limit and on anything unexpected — a job never
    stays without a state."""
    try:
        run(**job_id)
    except llm.LLMError as exc:
        if exc.retryable and task.request.retries < task.max_retries:
            retry_later(reason=exc.message, **job_id)
            raise task.retry(countdown=backoff_seconds(task.request.retries)) from exc
        fail(reason=exc.message, **job_id)
    except SoftTimeLimitExceeded:
        fail(reason=too_long, **job_id)
    except Exception:
        fail(reason=_("Er ging iets mis; probeer het opnieuw."), **job_id)
        raise  # the error itself goes to the worker's log
