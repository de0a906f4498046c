"""Production settings and response headers."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_has_zero_warnings_with_production_settings():
    leaks = ("DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")  # the last is set by browser tests
    env = {k: v for k, v in os.environ.items() if k not in leaks}
    env.update(SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="fuwu.example.cn")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE")}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("path", ["/", "/services/", "/venues/", "/kiosk/", "/nope/", f"/{settings.ADMIN_URL}login/"])
def test_security_headers_on_public_kiosk_and_admin_pages(client, path):
    response = client.get(path, secure=True, follow=False)
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp and "script-src 'self'" in csp
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_cookies_are_secure_httponly_samesite_and_host_only():
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == settings.CSRF_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_COOKIE_NAME.startswith("__Host-") and settings.CSRF_COOKIE_NAME.startswith("__Host-")


def test_no_page_has_inline_script_or_style(client, sample):
    import re

    for path in [
        "/",
        "/services/",
        "/services/mianfei-liang-xueya/",
        "/venues/library/",
        "/activities/",
        "/heritage/",
        "/about/",
        "/kiosk/",
        "/kiosk/home/",
    ]:
        html = client.get(path).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or "application/ld+json" in tag or "application/json" in tag, (path, tag)
        assert not re.search(r"<style\b", html), path
        assert not re.search(r"\sstyle=\"", html), path
        assert not re.search(r"\son[a-z]+=\"", html), path


def test_each_request_is_logged_as_one_json_line(client, caplog):
    import json
    import logging

    from zhujing_center.logs import JsonFormatter

    with caplog.at_level(logging.INFO, logger="zhujing.requests"):
        client.get("/venues/")
    (record,) = [r for r in caplog.records if r.name == "zhujing.requests"]
    line = json.loads(JsonFormatter().format(record))
    assert line["path"] == "/venues/" and line["status"] == 200 and line["ms"] >= 0 and line["method"] == "GET"
