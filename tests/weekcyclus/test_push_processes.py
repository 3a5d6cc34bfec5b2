"""Production runs several server processes: a change made through one reaches the screens
connected to another (Redis pub/sub channel layer). Services suite only: it needs Redis."""

import json
import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from django.conf import settings
from django.urls import reverse
from websockets.sync.client import connect

from tests.weekcyclus.sessie_setup import group_with_session
from tests.worker import ROOT, _cache_url
from tests.worker import test_database_url as _database_url
from weekcyclus import live, services, steps

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.CHANNELS_URL, reason="needs Redis (CHANNELS_URL): the services suite"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(port: int, log_path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "werkplekleren.settings.local",
        "DATABASE_URL": _database_url(),
        "CACHE_URL": _cache_url(),
        "CHANNELS_URL": settings.CHANNELS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "DEBUG": "false",
    }
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "werkplekleren.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(log_path.read_text())
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("uvicorn did not start")


@pytest.fixture
def two_servers(tmp_path, transactional_db):
    ports = [_free_port(), _free_port()]
    processes = [_start_server(port, tmp_path / f"web{i}.log") for i, port in enumerate(ports)]
    yield [f"127.0.0.1:{port}" for port in ports]
    for process in processes:
        process.terminate()
        process.wait(timeout=20)


def test_an_idea_posted_through_one_process_reaches_a_projector_on_another(
    two_servers, org, client
):
    a, b = two_servers
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("brainstorm"))
    services.sessie_join(sessie=sessie, user=members[1])
    sessie.refresh_from_db()

    client.force_login(members[0])
    projector_cookie = client.cookies["sessionid"].value
    client.cookies.clear()
    client.force_login(members[1])
    phone_cookie = client.cookies["sessionid"].value

    ticket = live.ticket(sessie_id=sessie.pk, view=live.PROJECTOR, user_id=members[0].pk, lang="nl")
    with connect(
        f"ws://{a}/ws/live/{ticket}/?v={sessie.version}",
        additional_headers={"Cookie": f"sessionid={projector_cookie}"},
        origin=f"http://{a}",
        open_timeout=10,
    ) as projector:
        with httpx.Client(base_url=f"http://{b}", cookies={"sessionid": phone_cookie}) as phone:
            page = phone.get(reverse("weekcyclus:participant", args=[sessie.join_code]))
            assert page.status_code == 200
            response = phone.post(
                reverse("weekcyclus:participant_action", args=[sessie.join_code, "idee"]),
                data={"text": "Overdracht met een vaste checklist"},
                headers={"HX-Request": "true", "X-CSRFToken": phone.cookies["csrftoken"]},
            )
            assert response.status_code == 200, response.text
        message = json.loads(projector.recv(timeout=10))
    assert message["ops"][0]["op"] == "upsert"
    assert "Overdracht met een vaste checklist" in message["ops"][0]["html"]
