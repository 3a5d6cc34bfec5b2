"""The one web-server configuration: the Dockerfile, docker-compose and the benchmarks all
start `gunicorn -c gunicorn.conf.py werkplekleren.asgi:application`.

gunicorn supervises uvicorn workers (ASGI): each worker serves ordinary requests and the
long-lived WebSockets of live session screens in one event loop, and runs synchronous views
in its thread pool. Several workers (and machines) share the screens' changes through Redis
(CHANNELS_URL). Everything can be overridden from the environment.
"""

import multiprocessing
import os

bind = os.environ.get("WEB_BIND", "0.0.0.0:" + os.environ.get("PORT", "8000"))
worker_class = "uvicorn_worker.UvicornWorker"
# One event loop per core: a worker holds thousands of idle screens; CPU is the limit.
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count()))
# Requests whose synchronous part (middleware, view) runs at once, per worker; more wait in
# the event loop (werkplekleren/asgi.py). Python threads share one core: 2 kept 200 live
# sessions on 2 cores within their targets, 16 let them thrash (docs/performance.md).
os.environ.setdefault("ASGI_THREADS", os.environ.get("WEB_THREADS", "2"))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 20
keepalive = 5
# Restart workers now and then so a slow leak never becomes an outage; jitter avoids all at once.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000
accesslog = os.environ.get("WEB_ACCESS_LOG", "-") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
