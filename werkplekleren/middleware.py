from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the person chose otherwise with the language switch.

    Django's own middleware follows the browser's Accept-Language; many Dutch professionals
    run an English browser but work in Dutch, so only the explicit choice (cookie) counts.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ContentSecurityPolicyMiddleware:
    """Sends ``settings.CONTENT_SECURITY_POLICY`` with every response: scripts only from our
    own origin, never inline, never eval — so text that slips into a page cannot run. Our
    JavaScript lives in static files (static/js/, the vendored htmx)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response


class StripNulBytesMiddleware:
    """Removes NUL characters from query and form parameters. No one types them, no text
    field can hold them (PostgreSQL refuses a string with NUL: a server error), and dropping
    an invisible character loses nothing anyone typed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in query or "%00" in query:
            request.GET = _without_nul(request.GET)
        form = request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        )
        if form and any(
            "\x00" in key or any("\x00" in v for v in values if isinstance(v, str))
            for key, values in request.POST.lists()
        ):
            request.POST = _without_nul(request.POST)
        return self.get_response(request)


def _without_nul(data):
    clean = data.copy()
    clean.clear()
    for key, values in data.lists():
        clean.setlist(
            key.replace("\x00", ""),
            [v.replace("\x00", "") if isinstance(v, str) else v for v in values],
        )
    clean._mutable = False
    return clean
