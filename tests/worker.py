"""A real Celery worker process for tests, on whatever broker the settings name.

On the embedded default it reads kombu's filesystem queue and the SQLite test database file;
in the services suite (.ci/run) it reads Redis and the PostgreSQL test database.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection

from werkplekleren.celery import app

ROOT = Path(__file__).resolve().parent.parent


def test_database_url() -> str:
    """DATABASE_URL that points a separate process at the test database in use."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{db['NAME']}"))


class Worker:
    def __init__(self, process: subprocess.Popen, log_path: Path, extra_env: dict | None):
        self.process = process
        self.log_path = log_path
        self.extra_env = extra_env

    @property
    def log(self) -> str:
        return self.log_path.read_text()

    def kill(self) -> None:
        """SIGKILL: the worker dies mid-task, as on a lost machine or an OOM kill."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def restart(self) -> None:
        """A new worker process in place of this one (the same log file, appended)."""
        fresh = start_worker(self.log_path, self.extra_env, purge=False, append=True)
        self.process = fresh.process


def _cache_url() -> str:
    """The worker must share the test cache, or live screens would not see its changes."""
    cache = settings.CACHES["default"]
    if cache["BACKEND"].endswith("FileBasedCache"):
        return f"filecache://{cache['LOCATION']}"
    return cache["LOCATION"]


def start_worker(
    log_path: Path, extra_env: dict | None = None, *, purge: bool = True, append: bool = False
) -> Worker:
    if purge:
        app.control.purge()  # no leftovers from an earlier, interrupted run
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "werkplekleren.settings.local",
        "DATABASE_URL": test_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "DEBUG": "false",
        "CACHE_URL": _cache_url(),
        **(extra_env or {}),
    }
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        env["CELERY_DATA_DIR"] = str(
            Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]).parent
        )
    start_at = log_path.stat().st_size if append and log_path.exists() else 0
    log = log_path.open("a" if append else "w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "werkplekleren",
            "worker",
            "--pool=solo",
            "--loglevel=info",
            "--hostname=testworker@%h",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Celery worker exited early:\n{log_path.read_text()}")
        if "ready." in log_path.read_text()[start_at:]:
            return Worker(process, log_path, extra_env)
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"Celery worker did not start in time:\n{log_path.read_text()}")


def stop_worker(worker: Worker) -> None:
    process = worker.process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
