"""Drafting proposals: the worker's side of a VoorstelDraft's life.

queued → running → done / failed. Every transition is a conditional UPDATE on the row, so a
redelivered message or a second worker cannot run a draft twice, and every transition
bumps the session's live version so the projector shows the progress.
"""

import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weekcyclus import live

from . import jobs, llm, prompt
from .models import VoorstelDraft

MAX_ATTEMPTS = jobs.MAX_ATTEMPTS


def _bump(draft: VoorstelDraft) -> None:
    live.bump(draft.sessie)


def draft_enqueue(*, draft: VoorstelDraft) -> None:
    """Send the draft to a worker once the surrounding transaction has committed."""
    from .tasks import draft_voorstel

    transaction.on_commit(lambda: draft_voorstel.delay(draft.pk))


@transaction.atomic
def draft_claim(*, draft_id: int) -> VoorstelDraft | None:
    """queued → running, for exactly one worker. None when there is nothing to do."""
    if not jobs.claim(VoorstelDraft, draft_id, started_at=timezone.now()):
        return None
    draft = VoorstelDraft.objects.select_related("sessie", "organisation").get(pk=draft_id)
    _bump(draft)
    return draft


def draft_run(*, draft_id: int, drafter: llm.Drafter | None = None) -> VoorstelDraft | None:
    """Run one draft: build the material, ask the drafter, validate, store.

    Raises ``llm.LLMError`` for the task to retry or fail; invalid output gets one retry with
    the validation error, then fails the draft here.
    """
    draft = draft_claim(draft_id=draft_id)
    if draft is None:
        return None
    material = prompt.material_for(draft.sessie)
    drafter = drafter or llm.drafter_for(draft.organisation)
    started = time.monotonic()
    error = None
    for _attempt in range(2):
        raw = drafter.draft(
            material=material, hint=draft.hint, retry_error=str(error) if error else None
        )
        try:
            output, notes = prompt.parse_output(raw, material)
            break
        except prompt.OutputInvalid as exc:
            error = exc
    else:
        return draft_fail(
            draft_id=draft_id,
            reason=prompt.failed_twice_reason(error),
        )
    return _draft_done(
        draft_id=draft_id,
        output=output,
        notes=notes,
        provider=drafter.provider,
        model=drafter.model,
        duration_ms=int((time.monotonic() - started) * 1000),
    )


@transaction.atomic
def _draft_done(*, draft_id, output, notes, provider, model, duration_ms) -> VoorstelDraft | None:
    done = jobs.finish(
        VoorstelDraft,
        draft_id,
        output=output,
        notes=notes,
        provider=provider,
        model=model,
        prompt_version=prompt.PROMPT_VERSION,
        duration_ms=duration_ms,
        finished_at=timezone.now(),
    )
    draft = VoorstelDraft.objects.select_related("sessie").get(pk=draft_id)
    if done:
        _bump(draft)
    return draft


@transaction.atomic
def draft_retry_later(*, draft_id: int, reason: str) -> None:
    if jobs.retry_later(VoorstelDraft, draft_id, reason):
        _bump(VoorstelDraft.objects.select_related("sessie").get(pk=draft_id))


@transaction.atomic
def draft_fail(*, draft_id: int, reason: str) -> VoorstelDraft:
    failed = jobs.fail(VoorstelDraft, draft_id, reason, finished_at=timezone.now())
    draft = VoorstelDraft.objects.select_related("sessie").get(pk=draft_id)
    if failed:
        _bump(draft)
    return draft


def drafts_requeue_stuck(*, older_than_seconds: int | None = None) -> list[int]:
    """Hand out again drafts whose message or worker got lost (the beat task calls this)."""

    def on_change(pk: int) -> None:
        _bump(VoorstelDraft.objects.select_related("sessie").get(pk=pk))

    def enqueue(pk: int) -> None:
        draft_enqueue(draft=VoorstelDraft(pk=pk))

    return jobs.requeue_stuck(
        VoorstelDraft,
        enqueue=enqueue,
        on_change=on_change,
        stuck_reason=_("Het maken van het concept bleef steeds hangen. Probeer het opnieuw."),
        older_than_seconds=older_than_seconds,
    )
