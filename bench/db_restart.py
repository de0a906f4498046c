"""PostgreSQL restarted under load: count the answers by status code (a check, run by hand; not a test).

    .venv/bin/python bench/db_restart.py   # needs the database filled by bench/load.py, and root for pg_ctlcluster

Starts gunicorn (production settings, page cache off so every request reaches the database), sends requests
from 8 threads for 30 s, restarts PostgreSQL after 8 s, and prints how many answers had each status.
"""

import collections
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import PORT, start_gunicorn  # noqa: E402

PATHS = ["/venues/", "/services/?q=%E8%A1%80%E5%8E%8B", "/healthz"]


def main() -> None:
    db_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zhujing_load")
    server = start_gunicorn(db_url, 0)
    counts: collections.Counter = collections.Counter()
    slowest = [0.0]
    stop = time.monotonic() + 30

    def worker(n: int) -> None:
        while time.monotonic() < stop:
            started = time.monotonic()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{PATHS[n % len(PATHS)]}", timeout=15) as r:
                    counts[r.status] += 1
            except urllib.error.HTTPError as error:
                counts[error.code] += 1
            except OSError:
                counts["connection error"] += 1
            slowest[0] = max(slowest[0], time.monotonic() - started)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(8)
    version = sorted(os.listdir("/etc/postgresql"))[0]
    began = time.monotonic()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True)
    print(f"PostgreSQL restarted in {time.monotonic() - began:.1f} s")
    for thread in threads:
        thread.join()
    server.terminate()
    server.wait(20)
    print("answers by status:", dict(counts))
    print(f"slowest answer: {slowest[0]:.2f} s")


if __name__ == "__main__":
    main()
