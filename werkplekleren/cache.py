"""The Redis cache, with one connection pool and one client per process.

Under ASGI, Django makes its cache objects per request context (each request runs in a
thread of its own). Django's Redis cache then builds a new connection pool for every request
(a new TCP connection to Redis each time) and a new ``redis.Redis`` client for every cache call
(copying its table of ~170 reply handlers: about a millisecond of CPU each). Here every cache
object of a process shares the pool and the client for the same server; both are thread-safe,
and redis-py resets a pool after a fork, so Celery's and gunicorn's child processes each get
their own connections.
"""

import threading

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

_shared: dict[tuple, tuple] = {}
_lock = threading.Lock()


class SharedRedisCacheClient(RedisCacheClient):
    def _shared(self, write: bool) -> tuple:
        index = self._get_connection_pool_index(write)
        key = (
            self._servers[index],
            self._pool_class,
            tuple(sorted((name, repr(value)) for name, value in self._pool_options.items())),
        )
        with _lock:
            found = _shared.get(key)
            if found is None:
                pool = self._pool_class.from_url(self._servers[index], **self._pool_options)
                found = _shared[key] = (pool, self._client(connection_pool=pool))
            return found

    def _get_connection_pool(self, write):
        return self._shared(write)[0]

    def get_client(self, key=None, *, write=False):
        return self._shared(write)[1]


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedRedisCacheClient
