"""Where a form may send the browser back to after a POST (its ``next`` field)."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, fallback: str) -> str:
    """``next`` when it is a path on this site, else ``fallback``. Only absolute paths: a bare
    word such as ``1`` would be read by ``redirect()`` as a view name (a 500)."""
    candidate = str(request.POST.get("next", ""))
    if (
        candidate.startswith("/")
        and not candidate.startswith("//")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return fallback
