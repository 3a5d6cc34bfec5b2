"""The broker is unreachable when someone clicks "Maak voorstel" (or asks for a learning
path): no 500, the row stays queued with a note the person sees, and it is sent as soon as
the broker is back — by the beat sweep within seconds, or by a worker that starts.

The broker really is unreachable here: the Celery app publishes to a Redis URL on a closed
port (nothing of ours is replaced)."""

import os
import socket
import time
from contextlib import contextmanager

import pytest
from django.urls import reverse

from didactiek import services as drafting
from didactiek.models import DidactischeVraag, VoorstelDraft
from tests.factories import UserFactory
from tests.weekcyclus.sessie_setup import group_with_session
from trajecten import services as trajecten
from trajecten.models import LeerpadVoorstel
from weekcyclus import services, steps
from weekcyclus.models import Bijdrage
from werkplekleren.celery import app
from werkplekleren.models import Role

HTMX = {"HTTP_HX_REQUEST": "true"}
NOTE = "In de wachtrij, het systeem pakt het op"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _reset_connections() -> None:
    # Celery keeps its connection and producer pools per broker URL (kombu's registry);
    # forgetting the app's references makes it pick the pools of the URL now configured.
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_unreachable():
    """Point the Celery app at a Redis URL on which nothing listens; restore afterwards."""
    dead = f"redis://127.0.0.1:{_closed_port()}/0"
    saved = app.conf.broker_url, app.conf.broker_transport_options
    saved_env = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = dead  # Celery reads this before its configuration
    app.conf.broker_url = dead
    app.conf.broker_transport_options = {}
    _reset_connections()
    try:
        assert app.connection_for_write().as_uri().endswith(dead.split("@")[-1][8:])
        yield
    finally:
        if saved_env is None:
            del os.environ["CELERY_BROKER_URL"]
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
        app.conf.broker_url, app.conf.broker_transport_options = saved
        _reset_connections()


def _wait_for(predicate, timeout=40.0):
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


def _state(pk):
    return VoorstelDraft.objects.get(pk=pk).state


@pytest.mark.django_db(transaction=True)
def test_maak_voorstel_with_the_broker_down_answers_with_the_queued_state(org, client, login):
    sessie, members = _at_voorstel(org)
    login(members[1])
    url = reverse("weekcyclus:participant_action", args=[sessie.join_code, "concept"])
    with broker_unreachable():
        response = client.post(url, {}, **HTMX)
        assert response.status_code == 200
        assert NOTE in response.content.decode()
        again = client.post(url, {}, **HTMX)  # the person clicks again: still that one draft
        assert again.status_code == 200
        draft = VoorstelDraft.objects.get()
        assert draft.state == VoorstelDraft.State.QUEUED and draft.sent_at is None
        assert draft.error.startswith(NOTE)
        # What the others' phones and the projector show too.
        page = client.get(reverse("weekcyclus:projector", args=[sessie.pk]))
        assert NOTE in page.content.decode()
        phone = client.get(reverse("weekcyclus:participant", args=[sessie.join_code]))
        assert NOTE in phone.content.decode()
        # The sweep during the outage changes nothing and loses nothing.
        assert drafting.drafts_send_unsent(grace_seconds=0) == []
        assert VoorstelDraft.objects.get().sent_at is None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_sweep_sends_a_queued_draft_as_soon_as_the_broker_is_back(org, llm, celery_worker):
    sessie, members = _at_voorstel(org)
    d = services.sessie_join(sessie=sessie, user=members[1])
    with broker_unreachable():
        draft = services.draft_request(sessie=sessie, deelnemer=d)
    assert _state(draft.pk) == VoorstelDraft.State.QUEUED
    time.sleep(1)
    assert _state(draft.pk) == VoorstelDraft.State.QUEUED  # nothing reached a worker
    # Beat runs this every few seconds; once the broker answers, the draft goes out.
    assert drafting.drafts_send_unsent(grace_seconds=0) == [draft.pk]
    assert _wait_for(lambda: _state(draft.pk) == VoorstelDraft.State.DONE), celery_worker.log
    done = VoorstelDraft.objects.get(pk=draft.pk)
    assert done.error == "" and done.sent_at is not None and done.output["titel"]
    assert drafting.drafts_send_unsent(grace_seconds=0) == []  # sent once


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_that_starts_after_the_outage_picks_the_draft_up(org, llm, celery_worker):
    sessie, members = _at_voorstel(org)
    d = services.sessie_join(sessie=sessie, user=members[1])
    with broker_unreachable():
        draft = services.draft_request(sessie=sessie, deelnemer=d)
    time.sleep(drafting.jobs.UNSENT_GRACE_SECONDS)
    celery_worker.kill()
    celery_worker.restart()  # its worker_ready handler sends what was never sent
    assert _wait_for(lambda: _state(draft.pk) == VoorstelDraft.State.DONE), celery_worker.log


@pytest.mark.django_db(transaction=True)
def test_a_learning_path_request_with_the_broker_down_stays_queued(org, kader, client, login):
    user = UserFactory(organisation=org, roles=[Role.PROFESSIONAL])
    traject = trajecten.traject_save(
        user=user,
        ambitie="Beter samenwerken",
        talenten="Luisteren",
        leerbehoeften="Feedback geven",
        vragen=DidactischeVraag.objects.filter(number=9),
    )
    login(user)
    with broker_unreachable():
        response = client.post(reverse("trajecten:leerpad_request", args=[traject.pk]))
        assert response.status_code == 302
        page = client.get(response.url).content.decode()
    assert NOTE in page
    leerpad = LeerpadVoorstel.objects.get()
    assert leerpad.state == LeerpadVoorstel.State.QUEUED and leerpad.sent_at is None
    assert trajecten.leerpaden_send_unsent(grace_seconds=0) == [leerpad.pk]
    leerpad.refresh_from_db()
    assert leerpad.sent_at is not None and leerpad.error == ""
