"""The AI label on the screens says what the worker will actually use: decided from the
LLM configuration the worker reports with its heartbeat and the organisation's setting, not
from the web process's own environment."""

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from didactiek import llm
from didactiek.models import VoorstelDraft
from tests.weekcyclus.sessie_setup import group_with_session
from weekcyclus import services, steps
from weekcyclus.models import Bijdrage
from werkplekleren import llm as core_llm
from werkplekleren.models import WorkerHeartbeat
from werkplekleren.services import worker_heartbeat_record
from werkplekleren.tasks import worker_heartbeat

HTMX = {"HTTP_HX_REQUEST": "true"}
TEMPLATE = "Sjabloon — geen AI"


def _wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _at_voorstel(org):
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    d = services.sessie_join(sessie=sessie, user=members[1])
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("brainstorm"))
    services.bijdrage_add(deelnemer=d, kind=Bijdrage.Kind.IDEE, text="Vaste overdracht")
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("voorstel"))
    return sessie, members


def _phone(client, sessie):
    return client.get(reverse("weekcyclus:participant", args=[sessie.join_code])).content.decode()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_llm_settings_only_in_the_workers_environment_label_the_draft_as_ai(
    org, llm_server, celery_worker, settings, client, login
):
    # The web process has no LLM settings; the worker has (see the celery_worker fixture).
    settings.OPENAI_API_KEY = settings.OPENAI_BASE_URL = ""
    settings.LLM_MODEL = "web-model"
    llm_server.script()
    sessie, members = _at_voorstel(org)
    login(members[1])
    # A worker reports on start and with every heartbeat (beat, each minute); ask for one now.
    asked = timezone.now()
    with transaction.atomic():
        transaction.on_commit(worker_heartbeat.delay)
    assert _wait_for(
        lambda: WorkerHeartbeat.objects.filter(seen_at__gte=asked).exclude(llm={}).exists()
    ), celery_worker.log
    report = WorkerHeartbeat.objects.get().llm
    assert report == {"configured": True, "provider": report["provider"], "model": "test-model"}
    assert "key" not in str(report).lower()

    page = _phone(client, sessie)
    assert "Een AI-concept (test-model)" in page and TEMPLATE not in page
    client.post(
        reverse("weekcyclus:participant_action", args=[sessie.join_code, "concept"]), **HTMX
    )
    assert _wait_for(
        lambda: VoorstelDraft.objects.filter(state=VoorstelDraft.State.DONE).exists()
    ), celery_worker.log
    draft = VoorstelDraft.objects.get()
    assert not draft.is_template and draft.model == "test-model"  # what the label said

    # The organisation switches AI off: every screen says template, and the worker drafts one.
    org.ai_enabled = False
    org.save()
    assert TEMPLATE in _phone(client, sessie)


@pytest.mark.django_db
def test_the_label_follows_the_workers_report_not_the_web_settings(org, settings):
    settings.OPENAI_API_KEY = "web-key"
    settings.OPENAI_BASE_URL = ""
    settings.LLM_MODEL = "web-model"
    assert llm.drafter_label(org) == llm.DrafterLabel(provider="api.openai.com", model="web-model")
    # A worker without any LLM configuration: it will make templates, whatever the web has.
    worker_heartbeat_record(
        hostname="w1@host", llm={"configured": False, "provider": "api.openai.com", "model": "x"}
    )
    assert llm.drafter_label(org).provider == "offline"
    # A more recent worker with a local endpoint; the organisation's model wins over its default.
    worker_heartbeat_record(
        hostname="w2@host", llm={"configured": True, "provider": "llm:8000", "model": "qwen"}
    )
    assert llm.drafter_label(org) == llm.DrafterLabel(provider="llm:8000", model="qwen")
    org.llm_model = "eigen-model"
    assert llm.drafter_label(org).model == "eigen-model"
    org.ai_enabled = False
    assert not llm.drafter_label(org).is_ai


@pytest.mark.django_db
def test_a_report_from_a_worker_long_gone_does_not_count(org, settings):
    settings.OPENAI_API_KEY = settings.OPENAI_BASE_URL = ""
    worker_heartbeat_record(
        hostname="old@host",
        at=timezone.now() - timedelta(seconds=core_llm.WORKER_REPORT_FRESH_SECONDS + 60),
        llm={"configured": True, "provider": "llm:8000", "model": "qwen"},
    )
    assert llm.drafter_label(org).provider == "offline"
