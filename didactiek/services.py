"""Drafting proposals: the worker's side of a VoorstelDraft's life.

queued → running → done / failed. Every transition is a conditional UPDATE on the row, so a
redelivered message or a second worker cannot run a draft twice, and every transition
bumps the session's live version so the projector shows the progress.
"""

import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from werkplekleren import jobs

from . import llm, prompt
from .models import VoorstelDraft
from .signals import draft_changed

MAX_ATTEMPTS = jobs.MAX_ATTEMPTS


def _bump(draft: VoorstelDraft) -> None:
    # The session's screens follow (weekcyclus listens: WeekcyclusConfig.ready).
    draft_changed.send(sender=VoorstelDraft, draft=draft)


def draft_enqueue(*, draft: VoorstelDraft) -> None:
    """Send the draft to a worker once the surrounding transaction has committed; with the
    broker unreachable the draft stays queued with a note (see jobs.send)."""
    pk = draft.pk
    transaction.on_commit(lambda: _draft_send(pk))


def _draft_send(pk: int) -> None:
    from .tasks import draft_voorstel

    if not jobs.send(VoorstelDraft, pk, draft_voorstel, queued_note=jobs.queued_note()):
        _bump(VoorstelDraft.objects.select_related("sessie").get(pk=pk))


def drafts_send_unsent(*, grace_seconds: int = jobs.UNSENT_GRACE_SECONDS) -> list[int]:
    """Send the drafts asked for while the broker was unreachable (beat and worker start)."""
    from .tasks import draft_voorstel

    return jobs.send_unsent(
        VoorstelDraft,
        task=draft_voorstel,
        queued_note=jobs.queued_note(),
        on_change=lambda pk: _bump(VoorstelDraft.objects.select_related("sessie").get(pk=pk)),
        grace_seconds=grace_seconds,
    )


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
    parsed, error = jobs.ask_twice(
        lambda retry_error: drafter.draft(
            material=material, hint=draft.hint, retry_error=retry_error
        ),
        parse=lambda raw: prompt.parse_output(raw, material),
        invalid=prompt.OutputInvalid,
    )
    if error is not None:
        return draft_fail(draft_id=draft_id, reason=prompt.failed_twice_reason(error))
    assert parsed is not None  # (one of the two is always given)
    output, notes = parsed
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
