"""A real worker is killed with SIGKILL while it is drafting; after a restart exactly one
completed draft exists (the row holds the state; the beat task hands the draft out again)."""

import time

import pytest

from didactiek import services as drafting
from didactiek.models import VoorstelDraft
from tests.llm_server import Reply
from tests.weekcyclus.sessie_setup import group_with_session
from weekcyclus import services, steps
from weekcyclus.models import Bijdrage


def _wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_sigkill_while_drafting_then_exactly_one_completed_draft(org, llm, celery_worker):
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    d = services.sessie_join(sessie=sessie, user=members[1])
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("brainstorm"))
    services.bijdrage_add(deelnemer=d, kind=Bijdrage.Kind.IDEE, text="Vaste overdracht")
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("voorstel"))
    # The first call hangs (the worker will die while waiting); the next one answers.
    llm.script(Reply(delay=60), Reply())

    draft = services.draft_request(sessie=sessie, deelnemer=d)
    assert _wait_for(lambda: len(llm.requests) == 1), celery_worker.log
    assert VoorstelDraft.objects.get(pk=draft.pk).state == VoorstelDraft.State.RUNNING

    celery_worker.kill()
    celery_worker.restart()
    assert VoorstelDraft.objects.get(pk=draft.pk).state == VoorstelDraft.State.RUNNING

    # What the beat task does once the draft has been stuck past its limit.
    assert drafting.drafts_requeue_stuck(older_than_seconds=0) == [draft.pk]
    assert _wait_for(
        lambda: VoorstelDraft.objects.get(pk=draft.pk).state == VoorstelDraft.State.DONE
    ), celery_worker.log
    assert VoorstelDraft.objects.filter(sessie=sessie).count() == 1
    done = VoorstelDraft.objects.get(sessie=sessie)
    assert done.attempts == 2 and done.output["titel"]
    assert len(llm.requests) == 2
