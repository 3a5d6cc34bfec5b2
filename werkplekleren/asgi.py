"""The ASGI application: HTTP through Django, WebSockets of live session screens through
Channels. Served by uvicorn (gunicorn.conf.py in production, `make run` locally)."""

import os
import warnings

from django.core.asgi import get_asgi_application

# WhiteNoise answers static files with a synchronous iterator; Django's ASGI handler warns on
# each one. The files are small and cached by browsers: the warning says nothing we act on.
warnings.filterwarnings(
    "ignore", message="StreamingHttpResponse must consume synchronous iterators"
)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkplekleren.settings.local")
# Django must be set up before the consumers (and their models) are imported.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from weekcyclus.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Origin checked against ALLOWED_HOSTS, so another site cannot open a screen's socket
        # with the visitor's cookies.
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
