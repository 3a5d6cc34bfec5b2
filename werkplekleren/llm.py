"""The LLM infrastructure every app shares: the error a model call raises, and which model
the worker will use (its configuration, reported with its heartbeat). The apps' drafters
(``didactiek.llm``) and the job rows' state machine (``werkplekleren.jobs``) build on it."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


class LLMError(Exception):
    """A failed call. ``retryable`` says whether trying again later may help; ``message`` is
    the Dutch reason shown to the group."""

    def __init__(self, message: str, *, retryable: bool):
        super().__init__(message)
        self.message = message
        self.retryable = retryable


def configuration() -> dict:
    """This process's LLM configuration as the worker reports it (never the key itself)."""
    base_url = settings.OPENAI_BASE_URL
    return {
        "configured": bool(settings.OPENAI_API_KEY or base_url),
        "provider": urlsplit(base_url).netloc if base_url else "api.openai.com",
        "model": settings.LLM_MODEL,
    }


# A worker not seen for this long no longer speaks for the workers that will draft.
WORKER_REPORT_FRESH_SECONDS = 10 * 60
_REPORT_CACHE_KEY = "llm:worker-report"
_REPORT_CACHE_SECONDS = 30


def worker_report_cache_clear() -> None:
    cache.delete(_REPORT_CACHE_KEY)


def worker_configuration() -> dict | None:
    """The LLM configuration the most recently seen worker reported (heartbeat), or None
    when no worker reported lately. Cached briefly: every phone in the proposal step asks."""
    report = cache.get(_REPORT_CACHE_KEY)
    if report is None:
        from .models import WorkerHeartbeat

        fresh = timezone.now() - timedelta(seconds=WORKER_REPORT_FRESH_SECONDS)
        latest = (
            WorkerHeartbeat.objects.filter(seen_at__gte=fresh)
            .exclude(llm={})
            .order_by("-seen_at")
            .values_list("llm", flat=True)
            .first()
        )
        report = latest or {}
        cache.set(_REPORT_CACHE_KEY, report, _REPORT_CACHE_SECONDS)
    return report or None
