"""Settings for pytest: the same as local, but fast and with mail kept in memory."""

from .local import *  # noqa: F403
from .local import (
    BASE_DIR,
    CACHES,
    CELERY_BROKER_URL,
    DATABASES,
    env,
    filesystem_transport_options,
)

# `make test` spreads the suite over processes (pytest-xdist sets PYTEST_XDIST_WORKER, e.g.
# "gw0"): each has its own database file (pytest-django adds the suffix), broker folder, cache
# folder and media folder, so one process's Celery worker or cache clear never reaches another.
_WORKER = env("PYTEST_XDIST_WORKER", default="")
_APART = f"-{_WORKER}" if _WORKER else ""

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so that a real Celery worker process can share the test database.
    DATABASES["default"]["TEST"] = {
        "NAME": env("TEST_SQLITE_NAME", default=str(BASE_DIR / ".pytest-db.sqlite3"))
    }
if CELERY_BROKER_URL.startswith("filesystem://"):
    # Apart from the folder a `make run` worker reads, so tests never feed a dev worker.
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_transport_options(
        BASE_DIR / f".celery-test{_APART}"
    )
if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
    CACHES["default"]["LOCATION"] = str(BASE_DIR / ".cache" / f"test{_APART}")

# Tests compare L&O figures before and after a change within one test: compute every time
# (tests/lo/test_privacy.py checks the cache on its own).
LO_FIGURES_CACHE_SECONDS = 0

# Uploaded media of the tests stay apart from a developer's own.
MEDIA_ROOT = BASE_DIR / f".media-test{_APART}"
