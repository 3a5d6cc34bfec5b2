"""Settings shared by every environment; everything that differs comes from the environment.

cookiecutter-django style: ``local`` (the embedded default for ``make run``), ``test`` and
``production`` import from here and only change what they must.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A developer may keep local overrides in .env; production sets real environment variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks.
    "modeltranslation",
    "channels",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "mozilla_django_oidc",
    "werkplekleren",
    "didactiek",
    "weekcyclus",
    "trajecten",
    "profcirkel",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "werkplekleren.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "werkplekleren.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last but one, as django-axes asks: it turns a lock-out into our Dutch page.
    "axes.middleware.AxesMiddleware",
    # Innermost, and synchronous only: under ASGI, Django then runs the whole chain in the
    # request's thread (the views are synchronous) instead of hopping between the event loop
    # and a thread for every middleware — under load those hops were most of the wait.
    "werkplekleren.middleware.StripNulBytesMiddleware",
]

# Content-Security-Policy (werkplekleren.middleware): scripts from our origin only, no
# inline script and no eval (htmx runs with allowEval off, see templates/base.html). Inline
# style *attributes* stay allowed for the CSS variables of the projector's bars; style
# elements must come from our origin.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # …and the one <style> the vendored htmx inserts on pages without our htmx-config
        # meta (its exact text, by hash: static/vendor/htmx.min.js, includeIndicatorStyles).
        "style-src 'self' 'sha256-faU7yAF8NxuMTNEwVmBz+VcYeIoBQ2EMHW3WaVxCvnk='",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

ROOT_URLCONF = "werkplekleren.urls"
WSGI_APPLICATION = "werkplekleren.wsgi.application"
ASGI_APPLICATION = "werkplekleren.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite file by default so `make run` needs no server; DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker write to the same file: wait instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Live session screens ask the cache "did anything change?" many times a second, so it must
# be shared by every process: a folder by default, Redis in production (CACHE_URL).
CACHES = {
    "default": env.cache("CACHE_URL", default=f"filecache://{BASE_DIR / '.cache' / 'django'}"),
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # One connection pool and client per process, not per request (werkplekleren/cache.py).
    CACHES["default"]["BACKEND"] = "werkplekleren.cache.RedisCache"

# Live session screens get changes pushed over a WebSocket (weekcyclus/push.py). The channel
# layer carries a change from the process that made it to every process holding screens of
# that session: Redis pub/sub in production (CHANNELS_URL); in-process memory for the embedded
# default, where one uvicorn process serves everything and the worker's changes arrive through
# the watchdog below.
CHANNELS_URL = env("CHANNELS_URL", default="")
CHANNEL_LAYERS = {
    "default": (
        {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [CHANNELS_URL]},
        }
        if CHANNELS_URL
        else {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    )
}
# Every server process checks, this often, whether a session it holds screens for has a newer
# version than it delivered (a change from another process without the shared layer, or a
# lost message) and tells those screens to catch up.
LIVE_WATCHDOG_SECONDS = env.float("LIVE_WATCHDOG_SECONDS", default=0.5 if not CHANNELS_URL else 5.0)

AUTH_USER_MODEL = "werkplekleren.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any attempt while the account or the address is locked out.
    "werkplekleren.auth.LockoutBackend",
    "werkplekleren.auth.EmailBackend",
    # Single sign-on per organisation (werkplekleren/sso.py).
    "werkplekleren.sso.OrganisationOIDCBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "werkplekleren.auth.MinimumLengthValidator"},  # Django's, message in Dutch
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Dutch first; English selectable through the language switch (set_language view).
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded media (frame media, catalogue files). Never served as static files: every download
# goes through didactiek.views.media, which checks who may see it.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media-files/"
MEDIA_MAX_BYTES = env.int("MEDIA_MAX_BYTES", default=200 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Model content in both languages (django-modeltranslation): Dutch first, English falls back.
MODELTRANSLATION_DEFAULT_LANGUAGE = "nl"
MODELTRANSLATION_LANGUAGES = ("nl", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("nl",)

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# Where links in e-mails point (reminders, proposal updates).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Werkplekleren+ <noreply@localhost>")
# SMTP (production's default backend, or a local Mailpit with EMAIL_BACKEND=…smtp.EmailBackend).
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# Every e-mail is a Celery task (werkplekleren/mail.py): a mail server that hangs costs the
# worker EMAIL_TIMEOUT seconds per attempt, never a web request.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
MAIL_MAX_RETRIES = env.int("MAIL_MAX_RETRIES", default=6)
MAIL_RETRY_SECONDS = env.int("MAIL_RETRY_SECONDS", default=60)  # doubled each attempt
# A queued mail no worker has taken after this long is handed out again (beat).
MAIL_STUCK_AFTER_SECONDS = env.int("MAIL_STUCK_AFTER_SECONDS", default=15 * 60)
# How long the link in an invitation works; an admin can send a new one.
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60 * 24)

# --- Login protection (django-axes) ---------------------------------------------------------
# Ten failures lock the account for a while; an address (a whole office may share one behind
# NAT) is locked after AXES_ADDRESS_FAILURE_LIMIT failures on any accounts.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=100)
AXES_HANDLER = "werkplekleren.auth.LockoutHandler"
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "werkplekleren.auth.axes_username"
AXES_LOCKOUT_CALLABLE = "werkplekleren.auth.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address: REMOTE_ADDR, unless production names its proxy's header.
AXES_CLIENT_IP_CALLABLE = "werkplekleren.auth.client_ip"
AXES_CLIENT_IP_HEADER = env("AXES_CLIENT_IP_HEADER", default="")

# --- Single sign-on (OpenID Connect, mozilla-django-oidc; per organisation in the database) --
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False  # no self-registration: only existing active people
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
OIDC_AUTHENTICATION_CALLBACK_URL = "sso_callback"
# Development and tests may talk to a provider over plain http on loopback.
OIDC_ALLOW_HTTP_ISSUER = env.bool("OIDC_ALLOW_HTTP_ISSUER", default=False)

# --- Celery -------------------------------------------------------------------------------
# The embedded default is kombu's filesystem transport: a folder instead of a broker server.
# It is for development only (one machine, no guarantees); production uses Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=env("REDIS_URL", default="filesystem://"))


def filesystem_transport_options(folder: Path) -> dict:
    """Options for kombu's filesystem transport; it does not create its folders itself."""
    for sub in ("queue", "control"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }


