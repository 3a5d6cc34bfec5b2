"""The ASGI application served by a real uvicorn in a thread of the test process, for tests
that need WebSockets (pytest-django's live_server speaks only WSGI).

In the same process, the in-memory channel layer of the embedded default is shared between
the server and the test code, so a change the test makes through a service reaches the
screens; in the services suite (CHANNELS_URL set) changes travel through Redis.
"""

import socket
import threading
import time
from types import SimpleNamespace

import uvicorn


class ASGIServer:
    def __init__(self):
        from werkplekleren.asgi import application

        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        config = uvicorn.Config(
            application,
            log_level="warning",
            lifespan="off",
            ws="websockets-sansio",
            access_log=False,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "ASGIServer":
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()
        flush_in_memory_layer()


def flush_in_memory_layer() -> None:
    """Groups of screens from this test must not make later tests render for them."""
    from channels.layers import InMemoryChannelLayer, get_channel_layer

    layer = get_channel_layer()
    if isinstance(layer, InMemoryChannelLayer):
        # What layer.flush() does, without an event loop (Playwright's runs in this thread).
        layer.channels.clear()
        layer.groups.clear()


def server_namespace(server: ASGIServer) -> SimpleNamespace:
    return SimpleNamespace(url=server.url, port=server.port, server=server)
