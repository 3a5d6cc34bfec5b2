"""The ASGI handler keeps request threads and lets a fixed number of requests in at once
(werkplekleren/asgi.py): the cure for the thread churn that held up 200 live sessions."""

import asyncio
import threading

from asgiref.testing import ApplicationCommunicator

from werkplekleren.asgi import PooledThreadsASGIHandler


def _scope(path: str) -> dict:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }


async def _get(app, path: str) -> int:
    communicator = ApplicationCommunicator(app, _scope(path))
    await communicator.send_input({"type": "http.request", "body": b"", "more_body": False})
    start = await communicator.receive_output(timeout=20)
    while (await communicator.receive_output(timeout=20)).get("more_body"):
        pass
    await communicator.wait(timeout=20)
    return start["status"]


def test_requests_reuse_their_threads_and_wait_for_a_free_one():
    app = PooledThreadsASGIHandler(threads=2)
    before = threading.active_count()
    seen = {}

    async def main():
        seen["loop"] = asyncio.get_running_loop()
        first = await asyncio.gather(*(_get(app, "/accounts/login/") for _ in range(6)))
        second = await asyncio.gather(*(_get(app, "/accounts/login/") for _ in range(6)))
        seen["statuses"] = first + second

    # A loop of its own, in a thread of its own (a browser test may have left one running).
    runner = threading.Thread(target=lambda: asyncio.run(main()))
    runner.start()
    runner.join(timeout=60)
    assert seen["statuses"] == [200] * 12
    # Twelve requests, six at a time: never more than two threads, kept for the next ones.
    _slots, idle = app.loops[seen["loop"]]
    assert len(idle) == 2
    assert threading.active_count() - before <= 2
    for executor in idle:
        executor.shutdown()
