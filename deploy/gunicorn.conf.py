"""gunicorn settings: `gunicorn -c deploy/gunicorn.conf.py zhujing_center.wsgi`.

Environment: GUNICORN_BIND (default 127.0.0.1:8000), GUNICORN_WORKERS (default 2 x cores + 1).
"""

import gc
import multiprocessing
import os

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
