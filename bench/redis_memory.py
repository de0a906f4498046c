"""Redis memory benchmark: what the page cache keeps after two passes over a 5,000-service catalogue.

    .venv/bin/python bench/redis_memory.py [--services 5000] [--seconds 60,3600] [--threads 4] [--keep]

Needs a running PostgreSQL and Redis (127.0.0.1:6379). Fills the database BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/zhujing_redis_memory) with the sample catalogue multiplied to N services
(bench/search.py's multiply_catalogue), then, for each PAGE_CACHE_SECONDS given, starts gunicorn as
bench/load.py does (production settings) with REDIS_URL=redis://127.0.0.1:6379/10 (the default cache) and
REDIS_PAGES_URL=redis://127.0.0.1:6379/11 (the page cache), both emptied (FLUSHDB) first. It reads Redis'
`INFO memory` used_memory and both databases' DBSIZE, requests every published service page and every
catalogue page (/services/?page=N) once from 4 threads (pass 1: misses, pages stored), then all of them again
(pass 2: hits while the copies last), and reads them again.

Pages live PAGE_CACHE_SECONDS (60 s in production): a pass longer than that sees its first copies expire, so
the run with 3,600 s is the worst case, every page kept. used_memory is the whole server's (other databases'
clients move it too); "keys' bytes" (MEMORY USAGE of every key in the two databases) is this run's alone.
Target: at most 20 MiB. Prints figures; asserts nothing.
"""

import argparse
import math
import os
import signal
import socket
import statistics
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import PORT, env, prepare, start_gunicorn  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/10"
REDIS_PAGES_URL = "redis://127.0.0.1:6379/11"
HOST = f"127.0.0.1:{PORT}"
TARGET_MIB = 20
MIB = 1024 * 1024


def fill(db_url: str, services: int) -> None:
    """The sample catalogue (bench/load.py's prepare), multiplied to ``services`` services."""
    prepare(db_url)
    from bench.search import multiply_catalogue

    multiply_catalogue(services)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does soon after a bulk load


def filled(services: int) -> bool:
    from django.db import DatabaseError

    from services.models import Service

    try:
        return Service.objects.count() >= services
    except DatabaseError:
        return False


def addresses() -> tuple[list[str], list[str]]:
    """Every published service's page and every page of the catalogue."""
    from django.urls import reverse

    from services.models import Service
    from services.views import CatalogueView

    slugs = list(Service.objects.published().order_by("pk").values_list("slug", flat=True))
    catalogue = reverse("services:list")
    pages = math.ceil(len(slugs) / CatalogueView.paginate_by)
    return [reverse("services:detail", args=[slug]) for slug in slugs], [
        f"{catalogue}?page={n}" for n in range(1, pages + 1)
    ]


def get(path: str) -> tuple[int, str, int]:
    """Status, X-Page-Cache and body length (HTML: nginx compresses, not Django) of one anonymous GET (no
    cookies, as a first-time visitor)."""
    try:
        with urllib.request.urlopen(f"http://{HOST}{path}", timeout=60) as response:
            return response.status, response.headers.get("X-Page-Cache", "-"), len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Page-Cache", "-"), 0


def one_pass(paths: list[str], threads: int) -> dict:
    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        answers = list(pool.map(get, paths))
    return {
        "seconds": time.perf_counter() - started,
        "statuses": Counter(status for status, _, _ in answers),
        "cache": Counter(cache for _, cache, _ in answers),
        "body_bytes": statistics.median(length for _, _, length in answers),
    }


def redis_state(clients: dict) -> dict:
    info = next(iter(clients.values())).info("memory")
    return {
        "used_memory": info["used_memory"],
        "dbsize": {name: client.dbsize() for name, client in clients.items()},
    }


def keys_report(client) -> dict:
    """Every key's bytes in Redis (MEMORY USAGE: value, key and allocator rounding) and its value's own
    (STRLEN), the largest value, the keys that never expire and the longest TTL left."""
    keys = list(client.scan_iter(count=1000))
    pipe = client.pipeline(transaction=False)
    for key in keys:
        pipe.memory_usage(key, samples=0)
        pipe.strlen(key)
        pipe.ttl(key)
    answers = pipe.execute()
    usage, lengths, ttls = answers[0::3], answers[1::3], answers[2::3]
    largest = max(zip(lengths, keys, strict=True), default=(0, b"-"))
    return {
        "bytes": sum(n or 0 for n in usage),
        "keys": len(keys),
        "median_usage": statistics.median(usage) if keys else 0,
        "median_value": statistics.median(lengths) if keys else 0,
        "largest": (largest[1], largest[0]),
        "no_ttl": [key for key, ttl in zip(keys, ttls, strict=True) if ttl == -1],
        "max_ttl": max((ttl for ttl in ttls if ttl >= 0), default=None),
    }


def page_key(path: str) -> str:
    """The page cache's Redis key of an anonymous GET of ``path`` (zhujing_center/page_cache.py's page_key,
    with Django's default key prefix and version)."""
    import hashlib

    parts = ("GET", HOST, path, "")
    return ":1:page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def port_in_use() -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", PORT)) == 0


