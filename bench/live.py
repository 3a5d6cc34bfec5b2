"""Benchmark: how fast does a phone's idea reach the projector, and what does a poll cost?

    .venv/bin/python bench/live.py [--screens 8] [--ideas 40] [--workers 2]

Starts gunicorn (gthread) on a throw-away SQLite database with the file cache (the embedded
default), starts a session in brainstorm, then runs ``--screens`` pollers that behave like
htmx (a request every 500 ms carrying the version they show) while a phone posts ideas.
Prints, per idea and screen, the time from "phone sends" to "screen has it" (the target is
p95 ≤ 1 s on loopback), the round trip of an unchanged poll, and how many unchanged polls a
single client gets answered per second. Prints figures; asserts nothing.
"""

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
POLL_INTERVAL = 0.5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    def __init__(self, port: int, cookies: dict):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.cookies = cookies

    def request(self, method: str, path: str, body: dict | None = None, headers=None):
        headers = dict(headers or {})
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=data, headers=headers)
        response = self.conn.getresponse()
        return response.status, response.read().decode()


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--screens", type=int, default=8)
    parser.add_argument("--ideas", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="wpl-live-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "werkplekleren.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
        "CELERY_DATA_DIR": str(tmp / "celery"),
        "CACHE_URL": f"filecache://{tmp}/cache",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    call_command("migrate", verbosity=0)
    from tests.factories import OrganisationFactory
    from tests.weekcyclus.sessie_setup import group_with_session
    from weekcyclus import services, steps

    org = OrganisationFactory()
    groep, members, cyclus, sessie = group_with_session(org)
    services.sessie_start(sessie=sessie, by=members[0])
    services.sessie_goto_step(sessie=sessie, by=members[0], step=steps.index("brainstorm"))

    def cookies_for(user) -> dict:
        store = SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.create()
        return {settings.SESSION_COOKIE_NAME: store.session_key}

    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "werkplekleren.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={args.workers}",
            "--worker-class=gthread",
            "--threads=8",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)

        projector_path = f"/sessies/{sessie.pk}/projector/"
        viewer = Client(port, cookies_for(members[1]))
        status, page = viewer.request("GET", projector_path)
        assert status == 200, status
        poll_path = re.search(r'hx-get="(/live/[^"]+)"', page).group(1)
        base_poll = poll_path.split("?")[0]

        sent: dict[str, float] = {}
        seen: list[float] = []
        lock = threading.Lock()
        stop = threading.Event()

        def screen(user):
            client = Client(port, cookies_for(user))
            _s, body = client.request("GET", projector_path)
            version = re.search(r"\?v=(\d+)", body).group(1)
            known: set[str] = set()
            while not stop.is_set():
                t0 = time.monotonic()
                status, body = client.request("GET", f"{base_poll}?v={version}")
                if status == 200:
                    version = re.search(r"\?v=(\d+)", body).group(1)
                    now = time.monotonic()
                    for text in re.findall(r"(IDEE-\d+)", body):
                        if text not in known:
                            known.add(text)
                            with lock:
                                if text in sent:
                                    seen.append(now - sent[text])
                time.sleep(max(0.0, POLL_INTERVAL - (time.monotonic() - t0)))

        screens = [
            threading.Thread(target=screen, args=(members[i % len(members)],), daemon=True)
            for i in range(args.screens)
        ]
        for thread in screens:
            thread.start()
        time.sleep(1.0)

        phone = Client(port, cookies_for(members[2]))
        csrf_secret = _get_new_csrf_string()
        phone.cookies[settings.CSRF_COOKIE_NAME] = csrf_secret
        token = _mask_cipher_secret(csrf_secret)
        idea_path = f"/s/{sessie.join_code}/idee/"
        for i in range(args.ideas):
            text = f"IDEE-{i}"
            with lock:
                sent[text] = time.monotonic()
            status, _body = phone.request(
                "POST", idea_path, {"text": text}, {"X-CSRFToken": token, "HX-Request": "true"}
            )
            assert status == 200, status
            time.sleep(0.37)  # not in step with the pollers
        time.sleep(1.5)
        stop.set()
        for thread in screens:
            thread.join(timeout=5)

        # Unchanged polls: round trip and rate for one client, back to back.
        quiet = Client(port, cookies_for(members[3]))
        _s, body = quiet.request("GET", projector_path)
        version = re.search(r"\?v=(\d+)", body).group(1)
        rtts = []
        end = time.monotonic() + 3
        while time.monotonic() < end:
            t0 = time.perf_counter()
            status, _b = quiet.request("GET", f"{base_poll}?v={version}")
            rtts.append(time.perf_counter() - t0)
            assert status == 204, status
    finally:
        server.terminate()
        server.wait(timeout=10)

    expected = args.ideas * args.screens
    print(f"gunicorn gthread, {args.workers} workers × 8 threads, SQLite + file cache, loopback")
    print(f"{args.screens} screens polling every {POLL_INTERVAL * 1000:.0f} ms, {args.ideas} ideas")
    print(f"deliveries seen: {len(seen)} of {expected}")
    if seen:
        ms = [s * 1000 for s in seen]
        print(
            f"idea → screen latency ms: p50 {statistics.median(ms):.0f}  "
            f"p95 {percentile(ms, 95):.0f}  max {max(ms):.0f}"
        )
    rtt_ms = [r * 1000 for r in rtts]
    print(
        f"unchanged poll (204) round trip ms: p50 {statistics.median(rtt_ms):.2f}  "
        f"p95 {percentile(rtt_ms, 95):.2f}; one client back to back: {len(rtts) / 3:.0f}/s"
    )


if __name__ == "__main__":
    main()
