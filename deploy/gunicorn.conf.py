"""gunicorn settings: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`.

Environment: GUNICORN_BIND (default 127.0.0.1:8000), GUNICORN_WORKERS (default 2 x cores + 1),
DB_QUERY_TIMEOUT_SECONDS (default 2 here; 0 turns the limit off).
"""

import gc
import multiprocessing
import os

# A request's query, COMMIT or health check unanswered for 2 s gives the visitor the 503 page instead of a
# hung worker (a frozen PostgreSQL; zhujing_center/postgresql/base.py). Only the web server: a migrate or a
# restore from manage.py keeps no limit.
os.environ.setdefault("DB_QUERY_TIMEOUT_SECONDS", "2")

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 20
keepalive = 5
max_requests = 5000  # recycle workers now and then
max_requests_jitter = 500
preload_app = True
accesslog = None  # one JSON line per request comes from the app itself (zhujing_center/logs.py)
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server, worker):
    # Objects loaded before the fork never change: keep the garbage collector off them (steadier latency).
    gc.freeze()
