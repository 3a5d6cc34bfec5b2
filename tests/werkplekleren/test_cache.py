"""Under ASGI Django makes a cache object per request; they must share one Redis pool and
client (werkplekleren/cache.py)."""

import threading

import pytest
from django.conf import settings
from django.core.cache import caches

REDIS = settings.CACHES["default"]["BACKEND"] == "werkplekleren.cache.RedisCache"


@pytest.mark.skipif(not REDIS, reason="needs Redis (CACHE_URL): the services suite")
def test_requests_in_their_own_threads_share_one_redis_connection():
    pools, clients = [], []

    def request(n):
        cache = caches.create_connection("default")  # what each ASGI request gets
        cache.set(f"test-shared-pool-{n}", n, 5)
        assert cache.get(f"test-shared-pool-{n}") == n
        pools.append(cache._cache._get_connection_pool(write=True))
        clients.append(cache._cache.get_client(write=True))

    request(0)
    created = pools[0]._created_connections
    for n in range(1, 11):  # one after the other, as a quiet server's requests come
        thread = threading.Thread(target=request, args=(n,))
        thread.start()
        thread.join()
    assert all(pool is pools[0] for pool in pools)
    assert all(client is clients[0] for client in clients)  # not one per cache call
    assert pools[0]._created_connections == created  # no new connection per request
