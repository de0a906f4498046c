"""Page-cache miss benchmark: server time per public page, next to a plain-Django page of the same 20 cards.

    .venv/bin/python bench/pages.py [--sizes 80,5000] [--repeat 200] [--sqlite] [--profile [--profile-paths /,…]]

Recreates the database named by BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/zhujing_bench_pages; with --sqlite a file in the temporary folder), then
for each catalogue size fills it with tests/test_query_budget.py's ``populate`` (services "服务{i}" over 6
categories and 10 rooms) and times each page through Django's full request handling (middleware, view,
template) in this process, with the production settings: DEBUG off, the cached template loader, the page
cache off (PAGE_CACHE_SECONDS=0: every request is a miss and runs its view). Static files are named by the
plain storage rather than the manifest (nothing is collected), the same for every page.

The reference is what a straightforward Django view would do: a ListView of 20 published services with
their category, rooms (with hours) and own hours prefetched, rendering the site's own card template inside
the site's base.html. Each page's median is printed as a ratio to the reference's median in the same run
(1.0 or less: as fast as plain Django or faster). Queries per page are counted at each size (they should
not depend on the size). With --profile, /services/ (or --profile-paths) is profiled at each size
(cProfile: top 15 by cumulative time, the same for the project's own code, and by own time).
A benchmark, not a test: it reports figures and asserts nothing.
"""

import argparse
import cProfile
import gc
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from django.views.generic import ListView

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REFERENCE_PATH = "/bench/reference/"
REFERENCE_TEMPLATE = (
    '{% extends "base.html" %}{% block content %}<ul class="card-list">'
    '{% for service in services %}{% include "includes/service_card.html" %}{% endfor %}</ul>{% endblock %}'
)
SQLITE_FILE = Path(tempfile.gettempdir()) / "zhujing_bench_pages.sqlite3"

# (label, path, smallest catalogue it is timed at): page 40 exists only in a big catalogue.
PAGES = [
    ("plain Django: 20 cards", REFERENCE_PATH, 0),
    ("catalogue, page 1", "/services/", 0),
    ("catalogue, page 40", "/services/?page=40", 40 * 20),
    ("category", "/services/category/cat-0/", 0),
    ("search 服务", "/services/?q=服务", 0),
    ("search fuwu (pinyin)", "/services/?q=fuwu", 0),
    ("open now", "/services/?open=on", 0),
    ("home", "/", 0),
    ("room", "/venues/room-0/", 0),
    ("service", "/services/svc-1/", 0),
]


class ReferenceView(ListView):
    """Plain Django: the 20 cards of a catalogue page, as the documentation would write it."""

    paginate_by = 20
    context_object_name = "services"
    _template = None

    def get_queryset(self):
        from django.db.models import Prefetch

        from services.models import Service
        from venues.models import Venue

        return (
            Service.objects.published()
            .select_related("category")
            .prefetch_related(Prefetch("venues", queryset=Venue.objects.published().with_schedule()), "own_hours")
        )

    def get_template_names(self):
        # A compiled template (parsed once, like the cached loader's), taken as is by TemplateResponse.
        if ReferenceView._template is None:
            from django.template import engines

            ReferenceView._template = engines["django"].from_string(REFERENCE_TEMPLATE)
        return ReferenceView._template


