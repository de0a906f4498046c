"""Two app servers sharing PostgreSQL and Redis: an edit made through one shows at once on the other."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from config.settings import cache_settings
from services.models import Service

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
PAGES_URL = os.environ.get("TEST_REDIS_PAGES_URL", "redis://127.0.0.1:6379/8")

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def server_env(static_root: Path) -> dict:
    leaks = ("DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in leaks}
    env.update(
        DATABASE_URL=database_url(),
        REDIS_URL=REDIS_URL,
        REDIS_PAGES_URL=PAGES_URL,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        PAGE_CACHE_SECONDS="300",
        LOG_LEVEL="WARNING",
        STATIC_ROOT=str(static_root),
    )
    return env


def start_server(port: int, env: dict) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    return subprocess.Popen(
        [gunicorn, "--bind", f"127.0.0.1:{port}", "--workers", "2", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def get(port: int, path: str) -> tuple[str, str]:
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
                return response.headers.get("X-Page-Cache", ""), response.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"server on {port} did not answer")


def test_an_edit_through_one_server_shows_at_once_on_the_other(committed_sample, settings, tmp_path):
    if connection.vendor != "postgresql" or not redis_available():
        pytest.skip("needs PostgreSQL and Redis shared by two processes (CI's PostgreSQL run has both)")
    # This process saves the edit as a third app server would: with the same Redis databases as the two.
    settings.CACHES = {"default": cache_settings(REDIS_URL, "", 0), "pages": cache_settings(PAGES_URL, "", 0)}
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
    env = server_env(tmp_path / "static")
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    ports = [free_port(), free_port()]
    servers = [start_server(port, env) for port in ports]
    try:
        path = "/services/mianfei-liang-xueya/"
        for port in ports:
            get(port, path)
        assert all(get(port, path)[0] == "hit" for port in ports)  # both have it cached
        # The edit: saved by one app server's code (here, this process), through the same shared Redis.
        service = Service.objects.get(slug="mianfei-liang-xueya")
        service.summary = "两台服务器都要马上看到这句话"
        service.save()  # outside a transaction (a transactional test): it commits, and the page cache is emptied
        for port in ports:
            _state, html = get(port, path)
            assert "两台服务器都要马上看到这句话" in html, port
    finally:
        for server in servers:
            server.terminate()
            server.wait(20)
        for alias in ("default", "pages"):
            caches[alias].clear()
