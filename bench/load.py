"""Load benchmark: gunicorn with the production settings on PostgreSQL, loaded by wrk from another process.

    .venv/bin/python bench/load.py [--duration 15] [--connections 16]

Needs Debian's `wrk` (apt-get install wrk) and a running PostgreSQL and Redis. Uses the database
BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/zhujing_load), recreated with the sample
catalogue. Redis: REDIS_URL (default redis://127.0.0.1:6379/5) for the default cache, REDIS_PAGES_URL for the
page cache (default redis://127.0.0.1:6379/6 when REDIS_URL is not given; the settings' default otherwise).

Runs gunicorn twice, with the site's one cache (zhujing_center/page_cache.py: whole public pages for
anonymous visitors) on as in production ("cached", PAGE_CACHE_SECONDS=60) and off ("uncached",
PAGE_CACHE_SECONDS=0: every request runs its view, which is what a page-cache miss costs), and prints
requests per second and latency percentiles per page, as a share of a bare view (the framework's ceiling on
this machine) and, for the cached run, as a multiple of the uncached one; then a 60-second run with 64
connections on the search page, cached. `--modes cached` or `--modes uncached` runs one of the two.
Prints figures; asserts nothing.
"""

import argparse
import gzip
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = 8731
PAGES = [
    ("bare view", "/healthz/live"),
    ("home", "/"),
    ("category", "/services/category/health/"),
    ("service", "/services/mianfei-liang-xueya/"),
    ("room", "/venues/health-station/"),
    ("search", "/services/?q=%E8%A1%80%E5%8E%8B"),
]


# label: start_gunicorn's arguments after the database (PAGE_CACHE_SECONDS): whole pages cached as in
# production; the page cache off, so every request runs its view (what a page-cache miss costs).
MODES = {
    "cached": (60,),
    "uncached": (0,),
}


def env(db_url: str, page_cache: int) -> dict:
    values = dict(os.environ)
    values.pop("DEBUG", None)
    values.update(
        DATABASE_URL=db_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5"),
        PAGE_CACHE_SECONDS=str(page_cache),
        LOG_LEVEL="WARNING",
    )
    if "REDIS_URL" not in os.environ:
        # The page cache is emptied (FLUSHDB) by every edit: a database of the benchmark's own.
        values.setdefault("REDIS_PAGES_URL", "redis://127.0.0.1:6379/6")
    return values


def prepare(db_url: str) -> None:
    from bench.search import recreate_database

    recreate_database(db_url)
    python = sys.executable
    for command in (
        ["migrate", "--noinput"],
        ["load_sample_catalogue"],
        ["load_sample_activities"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(
            [python, "manage.py", *command], cwd=ROOT, env=env(db_url, 0), check=True, stdout=subprocess.DEVNULL
        )


def start_gunicorn(db_url: str, page_cache: int) -> subprocess.Popen:
    workers = os.environ.get("GUNICORN_WORKERS", str((os.cpu_count() or 1) * 2 + 1))
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "deploy/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            workers,
            "config.wsgi",
        ],
        cwd=ROOT,
        env=env(db_url, page_cache),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}") from None
            time.sleep(0.2)
            continue
        # As deploy/zhujing.service does after every start: no page kept from an earlier run or catalogue.
        subprocess.run(
            [sys.executable, "manage.py", "clear_page_cache"],
            cwd=ROOT,
            env=env(db_url, page_cache),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return process
    process.kill()
    raise RuntimeError("gunicorn did not start")


def wrk(path: str, duration: int, connections: int, threads: int = 2, port: int = PORT) -> dict:
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "-H",
            "Accept-Encoding: gzip",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {p: re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups() for p in ("50", "90", "99")}
    to_ms = {"us": 0.001, "ms": 1, "s": 1000}
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        **{f"p{p}": float(v) * to_ms[unit] for p, (v, unit) in latency.items()},
        "errors": (int(non2xx.group(1)) if non2xx else 0) + (sum(int(n) for n in socket.groups()) if socket else 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--keep", action="store_true", help="reuse the filled database")
    parser.add_argument("--modes", default=",".join(MODES), help=f"which of {', '.join(MODES)} to run")
    args = parser.parse_args()
    modes = [mode for mode in args.modes.split(",") if mode]
    unknown = [mode for mode in modes if mode not in MODES]
    if unknown or not modes:
        parser.error(f"--modes: {', '.join(unknown) or '(none)'} not among {', '.join(MODES)}")
    db_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zhujing_load")
    if not args.keep:
        prepare(db_url)
    results = {}
    home_gzip = home_cache = soak = None
    for label in modes:
        server = start_gunicorn(db_url, *MODES[label])
        try:
            for name, path in PAGES:
                wrk(path, 2, args.connections)  # warm up
                results[(label, name)] = wrk(path, args.duration, args.connections)
            if label == "cached":
                for _ in range(2):  # the second is a hit (the wrk run's copy may have expired)
                    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/") as response:
                        body, home_cache = response.read(), response.headers.get("X-Page-Cache", "none")
                home_gzip = len(gzip.compress(body, 6))
                soak = wrk("/services/?q=%E8%A1%80%E5%8E%8B", 60, 64, threads=2)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
    # The bare view (never page-cached: /healthz is skipped) is each run's ceiling; "× uncached" is what the
    # page cache gains on each page.
    ceiling = {label: results[(label, "bare view")]["rps"] for label in modes}
    print(f"\nwrk: 2 threads, {args.connections} connections, {args.duration} s, Accept-Encoding: gzip")
    print(
        f"{'':10} {'page':10} {'req/s':>8} {'of bare':>8} {'× uncached':>10} {'p50 ms':>7} {'p90 ms':>7} "
        f"{'p99 ms':>7} {'errors':>6}"
    )
    for (label, name), r in results.items():
        share = r["rps"] / ceiling[label] * 100
        uncached = results.get(("uncached", name))
        gain = f"{r['rps'] / uncached['rps']:9.1f}×" if label == "cached" and uncached else ""
        print(
            f"{label:10} {name:10} {r['rps']:8.0f} {share:7.0f}% {gain:>10} {r['p50']:7.1f} {r['p90']:7.1f} "
            f"{r['p99']:7.1f} {r['errors']:6d}"
        )
    if soak is not None:
        print(f"home page HTML, gzip: {home_gzip} bytes (first network round trip: 14,600); X-Page-Cache: {home_cache}")
        print(
            f"soak, 64 connections, 60 s, search page (cached): {soak['rps']:.0f} req/s, p99 {soak['p99']:.1f} ms, "
            f"errors {soak['errors']}"
        )


if __name__ == "__main__":
    main()
