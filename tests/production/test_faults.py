"""The database going away: a Chinese 503 with Retry-After, /healthz 503, and recovery without a restart."""

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
