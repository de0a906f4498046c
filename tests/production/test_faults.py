"""The database going away: a Chinese 503 with Retry-After, /healthz 503, and recovery without a restart."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.db.backends.utils import CursorWrapper

pytestmark = pytest.mark.django_db


def database_down():
    return mock.patch.object(CursorWrapper, "execute", side_effect=OperationalError("connection refused"))


@pytest.mark.parametrize("path", ["/", "/services/", "/services/?q=血压", "/venues/library/", "/activities/"])
def test_public_pages_answer_503_in_chinese_when_the_database_fails(client, sample, path):
    with database_down():
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "系统维护中" in html and "Traceback" not in html and "OperationalError" not in html


def test_healthz_reports_the_database(client, sample):
    with database_down():
        assert client.get("/healthz").status_code == 503
    assert client.get("/healthz").status_code == 200


def test_pages_work_again_when_the_database_is_back(client, sample):
    with database_down():
        assert client.get("/services/").status_code == 503
    assert client.get("/services/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_real_connection_failure_fails_fast_and_recovers(client):
    """On PostgreSQL: point the connection at a closed port, then back, with no restart."""
    if connection.vendor != "postgresql":
        pytest.skip("a real connection failure needs a networked database (CI runs this on PostgreSQL)")
    import time

    original = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"  # nothing listens there
    try:
        started = time.monotonic()
        response = client.get("/healthz")
        assert response.status_code == 503
        assert client.get("/venues/").status_code == 503
        assert time.monotonic() - started < 10
    finally:
        connection.close()
        connection.settings_dict["PORT"] = original
    assert client.get("/healthz").status_code == 200
    assert client.get("/venues/").status_code == 200


# ---------------------------------------------------------------- PostgreSQL frozen (a server of the test's own)


def postgres_binaries() -> Path | None:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_tree(pid: int) -> list[int]:
    """The postmaster and its children: the backends, the writers (the whole server, as a stalled VM)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return [pid, *children]


@pytest.fixture
def own_postgres():
    """A throw-away PostgreSQL on a free port, never the shared one on 5432 (freezing that would stall others)."""
    binaries = postgres_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL's initdb and pg_ctl are not installed")
    run_as: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        if not shutil.which("runuser") or subprocess.run(["id", "postgres"], capture_output=True).returncode:
            pytest.skip("running as root without a postgres user to start PostgreSQL as")
        run_as = ["runuser", "-u", "postgres", "--"]
    folder = Path(tempfile.mkdtemp(prefix="zhujing-frozen-pg-"))  # pytest's tmp_path is private to root
    if run_as:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", free_port()
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": True}
    subprocess.run([*run_as, str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"], **quiet)
    server_options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = [*run_as, str(binaries / "pg_ctl"), "-D", str(data)]
    subprocess.run([*pg_ctl, "-w", "-l", str(folder / "log"), "-o", server_options, "start"], **quiet)
    postmaster = int((data / "postmaster.pid").read_text().split()[0])
    try:
        yield port, postmaster
    finally:
        for pid in process_tree(postmaster):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], **{**quiet, "check": False})
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def app_server(own_postgres):
    """gunicorn as deployed (deploy/gunicorn.conf.py), one worker, on the test's own PostgreSQL."""
    port, _ = own_postgres
    leaks = ("DEBUG", "REDIS_URL", "REDIS_PAGES_URL", "DB_QUERY_TIMEOUT_SECONDS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {key: value for key, value in os.environ.items() if key not in leaks}
    bind = f"127.0.0.1:{free_port()}"
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",  # no collected static files needed
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/postgres",
        GUNICORN_BIND=bind,
        GUNICORN_WORKERS="1",
        LOG_LEVEL="ERROR",
    )
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "-c", "deploy/gunicorn.conf.py", "--no-control-socket", "config.wsgi"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://{bind}"
    finally:
        server.terminate()
        server.wait(30)


def timed_get(url: str) -> tuple[int, str, float, dict]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            status, body, headers = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, body, headers = error.code, error.read(), error.headers
    return status, body.decode(), time.monotonic() - started, dict(headers)


@pytest.mark.django_db(databases=[])
def test_a_frozen_postgresql_answers_the_503_page_within_5_seconds(own_postgres, app_server):
    """SIGSTOP on the whole server: its kernel still accepts and acknowledges TCP, so only the client-side
    ``query_timeout`` (zhujing_center/postgresql/base.py) ends the wait of a worker holding a connection —
    without it the request hangs until gunicorn kills the worker (30 s) and the visitor gets no answer."""
    _, postmaster = own_postgres
    for _ in range(100):  # the server starting; then a kept connection (CONN_MAX_AGE) with a backend
        try:
            if timed_get(app_server + "/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        pytest.fail("gunicorn did not start")
    frozen = process_tree(postmaster)
    for pid in frozen:
        os.kill(pid, signal.SIGSTOP)
    try:
        for query in ("eins", "zwei"):  # the kept connection, then a new one that is never answered
            status, html, seconds, headers = timed_get(f"{app_server}/services/?q={query}")
            assert status == 503 and seconds < 5, (status, seconds)
            assert "系统维护中" in html and headers["Retry-After"] == "30"
        status, _, seconds, _ = timed_get(app_server + "/healthz")
        assert status == 503 and seconds < 5, (status, seconds)
    finally:
        for pid in frozen:
            os.kill(pid, signal.SIGCONT)
    status, _, seconds, _ = timed_get(app_server + "/healthz")  # thawed: the same worker, no restart
    assert status == 200 and seconds < 1
