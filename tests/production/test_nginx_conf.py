"""deploy/nginx.conf: nginx accepts it, and its micro-cache never shares what belongs to one visitor."""

import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONF = (ROOT / "deploy" / "nginx.conf").read_text()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def directive(name: str) -> str:
    """The arguments of the one directive called ``name``."""
    found = re.findall(rf"^\s*{name}\s+([^;]*);", CONF, flags=re.M)
    assert len(found) == 1, f"{name}: {found}"
    return found[0]


def map_entries(variable: str) -> list[str]:
    """The patterns of the map that sets ``variable``."""
    body = re.search(rf"map \S+ \${variable} \{{(.*?)\n\}}", CONF, flags=re.S)
    assert body, variable
    return [line.split()[0].strip('"') for line in body.group(1).strip().splitlines() if line.strip()[:7] != "default"]


def cookie_regex() -> re.Pattern:
    (pattern,) = map_entries("zhujing_cookie_bypass")
    return re.compile(pattern.removeprefix("~"))


@pytest.mark.parametrize(
    "cookie",
    [
        "sessionid=abc",
        "__Host-sessionid=abc",
        "display=large; __Host-sessionid=abc",
        "csrftoken=abc",
        "display=large;__Host-csrftoken=abc",
        "messages=abc",
    ],
)
def test_a_session_csrf_or_messages_cookie_bypasses_the_micro_cache(cookie):
    assert cookie_regex().search(cookie)


@pytest.mark.parametrize("cookie", ["", "display=large", "mysessionid=abc", "display=sessionid="])
def test_other_cookies_do_not(cookie):
    assert not cookie_regex().search(cookie)


def test_bypass_and_no_store_cover_cookies_and_paths():
    assert "$zhujing_cookie_bypass" in directive("proxy_cache_bypass")
    assert "$zhujing_path_bypass" in directive("proxy_cache_bypass")
    no_cache = directive("proxy_no_cache")
    for variable in ("$zhujing_cookie_bypass", "$zhujing_path_bypass", "$zhujing_private_response"):
        assert variable in no_cache


def test_admin_feedback_health_checks_and_kiosk_are_never_cached():
    paths = map_entries("zhujing_path_bypass")
    # The admin's address is Django's ADMIN_URL (default admin/); nginx cannot read it, so the file names
    # the default (and says to change it along with the setting).
    assert "~^/admin/" in paths and "ADMIN_URL" in CONF
    for prefix in ("/feedback/", "/healthz", "/kiosk/", "/display/"):
        assert f"~^{prefix}" in paths


def test_the_key_holds_the_display_cookie_and_pages_live_seconds():
    key = directive("proxy_cache_key")
    for part in ("$scheme", "$host", "$request_uri", "$cookie_display"):
        assert part in key
    assert directive("proxy_cache_valid") == "200 301 302 404 5s"
    assert directive("proxy_cache_methods") == "GET HEAD"
    # Cache-Control is ignored for the lifetime, never Set-Cookie: an answer that sets a cookie is not stored.
    assert "Set-Cookie" not in directive("proxy_ignore_headers")


@pytest.mark.skipif(not shutil.which("nginx") or not shutil.which("openssl"), reason="needs nginx and openssl")
def test_nginx_accepts_the_conf(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    self_signed = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=fuwu.example.cn"]
    subprocess.run(
        ["openssl", *self_signed, "-keyout", key, "-out", cert],
        check=True,
        capture_output=True,
        timeout=60,
    )
    site = (
        CONF.replace("/etc/ssl/zhujing/fullchain.pem", str(cert))
        .replace("/etc/ssl/zhujing/privkey.pem", str(key))
        .replace("/var/cache/nginx/zhujing", str(tmp_path / "cache"))
    )
    # "nginx -t" binds the ports: free local ones instead of 80 and 443 (taken, or not ours to take).
    site = re.sub(r"\n\s*listen \[::\]:[^;]*;", "", site)
    site = re.sub(r"listen (127\.0\.0\.1:)?\d+", lambda _: f"listen 127.0.0.1:{free_port()}", site)
    (tmp_path / "site.conf").write_text(site)
    temp = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp_paths = " ".join(f"{name}_temp_path {tmp_path / name};" for name in temp)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'};\nevents {{}}\n"
        f"http {{ access_log off; {temp_paths} include {tmp_path / 'site.conf'}; }}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
