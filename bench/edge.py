"""Edge benchmark: nginx's micro-cache (deploy/nginx.conf) in front of gunicorn, loaded by wrk.

    .venv/bin/python bench/edge.py [--duration 15] [--connections 64] [--keep]

Needs Debian's `nginx` and `wrk` (apt-get install nginx wrk), PostgreSQL and Redis. Starts gunicorn as
bench/load.py does (production settings, page cache on, the sample catalogue in BENCH_DATABASE_URL) and
nginx with deploy/nginx.conf itself, changed only where a benchmark must: plain HTTP on free local ports
instead of TLS, no port-80 redirect, the cache, static and media folders in this checkout or a temporary
folder. Prints what the micro-cache does with a few requests (hit, bypass …), then requests per second for
the home page through the micro-cache, the home page straight from gunicorn, and a static file served by
nginx (the ceiling). Prints figures; asserts nothing.
"""

import argparse
import json
import os
import re
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import MODES, PORT, prepare, start_gunicorn, wrk  # noqa: E402

CONF = ROOT / "deploy" / "nginx.conf"
MIME_TYPES = Path("/etc/nginx/mime.types")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_conf(nginx_port: int, upstream_port: int, tmp: Path) -> str:
    """deploy/nginx.conf served over plain HTTP on 127.0.0.1:nginx_port, everything else as written."""
    gzip_port = free_port()  # the compressing server's
    text = CONF.read_text()
    # The port-80 server only redirects to HTTPS.
    text, n = re.subn(r"server \{\n    listen 80;.*?\n\}\n", "", text, count=1, flags=re.S)
    assert n == 1, "port-80 server not found"
    text = re.sub(r"\n    listen 443 ssl[^;]*;", f"\n    listen 127.0.0.1:{nginx_port};", text)
    text = re.sub(r"\n    listen \[::\]:443[^;]*;", "", text)
    text = re.sub(r"\n    ssl_[a-z_]+ [^;]*;", "", text)
    text = text.replace("server 127.0.0.1:8000", f"server 127.0.0.1:{upstream_port}")
    text = text.replace("127.0.0.1:8079", f"127.0.0.1:{gzip_port}")
    text = text.replace("/var/cache/nginx/zhujing", str(tmp / "cache"))
    text = text.replace("/srv/zhujing/staticfiles/", f"{ROOT / 'staticfiles'}/")
    text = text.replace("/srv/zhujing/media/", f"{ROOT / 'media'}/")
    return text


def main_conf(tmp: Path) -> str:
    # As root, the workers run as root too: they must read this checkout, wherever it is.
    user = "user root;\n" if os.geteuid() == 0 else ""
    mime = f"include {MIME_TYPES};" if MIME_TYPES.exists() else ""
    temp_paths = "".join(
        f"    {name}_temp_path {tmp / name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Debian's /etc/nginx/nginx.conf, minus what does not apply (modules, TLS, other sites); access log on.
    return f"""{user}daemon off;
worker_processes auto;
pid {tmp / "nginx.pid"};
error_log {tmp / "error.log"} warn;
events {{
    worker_connections 1024;
}}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    {mime}
    default_type application/octet-stream;
    access_log {tmp / "access.log"};
{temp_paths}    include {tmp / "site.conf"};
}}
"""


def start_nginx(tmp: Path, port: int) -> subprocess.Popen:
    (tmp / "site.conf").write_text(site_conf(port, PORT, tmp))
    (tmp / "nginx.conf").write_text(main_conf(tmp))
    command = ["nginx", "-p", str(tmp), "-c", str(tmp / "nginx.conf")]
    subprocess.run([*command, "-t", "-q"], check=True)
    process = subprocess.Popen(command)
    for _ in range(50):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/live", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("nginx did not start: " + (tmp / "error.log").read_text())


def fetch(port: int, path: str, cookie: str = "", gzip: bool = True) -> tuple[int, dict, bytes]:
    headers = {"Cookie": cookie} if cookie else {}
    if gzip:
        headers["Accept-Encoding"] = "gzip"
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            answer = response
            body = response.read()
    except urllib.error.HTTPError as error:
        answer, body = error, error.read()
    # Repeated headers (Vary) joined, as a cache reads them.
    joined = {name: ", ".join(answer.headers.get_all(name)) for name in answer.headers}
    return answer.status, joined, body


def static_file() -> str:
    """The site's stylesheet as its pages link it (content-hashed name written by collectstatic)."""
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())["paths"]
    return "/static/" + manifest["css/site.css"]


