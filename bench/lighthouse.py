"""Lighthouse scores of the main page types and the kiosk pages, on a local dev server with the sample data.

    npm ci --prefix bench --ignore-scripts --no-audit --no-fund     # once: Lighthouse, pinned in bench/package.json
    .venv/bin/python bench/lighthouse.py [--only home,kiosk] [--port 8733] [--url http://127.0.0.1:8000]

Lighthouse 12.8.2 is pinned: the last release that runs on Node 18–20 (13 needs Node 22). Chromium is Debian's
(CHROME_PATH, default /usr/bin/chromium), started once, headless, with its background networking off; Lighthouse
drives it page after page through its debugging port.

Unless --url names a running server, it makes a SQLite database of its own in a temporary folder, migrates it,
loads the sample catalogue and activities and serves it with `manage.py runserver` (DEBUG on), as `make run` does,
on 127.0.0.1 only. Public pages are measured as a phone (Lighthouse's mobile emulation: 412×823, simulated slow 4G
and a 4× slower CPU), in standard mode and in 长辈模式 ("large": the display cookie); kiosk pages at 1080×1920 with the
desktop settings (the kiosk PC is on the centre's own network). Pages another part of the site adds later
(/search/, /venues/floors/) are measured once they answer.

Prints the accessibility, best-practices, SEO and performance scores of each page, then every audit below full
marks in the first three (performance: its first and largest contentful paint). The JSON reports are kept in
bench/results/lighthouse/. Performance on the dev server is a floor: static files are neither compressed nor
named for long caching there (production: whitenoise's manifest and nginx's gzip). Kiosk pages score below 100
in SEO on purpose: they carry `noindex` (robots.txt keeps robots off /kiosk/ too).
A benchmark, not a test: figures only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "bench"
LIGHTHOUSE = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
RESULTS = HERE / "results" / "lighthouse"
CATEGORIES = ("accessibility", "best-practices", "seo", "performance")

# (label, path): measured as a phone in both display modes.
PUBLIC = [
    ("home", "/"),
    ("catalogue", "/services/"),
    ("search", "/services/?q=血压"),
    ("category", "/services/category/health/"),
    ("service", "/services/mianfei-liang-xueya/"),
    ("rooms", "/venues/"),
    ("room", "/venues/health-station/"),
    ("floors", "/venues/floors/"),
    ("search everything", "/search/?q=厕所"),
    ("activities", "/activities/"),
    ("activity", "/activities/taiji-morning/"),
    ("heritage", "/heritage/"),
    ("heritage item", "/heritage/zhujing-lantern/"),
    ("about", "/about/"),
    ("open data", "/open-data/"),
    ("feedback form", "/feedback/service/mianfei-liang-xueya/"),
]
# Measured at 1080×1920.
KIOSK = [
    ("kiosk: loop", "/kiosk/"),
    ("kiosk: home", "/kiosk/home/"),
    ("kiosk: category", "/kiosk/category/health/"),
    ("kiosk: service", "/kiosk/services/mianfei-liang-xueya/"),
    ("kiosk: rooms", "/kiosk/venues/"),
    ("kiosk: room", "/kiosk/venues/health-station/"),
    ("kiosk: activities", "/kiosk/activities/"),
    ("kiosk: activity", "/kiosk/activities/taiji-morning/"),
    ("kiosk: notices", "/kiosk/notices/"),
    ("kiosk: heritage", "/kiosk/heritage/"),
    ("kiosk: heritage item", "/kiosk/heritage/zhujing-lantern/"),
    ("kiosk: letter pad", "/kiosk/letters/"),
    ("kiosk: letters xy", "/kiosk/letters/xy/"),
]
KIOSK_SETTINGS = [
    "--preset=desktop",
    "--screenEmulation.width=1080",
    "--screenEmulation.height=1920",
    "--screenEmulation.deviceScaleFactor=1",
    "--screenEmulation.mobile=false",
]
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--metrics-recording-only",
    "--password-store=basic",
]


def wait_for(url: str, process: subprocess.Popen | None = None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"{process.args[0]} exited with {process.returncode}") from None
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def start_dev_server(folder: Path, port: int) -> subprocess.Popen:
    """`make run` in miniature: a database of its own with the sample data, served by runserver (DEBUG on)."""
    env = dict(os.environ, DEBUG="1", DATABASE_URL=f"sqlite:///{folder / 'lighthouse.sqlite3'}", LOG_LEVEL="WARNING")
    env.pop("REDIS_URL", None)
    env.pop("REDIS_PAGES_URL", None)
    python = sys.executable
    for command in (["migrate", "--noinput"], ["load_sample_catalogue"], ["load_sample_activities"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_for(f"http://127.0.0.1:{port}/healthz/live", server)
    return server


def start_chromium(folder: Path, port: int) -> subprocess.Popen:
    chromium = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not shutil.which(chromium):
        sys.exit(f"Chromium not found at {chromium}: install Debian's chromium or set CHROME_PATH.")
    browser = subprocess.Popen(
        [chromium, *CHROMIUM_FLAGS, f"--remote-debugging-port={port}", f"--user-data-dir={folder / 'chromium'}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_for(f"http://127.0.0.1:{port}/json/version", browser)
    return browser


def answers(url: str) -> bool:
    try:
        return urllib.request.urlopen(url, timeout=10).status == 200
    except OSError:
        return False


def lighthouse(url: str, debugging_port: int, settings: list[str]) -> dict:
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        f"--port={debugging_port}",
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        "--disable-full-page-screenshot",
        *settings,
    ]
    for attempt in range(1, 4):  # a trace is sometimes lost on a busy machine (NO_NAVSTART): Lighthouse says run again
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        if done.returncode == 0 and done.stdout.strip():
            return json.loads(done.stdout)
        print(f"  lighthouse failed on {url} (attempt {attempt}): {done.stderr.strip()[-300:]}", flush=True)
    raise RuntimeError(f"lighthouse failed three times on {url}")


def below_full_marks(report: dict) -> list[str]:
    """The audits of accessibility, best practices and SEO that did not pass, with the first few elements."""
    lines = []
    for category in CATEGORIES[:3]:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if audit["scoreDisplayMode"] in ("notApplicable", "manual", "informative") or audit["score"] in (None, 1):
                continue
            items = (audit.get("details") or {}).get("items") or []
            where = []
            for item in items[:3]:
                node = item.get("node") if isinstance(item, dict) else None
                where.append((node or {}).get("snippet") or item.get("url", "") if isinstance(item, dict) else "")
            lines.append(f"    {category}: {ref['id']} ({audit['score']}) {audit['title']}")
            lines += [f"      {snippet[:150]}" for snippet in where if snippet]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a server already running (default: start a dev server on the sample data)")
    parser.add_argument("--port", type=int, default=8733, help="the dev server's port on 127.0.0.1")
    parser.add_argument("--debugging-port", type=int, default=9233, help="Chromium's debugging port")
    parser.add_argument("--only", default="", help="labels (or the start of them) to measure, comma-separated")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: npm ci --prefix bench --ignore-scripts --no-audit --no-fund")
    if args.url and urllib.parse.urlsplit(args.url).hostname not in ("127.0.0.1", "localhost"):
        sys.exit("only a server on this machine (127.0.0.1) is measured")

    runs = [(label, path, "standard", []) for label, path in PUBLIC]
    runs += [(label, path, "large", ['--extra-headers={"Cookie": "display=large"}']) for label, path in PUBLIC]
    runs += [(label, path, "kiosk", KIOSK_SETTINGS) for label, path in KIOSK]
    if args.only:
        wanted = [word.strip() for word in args.only.split(",") if word.strip()]
        runs = [run for run in runs if any(run[0].startswith(word) for word in wanted)]

    folder = Path(tempfile.mkdtemp(prefix="zhujing-lighthouse-"))
    processes: list[subprocess.Popen] = []
    try:
        base = args.url.rstrip("/") if args.url else f"http://127.0.0.1:{args.port}"
        if not args.url:
            processes.append(start_dev_server(folder, args.port))
        processes.append(start_chromium(folder, args.debugging_port))
        RESULTS.mkdir(parents=True, exist_ok=True)
        rows, details = [], []
        for label, path, mode, settings in runs:
            url = base + urllib.parse.quote(path, safe="/?=&")
            if not answers(url):
                print(f"skipped {label} ({path}): no page there")
                continue
            report = lighthouse(url, args.debugging_port, settings)
            name = f"{label}-{mode}".replace(" ", "_").replace(":", "").replace("/", "_")
            (RESULTS / f"{name}.json").write_text(json.dumps(report, ensure_ascii=False))
            scores = [round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES]
            paints = [
                report["audits"][a]["displayValue"] for a in ("first-contentful-paint", "largest-contentful-paint")
            ]
            rows.append((label, mode, path, scores, paints))
            print(f"{label:<20} {mode:<8} " + " ".join(f"{s:>4}" for s in scores) + f"   {path}", flush=True)
            if missing := below_full_marks(report):
                details.append(f"  {label} [{mode}] {path}")
                details += missing
    finally:
        for process in reversed(processes):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)

    print()
    print(f"{'page':<20} {'mode':<8} {'a11y':>4} {'best':>4} {'seo':>4} {'perf':>4}   FCP / LCP")
    for label, mode, _path, scores, paints in rows:
        print(f"{label:<20} {mode:<8} " + " ".join(f"{s:>4}" for s in scores) + f"   {paints[0]} / {paints[1]}")
    print()
    print("Below full marks (accessibility, best practices, SEO):" if details else "Nothing below full marks.")
    print("\n".join(details))


if __name__ == "__main__":
    main()