CELERY_BROKER_TRANSPORT_OPTIONS = (
    filesystem_transport_options(Path(env("CELERY_DATA_DIR", default=str(BASE_DIR / ".celery"))))
    if CELERY_BROKER_URL.startswith("filesystem://")
    else {}
)
# The database row holds a job's state, so results are never stored in the broker.
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=150)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "werkplekleren.tasks.worker_heartbeat", "schedule": 60.0},
    "requeue-stuck-drafts": {"task": "didactiek.tasks.requeue_stuck_drafts", "schedule": 60.0},
    # Jobs asked for while the broker was unreachable: sent within seconds of its return.
    "send-unsent-drafts": {"task": "didactiek.tasks.send_unsent_drafts", "schedule": 5.0},
    "send-unsent-leerpaden": {"task": "trajecten.tasks.send_unsent_leerpaden", "schedule": 5.0},
    "requeue-stuck-leerpaden": {
        "task": "trajecten.tasks.requeue_stuck_leerpaden",
        "schedule": 60.0,
    },
    # Data rights: erase people deactivated longer than the retention period (daily).
    "erase-past-retention": {
        "task": "werkplekleren.tasks.erase_past_retention",
        "schedule": 24 * 60 * 60.0,
    },
    # L&O figures that read everyone: computed again before their cache runs out.
    "refresh-lo-figures": {"task": "trajecten.tasks.refresh_lo_figures", "schedule": 10 * 60.0},
    # Talentontwikkelgesprekken: professional 2 days, leidinggevende 1 day before, once each.
    "requeue-stuck-mail": {"task": "werkplekleren.tasks.requeue_stuck_mail", "schedule": 300.0},
    "send-gesprek-reminders": {
        "task": "profcirkel.tasks.send_gesprek_reminders",
        "schedule": 15 * 60.0,
    },
    # Similar proposals: embeddings asked for while the broker was away, or lost.
    "send-queued-embeddings": {"task": "didactiek.tasks.send_queued_embeddings", "schedule": 30.0},
}

