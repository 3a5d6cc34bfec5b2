"""The embedded default used by ``make run``: no servers, nothing to configure."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# Development only; production refuses to start without a real SECRET_KEY.
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-werkplekleren-do-not-deploy")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=True)

# runserver serves static files through WhiteNoise straight from static/ (no collectstatic).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A local OpenID Connect provider (docs/sso.md) may speak plain http.
OIDC_ALLOW_HTTP_ISSUER = env.bool("OIDC_ALLOW_HTTP_ISSUER", default=True)
