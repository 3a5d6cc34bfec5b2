"""Production: PostgreSQL, Redis, gunicorn behind a TLS-terminating proxy."""

import sys

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DEMO_DATA_ALLOWED = False


def _serving_asgi() -> bool:
    """True in an ASGI web process (gunicorn.conf.py starts uvicorn workers, which import
    uvicorn before they load the application)."""
    return any(name in sys.modules for name in ("uvicorn", "daphne"))


# Database connections. The Celery worker and beat (and any WSGI server) keep one connection
# per process for CONN_MAX_AGE seconds (default 60), checked before reuse after an idle spell
# (a restarted or failed-over database is not an error page). Under ASGI every request runs
# its sync code in a thread of its own, so a kept connection would be left behind with that
# thread, and a new connection per request costs a PostgreSQL backend start each time: the
# ASGI web process takes connections from a psycopg pool shared by its threads instead
# (DATABASE_POOL_MAX_SIZE per process; DATABASE_POOL=false turns it off, e.g. behind
# PgBouncer in transaction mode). CONN_MAX_AGE in the environment always wins without a pool.
_pool = (
    _serving_asgi()
    and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and env.bool("DATABASE_POOL", default=True)
)
if _pool:
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps them; Django requires 0 here
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=2),
        "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=20),
        # A request waits this long for a free connection before it fails (503, not a hang).
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int(
        "CONN_MAX_AGE", default=0 if _serving_asgi() else 60
    )
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Sessions are read on every request (every tap in a live session): from Redis, with the
# database behind it, so a cache flush logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Container health checks call /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")

# Uploaded media in an S3-compatible store (AWS S3, MinIO, Ceph, …) when a bucket is named;
# otherwise the local folder MEDIA_ROOT (a mounted volume).
if env("MEDIA_S3_BUCKET", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("MEDIA_S3_BUCKET"),
            "endpoint_url": env("MEDIA_S3_ENDPOINT_URL", default=None),
            "region_name": env("MEDIA_S3_REGION", default=None),
            "access_key": env("MEDIA_S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("MEDIA_S3_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
