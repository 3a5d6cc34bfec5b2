import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from werkplekleren.services import worker_heartbeat_record


def test_healthz_reports_database_and_broker(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["database"] == "ok"
    assert data["broker"] == "ok"
    assert data["worker_last_seen_seconds"] is None
    assert "no-cache" in response["Cache-Control"]


def test_healthz_shows_when_a_worker_was_last_seen(client, db):
    worker_heartbeat_record(hostname="w1@host", at=timezone.now() - timezone.timedelta(seconds=90))
    data = client.get(reverse("healthz")).json()
    assert 90 <= data["worker_last_seen_seconds"] < 120


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_unreachable(client):
    # Nothing listens on port 1 of loopback: the connection is refused at once.
    with override_settings(
        CELERY_BROKER_URL="redis://127.0.0.1:1/0", CELERY_BROKER_TRANSPORT_OPTIONS={}
    ):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "broker": "error",
        "worker_last_seen_seconds": None,
    }


def test_healthz_needs_no_login_and_only_answers_get(client, db):
    assert client.post(reverse("healthz")).status_code == 405