# --- LLM (used from the AI drafting issue on; read here so every environment is explicit) --
OPENAI_BASE_URL = env("OPENAI_BASE_URL", default="")
OPENAI_API_KEY = env("OPENAI_API_KEY", default="")
LLM_MODEL = env("LLM_MODEL", default="gpt-4o-mini")
# Similar proposals (didactiek/similar.py): the provider's embedding model.
LLM_EMBEDDING_MODEL = env("LLM_EMBEDDING_MODEL", default="text-embedding-3-small")
LLM_TIMEOUT_SECONDS = env.float("LLM_TIMEOUT_SECONDS", default=60.0)
LLM_SDK_MAX_RETRIES = env.int("LLM_SDK_MAX_RETRIES", default=0)
# Data rights (werkplekleren/privacy.py, docs/privacy.md): a deactivated person is erased
# this many months after deactivation (0 switches the rule off; an administrator can always
# erase someone who left by hand).
RETENTION_MONTHS_AFTER_DEACTIVATION = env.int("RETENTION_MONTHS_AFTER_DEACTIVATION", default=24)

# L&O team figures are over closed months only, which do not change: kept this long in the
# shared cache (0: computed on every visit). The signal index (who has which progress
# signal) is kept as long; beat computes both again every 10 minutes.
LO_FIGURES_CACHE_SECONDS = env.int("LO_FIGURES_CACHE_SECONDS", default=900)

# One setting bounds every LLM job (proposal drafts, learning paths): the task's hard time
# limit. Everything else follows from it, so the numbers can never contradict each other:
# the soft limit 30 s earlier; each model call (a job makes at most two: one retry after an
# answer in the wrong form) gets an overall deadline that fits twice within the soft limit;
# and a job is handed out again by the beat task only once its hard limit has surely passed,
# so a running draft is never handed out twice.
LLM_JOB_TIME_LIMIT_SECONDS = max(60, env.int("LLM_JOB_TIME_LIMIT_SECONDS", default=180))
LLM_JOB_SOFT_TIME_LIMIT_SECONDS = LLM_JOB_TIME_LIMIT_SECONDS - 30
LLM_CALL_DEADLINE_SECONDS = (LLM_JOB_SOFT_TIME_LIMIT_SECONDS - 10) / 2
DRAFT_STUCK_AFTER_SECONDS = LLM_JOB_TIME_LIMIT_SECONDS + 60

# The REST API for integrations (werkplekleren/api/): every queryset comes from
# werkplekleren.access, exactly like the pages.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an integration without (valid) credentials gets a 401 asking for one.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="60/hour"),
        "user": env("API_THROTTLE_USER", default="1000/hour"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Werkplekleren+ API",
    "DESCRIPTION": (
        "Read and write access for integrations (HR systems, BI, intranet). Everything is "
        "scoped like the pages: an object you may not see is a 404."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc come from drf-spectacular-sidecar's static files (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        # Sessie.State and Leeractiviteit.Status are the same choices: gepland/bezig/afgerond.
        "GeplandBezigAfgerondEnum": "weekcyclus.models.Sessie.State",
        "GroepMemberStatusEnum": "weekcyclus.models.GroepMember.Status",
        "VoorstelStatusEnum": "didactiek.models.Verbetervoorstel.Status",
        "TrajectStateEnum": "trajecten.models.ProfTraject.State",
        "GesprekStateEnum": "profcirkel.models.Talentontwikkelgesprek.State",
    },
}

# seed_demo creates accounts with a known password: never in production.
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes logs every login at INFO; failures and lock-outs are WARNING.
    "loggers": {"axes": {"level": env("AXES_LOG_LEVEL", default="WARNING")}},
}
