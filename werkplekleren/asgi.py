"""The ASGI application: HTTP through Django, WebSockets of live session screens through
Channels. Served by uvicorn (gunicorn.conf.py in production, `make run` locally)."""

import asyncio
import gc
import os
import warnings
import weakref
from concurrent.futures import ThreadPoolExecutor

import django
from asgiref.sync import ThreadSensitiveContext
from django.core.handlers.asgi import ASGIHandler

# WhiteNoise answers static files with a synchronous iterator; Django's ASGI handler warns on
# each one. The files are small and cached by browsers: the warning says nothing we act on.
warnings.filterwarnings(
    "ignore", message="StreamingHttpResponse must consume synchronous iterators"
)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkplekleren.settings.local")


class PooledThreadsASGIHandler(ASGIHandler):
    """Django's ASGI handler, with at most ``threads`` requests in their synchronous part
    (middleware, view) at once, each on a thread kept from an earlier request.

    Django runs each request's synchronous code on a thread of its own. Out of the box
    asgiref starts that thread for the request and joins it afterwards, both waiting in the
    event loop, and lets every request in at once: under load (200 live sessions on 2 cores)
    dozens of threads took turns on the one interpreter lock, the loop waited behind them and
    so did every screen's push (bench/live_load.py; docs/performance.md). Here a request still
    has one thread to itself, as under a threaded WSGI server, the thread lives on for the
    next request, and requests beyond ``threads`` wait their turn in the loop, where waiting
    costs nothing. WebSockets do not pass through here.
    """

    def __init__(self, *, threads: int):
        super().__init__()
        self.threads = threads
        # Per event loop (one in a server process; tests start servers with loops of their
        # own): the free slots and the idle threads, touched only from that loop's thread.
        self.loops: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)  # (refuses it)
        loop = asyncio.get_running_loop()
        if loop not in self.loops:
            self.loops[loop] = (asyncio.Semaphore(self.threads), [])
        slots, idle = self.loops[loop]
        async with slots:
            executor = idle.pop() if idle else ThreadPoolExecutor(max_workers=1)
            try:
                async with ThreadSensitiveContext(executor=executor):
                    await self.handle(scope, receive, send)
            finally:
                # Even after a cancelled request whose view still runs: the thread's next
                # request simply waits behind it (one call at a time per thread).
                idle.append(executor)


# Django must be set up before the consumers (and their models) are imported.
django.setup(set_prefix=False)
django_asgi_app = PooledThreadsASGIHandler(threads=int(os.environ.get("ASGI_THREADS", "2")))

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

# Everything loaded so far (Django, the apps, the templates' code) lives as long as the
# process: keep it out of the garbage collector's full passes. (The usual practice for a
# long-lived server; bench/live_load.py could not tell it apart from the noise.)
gc.freeze()
