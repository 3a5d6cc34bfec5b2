import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction

from werkplekleren.celery import app
from werkplekleren.models import WorkerHeartbeat
from werkplekleren.tasks import worker_heartbeat


def _wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_heartbeat_task(celery_worker):
    # The worker process listens on the broker these settings name (filesystem or Redis).
    transport = next(line for line in celery_worker.log.splitlines() if "transport:" in line)
    assert urlsplit(settings.CELERY_BROKER_URL).scheme + "://" in transport
    with transaction.atomic():
        transaction.on_commit(worker_heartbeat.delay)
    assert _wait_for(lambda: WorkerHeartbeat.objects.exists()), "the worker ran nothing"
    heartbeat = WorkerHeartbeat.objects.get()
    assert heartbeat.hostname.startswith("testworker@")


def test_beat_schedule_names_registered_tasks():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
