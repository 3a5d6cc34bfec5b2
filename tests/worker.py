"""A real Celery worker process for tests, on whatever broker the settings name.

On the embedded default it reads kombu's filesystem queue and the SQLite test database file;
in the services suite (.ci/run) it reads Redis and the PostgreSQL test database.
"""

import os
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
    def __init__(self, process: subprocess.Popen, log_path: Path):
        self.process = process
        self.log_path = log_path

    @property
    def log(self) -> str:
        return self.log_path.read_text()


def start_worker(log_path: Path) -> Worker:
    app.control.purge()  # no leftovers from an earlier, interrupted run
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "werkplekleren.settings.local",
        "DATABASE_URL": test_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "DEBUG": "false",
    }
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        env["CELERY_DATA_DIR"] = str(
            Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]).parent
        )
    log = log_path.open("w")
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
        if "ready." in log_path.read_text():
            return Worker(process, log_path)
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
