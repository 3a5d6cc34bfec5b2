"""One Redis connection pool per process for the cache.

Under ASGI, Django makes its cache objects per request context (each request runs in a
thread of its own), and each RedisCache object builds its own connection pool: that is a new
TCP connection to Redis for every request. The pool class below hands every cache object of a
process the same pool for the same URL and options (redis-py resets a pool after a fork, so
Celery's and gunicorn's child processes each get their own).
"""

import threading

from redis import ConnectionPool


class SharedConnectionPool(ConnectionPool):
    _pools: dict[tuple, ConnectionPool] = {}
    _lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str, **kwargs) -> ConnectionPool:
        key = (url, tuple(sorted((name, repr(value)) for name, value in kwargs.items())))
        with cls._lock:
            pool = cls._pools.get(key)
            if pool is None:
                pool = cls._pools[key] = super().from_url(url, **kwargs)
            return pool
