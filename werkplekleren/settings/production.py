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


# Persistent database connections: a process keeps its connection for CONN_MAX_AGE seconds
# instead of opening one per request or task, and Django checks it is still alive before
# reusing it after an idle spell (a restarted or failed-over database is not an error page).
# The Celery worker and beat, and any WSGI server, keep connections (default 60 s). Under
# ASGI every request runs its sync code in a thread of its own, so a kept connection would
# be left behind with that thread: Django's docs say to disable persistence there, and the
# ASGI web process defaults to 0 (a pooler such as PgBouncer in front of PostgreSQL is the
# way to save the connect there). CONN_MAX_AGE in the environment always wins.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if _serving_asgi() else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

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