def behaviour(port: int) -> None:
    """What the micro-cache does with a few requests: the second of each pair shows the cache's answer."""
    shown = ("Cache-Control", "Expires", "Vary", "Set-Cookie", "Content-Encoding")
    _, headers, _ = fetch(PORT, "/")
    print("home page from gunicorn:", {k: headers.get(k) for k in shown})
    _, headers, zipped = fetch(port, "/")
    print("home page from nginx:   ", {k: headers.get(k) for k in shown}, len(zipped), "bytes")
    _, headers, plain = fetch(port, "/", gzip=False)
    print("  … without gzip:       ", {k: headers.get(k) for k in shown}, len(plain), "bytes")
    cases = [
        ("category page", "/services/category/health/", ""),
        ("home page, 长辈模式 (display=large)", "/", "display=large"),
        ("home page, session cookie", "/", "__Host-sessionid=abc"),
        ("home page, CSRF cookie", "/", "csrftoken=abc"),
        ("service page", "/services/mianfei-liang-xueya/", ""),
        ("search", "/services/?q=%E8%A1%80%E5%8E%8B", ""),
        ("admin login", "/admin/login/", ""),
        ("kiosk", "/kiosk/home/", ""),
        ("/healthz", "/healthz", ""),
        ("open data (max-age=300)", "/api/hsds/services", ""),
        ("sitemap", "/sitemap.xml", ""),
        ("a missing page (404)", "/no-such-page/", ""),
    ]
    print(f"{'request':40} {'status':>6} {'1st':>8} {'2nd':>8}  Set-Cookie")
    for label, path, cookie in cases:
        status, first, _ = fetch(port, path, cookie)
        _, second, _ = fetch(port, path, cookie)
        sets_cookie = "yes" if first.get("Set-Cookie") else ""
        print(
            f"{label:40} {status:6d} {first.get('X-Micro-Cache', '-'):>8} {second.get('X-Micro-Cache', '-'):>8}"
            f"  {sets_cookie}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--keep", action="store_true", help="reuse the filled database")
    args = parser.parse_args()
    for tool in ("nginx", "wrk"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install -y nginx wrk")
    db_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zhujing_load")
    if not args.keep:
        prepare(db_url)
    port = free_port()
    runs = [
        ("home, nginx micro-cache", "/", port),
        ("home, gunicorn directly", "/", PORT),
        ("static file, nginx", static_file(), port),
    ]
    results = {}
    with tempfile.TemporaryDirectory(prefix="zhujing-edge-") as name:
        tmp = Path(name)
        gunicorn = start_gunicorn(db_url, *MODES["cached"])
        try:
            nginx = start_nginx(tmp, port)
            try:
                behaviour(port)
                for label, path, target in runs:
                    wrk(path, 2, args.connections, port=target)  # warm up
                    results[label] = wrk(path, args.duration, args.connections, port=target)
            finally:
                nginx.send_signal(signal.SIGQUIT)
                nginx.wait(30)
        finally:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(30)
    direct = results["home, gunicorn directly"]["rps"]
    ceiling = results["static file, nginx"]["rps"]
    print(f"\nwrk: 2 threads, {args.connections} connections, {args.duration} s, Accept-Encoding: gzip")
    print(f"{'':26} {'req/s':>8} {'× gunicorn':>10} {'of static':>9} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}")
    for label, r in results.items():
        print(
            f"{label:26} {r['rps']:8.0f} {r['rps'] / direct:9.1f}× {r['rps'] / ceiling * 100:8.0f}% "
            f"{r['p50']:7.2f} {r['p99']:7.2f} {r['errors']:6d}"
        )


if __name__ == "__main__":
    main()