def configure(sqlite: bool) -> str:
    """The environment the production settings read, for a local benchmark; returns the database URL."""
    if sqlite:
        url = f"sqlite:///{SQLITE_FILE}"
    else:
        url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zhujing_bench_pages")
    os.environ.pop("DEBUG", None)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ["PAGE_CACHE_SECONDS"] = "0"  # every request a miss: the view itself is timed
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("REDIS_PAGES_URL", None)
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # one JSON line per request would be timed too
    # Like manage.py: no limit on waiting for PostgreSQL (loading 5,000 services on a busy machine may take
    # longer than the serving limit; the requests timed here take milliseconds either way).
    os.environ["DB_QUERY_TIMEOUT_SECONDS"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return url


def recreate(url: str, sqlite: bool) -> None:
    if sqlite:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
    else:
        from bench.search import recreate_database

        recreate_database(url)


def fill(size: int) -> None:
    """Empty the content tables (the centre's record from the migrations stays) and populate ``size`` services."""
    from django.db import connection

    from activities.models import Activity, Notice
    from heritage.models import HeritageItem
    from services import search_index
    from services.models import Audience, Category, Service
    from tests.test_query_budget import populate
    from venues.models import Venue

    for model in (Activity, Notice, HeritageItem, Service, Category, Audience, Venue):
        model.objects.all().delete()
    populate(size)
    search_index.refresh()  # populate bulk-creates: no search text yet
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does soon after a bulk load
        else:
            cursor.execute("ANALYZE")


def results_shown(response) -> str:
    found = re.search(r"共 (\d+) 项服务", response.content.decode())
    return found.group(1) if found else ""


def card_links(response) -> list[str]:
    return re.findall(r'<h3 class="card-title"><a href="([^"]+)"', response.content.decode())


def count_queries(client, path: str) -> tuple[int, float]:
    """Queries one request makes, and their time in ms (timed here: the debug cursor rounds to a ms)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    spent = []

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(time.perf_counter() - started)

    # Apart from the timings: recording queries costs time.
    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
        client.get(path)
    return len(captured), sum(spent) * 1000


def profile(client, path: str, repeat: int) -> str:
    """cProfile of ``repeat`` requests: the top 15 by cumulative time under the request's own chain of
    middleware (the frames that hold nearly all of it are left out), the same for the project's own code
    alone (where its time goes), then by own time; as shares of the total."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(path)
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    total = sum(own for _, _, own, _, _ in stats.values())
    project = str(ROOT) + os.sep
    libraries = str(Path(sys.prefix).resolve()) + os.sep  # the venv lives inside the project

    def own_code(filename: str) -> bool:
        return filename.startswith(project) and not filename.startswith(libraries)

    lines = [f"{repeat} requests, {total * 1000 / repeat:.1f} ms each under the profiler"]
    for title, column, keep in (
        ("cumulative", 3, lambda filename, cumulative: cumulative < 0.9 * total),
        ("cumulative, project code", 3, lambda filename, cumulative: own_code(filename) and cumulative < 0.9 * total),
        ("own time", 2, lambda filename, cumulative: True),
    ):
        rows = sorted(
            ((values[column], values[1], name) for name, values in stats.items() if keep(name[0], values[3])),
            reverse=True,
        )[:15]
        lines.append(f"  top 15 by {title}:")
        lines.append(f"  {'share':>6} {'calls/request':>14}  function")
        for seconds, calls, (filename, line, function) in rows:
            where = filename.removeprefix(project) if own_code(filename) else Path(filename).name
            lines.append(f"  {seconds / total:>6.0%} {calls / repeat:>14.0f}  {function} ({where}:{line})")
    return "\n".join(lines)


def time_interleaved(client, paths: list[str], repeat: int) -> dict[str, tuple[list[float], object]]:
    """``repeat`` timed requests of each path, taken in turn (round after round), after three untimed ones:
    load from other processes then weighs on every page alike, and the ratios between pages hold."""
    for path in paths:
        for _ in range(3):
            client.get(path)
    gc.collect()
    gc.freeze()  # as a gunicorn worker after start-up (deploy/gunicorn.conf.py): no old objects to scan
    timings: dict[str, list[float]] = {path: [] for path in paths}
    responses = {}
    for _ in range(repeat):
        for path in paths:
            started = time.perf_counter()
            responses[path] = client.get(path)
            timings[path].append((time.perf_counter() - started) * 1000)
    gc.unfreeze()
    return {path: (timings[path], responses[path]) for path in paths}


def pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns (a Chinese character takes two)."""
    return text + " " * max(width - sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text), 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="80,5000", help="catalogue sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=200, help="requests timed per page")
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--profile", action="store_true", help="profile /services/ at each size")
    parser.add_argument("--profile-paths", default="/services/", help="with --profile: these pages (comma-separated)")
    parser.add_argument("--only", default="", help="time only the pages whose label contains this")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    url = configure(args.sqlite)
    recreate(url, args.sqlite)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import clear_url_caches

    from bench.search import calibration, p95

    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    settings.BENCH_SITE_URLCONF = settings.ROOT_URLCONF  # included by bench/pages_urls.py
    settings.ROOT_URLCONF = "bench.pages_urls"
    clear_url_caches()
    call_command("migrate", verbosity=0)
    loaders = settings.TEMPLATES[0]["OPTIONS"].get("loaders") or "default (cached, DEBUG off)"
    print(f"database: {connection.vendor} {url}; DEBUG {settings.DEBUG}; template loaders: {loaders}")

    pages = [page for page in PAGES if args.only in page[0] or page[1] == REFERENCE_PATH]
    rows: dict[tuple[str, int], dict] = {}
    profiles = {}
    calibrations = {}
    for size in sizes:
        started = time.perf_counter()
        fill(size)
        print(f"{size} services filled in {time.perf_counter() - started:.1f} s")
        client = Client()
        timed_pages = [(label, path) for label, path, smallest in pages if size >= smallest]
        before = min(calibration() for _ in range(3))
        series = time_interleaved(client, [path for _, path in timed_pages], args.repeat)
        calibrations[size] = (before, min(calibration() for _ in range(3)))
        for label, path in timed_pages:
            timings, response = series[path]
            queries, sql_ms = count_queries(client, path)
            rows[(label, size)] = {
                "status": response.status_code,
                "results": results_shown(response),
                "median": statistics.median(timings),
                "p95": p95(timings),
                "queries": queries,
                "sql": sql_ms,
            }
        shown = {path: card_links(series[path][1]) for path in (REFERENCE_PATH, "/services/") if path in series}
        if len(shown) == 2:
            same = "the same" if shown[REFERENCE_PATH] == shown["/services/"] else "NOT the same"
            print(f"  plain Django shows {same} {len(shown[REFERENCE_PATH])} services as /services/")
        if args.profile:
            for path in args.profile_paths.split(","):
                profiles[(path, size)] = profile(client, path, min(args.repeat, 100))

    print()
    print("ms per request, page cache off (a miss); ratio = median / plain Django's median at that size")
    print("pages timed in turn, one request each per round, so a busy moment slows them all alike")
    print(
        f"{'page':24} {'size':>5} {'status':>6} {'results':>7} {'median ms':>9} {'p95 ms':>7} {'ratio':>6}"
        f" {'queries':>7} {'SQL ms':>6}"
    )
    for size in sizes:
        reference = rows.get((PAGES[0][0], size))
        cal_before, cal_after = calibrations[size]
        print(f"{size} services; cal. (ms for a fixed Python loop): {cal_before:.0f} before, {cal_after:.0f} after")
        for label, _path, _ in pages:
            row = rows.get((label, size))
            if row is None:
                continue
            ratio = row["median"] / reference["median"] if reference else float("nan")
            print(
                f"{pad(label, 24)} {size:>5} {row['status']:>6} {row['results']:>7} {row['median']:>9.1f}"
                f" {row['p95']:>7.1f} {ratio:>6.2f} {row['queries']:>7} {row['sql']:>6.1f}"
            )
    print()
    print("queries per page by catalogue size")
    print(f"{'page':24} " + " ".join(f"{size:>6}" for size in sizes) + "  same")
    for label, _path, _ in pages:
        counts = [rows[(label, size)]["queries"] if (label, size) in rows else None for size in sizes]
        shown = [count for count in counts if count is not None]
        same = "yes" if len(set(shown)) <= 1 else "NO"
        print(f"{pad(label, 24)} " + " ".join(f"{'—' if c is None else c:>6}" for c in counts) + f"  {same}")
    for (path, size), text in profiles.items():
        print()
        print(f"profile of {path} at {size} services")
        print(text)


if __name__ == "__main__":
    main()