def run(db_url: str, seconds: int, services: list[str], catalogue: list[str], threads: int) -> dict:
    import redis

    clients = {"default": redis.Redis.from_url(REDIS_URL), "pages": redis.Redis.from_url(REDIS_PAGES_URL)}
    for client in clients.values():
        client.flushdb()
    server = start_gunicorn(db_url, seconds)  # which empties the page cache (its cleared-at key) as deploys do
    try:
        before = redis_state(clients)
        paths = services + catalogue
        passes = [one_pass(paths, threads) for _ in range(2)]
        after = redis_state(clients)
        keys = {name: keys_report(client) for name, client in clients.items()}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    by_key = {page_key(path): path for path in paths}
    return {"before": before, "after": after, "passes": passes, "keys": keys, "by_key": by_key}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=5000)
    parser.add_argument("--seconds", default="60,3600", help="PAGE_CACHE_SECONDS of each run, comma-separated")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="reuse the filled database")
    args = parser.parse_args()
    runs = [int(value) for value in args.seconds.split(",") if value]
    db_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zhujing_redis_memory")
    # Read by bench/load.py's env(): gunicorn's and this process' caches on the two databases of their own.
    os.environ["REDIS_URL"], os.environ["REDIS_PAGES_URL"] = REDIS_URL, REDIS_PAGES_URL
    if port_in_use():
        sys.exit(f"127.0.0.1:{PORT} is taken (bench/load.py or bench/edge.py running?)")
    os.environ.update(env(db_url, 0))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.db import connection

    from services.models import Service

    # A limit on every wait for PostgreSQL (DB_QUERY_TIMEOUT_SECONDS, zhujing_center/postgresql) is for
    # requests, not for a bulk load on a busy machine: off in this process whatever the environment says.
    connection.settings_dict["OPTIONS"]["query_timeout"] = 0
    if not args.keep or not filled(args.services):
        connection.close()  # prepare() drops the database
        started = time.perf_counter()
        fill(db_url, args.services)
        print(f"filled with {Service.objects.count()} services in {time.perf_counter() - started:.0f} s")
    services, catalogue = addresses()
    workers = os.environ.get("GUNICORN_WORKERS", str((os.cpu_count() or 1) * 2 + 1))
    print(
        f"{len(services)} published service pages + {len(catalogue)} catalogue pages per pass, "
        f"{args.threads} threads, gunicorn {workers} workers"
    )
    results = {seconds: run(db_url, seconds, services, catalogue, args.threads) for seconds in runs}

    print(
        f"\n{'PAGE_CACHE':>10} {'pass':>4} {'seconds':>8} {'req/s':>6} {'statuses':>16} {'X-Page-Cache':>26} "
        f"{'median body':>11}"
    )
    for seconds, r in results.items():
        for n, p in enumerate(r["passes"], 1):
            requests = sum(p["statuses"].values())
            statuses = " ".join(f"{code}:{count}" for code, count in sorted(p["statuses"].items()))
            cache = " ".join(f"{label}:{count}" for label, count in sorted(p["cache"].items()))
            print(
                f"{seconds:>9}s {n:>4} {p['seconds']:>8.1f} {requests / p['seconds']:>6.0f} {statuses:>16} "
                f"{cache:>26} {p['body_bytes']:>9.0f} B"
            )
    print(
        f"\n{'PAGE_CACHE':>10} {'used_memory before':>18} {'after':>9} {'delta':>9} {'target':>7} "
        f"{'keys default':>13} {'keys pages':>11} {'keys bytes':>10} {'per key':>8} {'value':>7} {'largest':>7}"
    )
    for seconds, r in results.items():
        before, after, keys = r["before"], r["after"], r["keys"]
        delta = (after["used_memory"] - before["used_memory"]) / MIB
        key_bytes = sum(report["bytes"] for report in keys.values()) / MIB
        dbsizes = {name: f"{before['dbsize'][name]}→{after['dbsize'][name]}" for name in keys}
        pages = keys["pages"]
        print(
            f"{seconds:>9}s {before['used_memory'] / MIB:>14.1f} MiB {after['used_memory'] / MIB:>5.1f} MiB "
            f"{delta:>5.1f} MiB {'met' if delta <= TARGET_MIB else 'missed':>7} {dbsizes['default']:>13} "
            f"{dbsizes['pages']:>11} {key_bytes:>6.1f} MiB {pages['median_usage']:>6.0f} B "
            f"{pages['median_value']:>5.0f} B {pages['largest'][1]:>5} B"
        )
    print(
        "keys pages: DBSIZE at the end of pass 2; keys bytes: MEMORY USAGE of every key of both databases, read "
        "after; per key, value: medians of MEMORY USAGE and STRLEN (pickled zlib body + headers) of the pages' keys"
    )
    print()
    for seconds, r in results.items():
        for name, report in r["keys"].items():
            never = [key.decode(errors="replace") for key in report["no_ttl"]]
            largest_key = report["largest"][0].decode(errors="replace")
            print(
                f"{seconds}s, {name} db: {report['keys']} keys, {report['bytes'] / MIB:.2f} MiB, longest TTL left "
                f"{report['max_ttl']} s, largest value {report['largest'][1]} B: {largest_key} "
                f"({r['by_key'].get(largest_key, '?')}), "
                f"never expire: {', '.join(never[:5]) or 'none'}{' …' if len(never) > 5 else ''}"
            )


if __name__ == "__main__":
    main()
