"""Search benchmark: 5,000 services on PostgreSQL, server time per search page.

    .venv/bin/python bench/search.py [--services 5000] [--repeat 30]

Creates (or recreates) the database named by BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/zhujing_bench) in the C.UTF-8 locale, loads the
sample catalogue, multiplies it to N services, then times each search through
Django's full request handling (middleware, view, template) in this process and
prints the median and 95th percentile and the SQL queries per page (the catalogue's searches, then the site's
search page, /search/, whose result count is of every kind), two ways: a new
search (the page cache misses: every query runs and every card is rendered) and a
repeat of a search made since the last edit (served from the page cache).
A benchmark, not a test: it reports figures and asserts nothing.
"""

import argparse
import gc
import os
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEARCHES = [
    ("two Chinese characters", "/services/?q=血压"),
    ("two Chinese characters (医保)", "/services/?q=医保"),
    ("one Chinese character", "/services/?q=书"),
    ("four Chinese characters", "/services/?q=健康驿站"),
    ("full pinyin", "/services/?q=xueya"),
    ("spaced pinyin", "/services/?q=xue+ya"),
    ("initials", "/services/?q=xy"),
    ("mixed", "/services/?q=健身yz"),
    ("Chinese + filters", "/services/?q=血压&audience=elderly&floor=1&free=on"),
    ("initials + open now", "/services/?q=xy&open=on"),
    ("no match (near matches)", "/services/?q=血亚"),
    ("filters only", "/services/?category=health&access=walk-in"),
    ("no search, page 40", "/services/?page=40"),
    # The site's search (/search/): the first services with their count, rooms, activities, heritage items.
    ("site: two Chinese characters", "/search/?q=血压"),
    ("site: a synonym (厕所)", "/search/?q=厕所"),
    ("site: initials", "/search/?q=xy"),
    ("site: no match (suggestions)", "/search/?q=血亚"),
]


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(
            f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
        )


def multiply_catalogue(total: int) -> None:
    """Copies of the 80 sample services, one per residential area, every field as in the sample, with their rooms
    and audiences (also used by bench/spreadsheets.py)."""
    from services import search_index
    from services.models import SEARCH_COLUMNS, Service

    samples = list(Service.objects.prefetch_related("venues", "audiences"))
    skipped = {"id", "slug", "uuid", "name", "summary", *SEARCH_COLUMNS}
    copies = []
    for n in range(total - len(samples)):
        sample = samples[n % len(samples)]
        area = f"第{n // len(samples) + 1}居民区"
        values = {f.attname: getattr(sample, f.attname) for f in Service._meta.concrete_fields if f.name not in skipped}
        copies.append(
            Service(
                **values,
                name=f"{sample.name}（{area}）",
                slug=f"{sample.slug}-{n}",
                summary=f"{area}：{sample.summary}",
            )
        )
    created = Service.objects.bulk_create(copies, batch_size=500)
    by_slug = {sample.slug: sample for sample in samples}
    venue_links, audience_links = Service.venues.through, Service.audiences.through
    venue_rows, audience_rows = [], []
    for service in created:
        sample = by_slug[service.slug.rsplit("-", 1)[0]]
        venue_rows += [venue_links(service_id=service.pk, venue_id=v.pk) for v in sample.venues.all()]
        audience_rows += [audience_links(service_id=service.pk, audience_id=a.pk) for a in sample.audiences.all()]
    venue_links.objects.bulk_create(venue_rows, batch_size=5000)
    audience_links.objects.bulk_create(audience_rows, batch_size=5000)
    search_index.refresh(service.pk for service in created)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="reuse the database if it is already filled")
    parser.add_argument("--only", default="", help="time only the searches whose label contains this")
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zhujing_bench")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.pop("REDIS_URL", None)  # the page cache in local memory: no Redis round trip in the figures
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # one JSON line per request would be timed too
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    if not args.keep:
        recreate_database(url)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from services.models import SearchGram, Service

    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    if not args.keep or not Service.objects.exists():
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("loaddata", "catalogue", verbosity=0)
        multiply_catalogue(args.services)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does soon after a bulk load
        print(f"filled in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("SELECT datctype FROM pg_database WHERE datname = current_database()")
        ctype = cursor.fetchone()[0]
    print(f"services: {Service.objects.count()}, grams: {SearchGram.objects.count()}, LC_CTYPE: {ctype}")

    client = Client()
    print("cal.: ms for a fixed Python loop after each row (lower is a faster machine at that time)")
    gc.collect()
    gc.freeze()  # as a gunicorn worker would after start-up (deploy/gunicorn.conf.py): no old objects to scan
    print(f"{'':34} {'':>7} {'new search (page cache misses)':^38} {'repeat (page cache)':^18}")
    print(
        f"{'search':34} {'results':>7} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'SQL ms':>7}"
        f" {'median ms':>9} {'p95 ms':>8} {'cal.':>5}"
    )
    for label, path in [(label, path) for label, path in SEARCHES if args.only in label]:
        # A new search: the page cache off, every request runs every query and renders every card.
        settings.PAGE_CACHE_SECONDS = 0
        cold, response = timed(client, path, args.repeat)
        with CaptureQueriesContext(connection) as captured:  # counted apart: logging queries costs time
            client.get(path)
        queries = len(captured)
        sql_ms = sum(float(query["time"]) for query in captured.captured_queries) * 1000
        assert response.status_code == 200, (path, response.status_code)
        found = re.search(r"共 (\d+) 项服务|找到 (\d+) 项", response.content.decode())
        count = int(found.group(1) or found.group(2)) if found else 0
        # The same search again before the next edit: from the page cache.
        settings.PAGE_CACHE_SECONDS = 60
        repeat, _ = timed(client, path, args.repeat)
        print(
            f"{label:34} {count:>7} {statistics.median(cold):>10.1f} {p95(cold):>8.1f} {queries:>8} {sql_ms:>7.1f}"
            f" {statistics.median(repeat):>9.1f} {p95(repeat):>8.1f} {min(calibration() for _ in range(3)):>5.0f}"
        )


def timed(client, path: str, repeat: int, before=lambda: None) -> tuple[list[float], object]:
    gc.collect()  # each series starts without the previous one's garbage (the "nothing cached" runs make much)
    for _ in range(3):  # warm up
        response = client.get(path)
    timings = []
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    return timings, response


def calibration() -> float:
    """Milliseconds for a fixed pure-Python loop: this machine's speed at the time (it varies by up to 40 %
    between minutes here), printed with each row so rows and runs can be compared."""
    started = time.perf_counter()
    sum(i * i for i in range(1_000_000))
    return (time.perf_counter() - started) * 1000


def p95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=20)[-1]


if __name__ == "__main__":
    main()
