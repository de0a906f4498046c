"""Spreadsheet benchmark: export 5,000 services from the admin and import them back through its import view.

    .venv/bin/python bench/spreadsheets.py [--services 5000] [--database-url postgres://…]

Builds a catalogue of N services (copies of the 80 sample services with every field filled as in the
sample, one per residential area) in a throw-away SQLite file (or in the PostgreSQL database given, which
is dropped and recreated), signs in an editor and, through Django's full request handling (middleware,
admin views, templates) in this process, times for .xlsx and .csv: the export; re-importing the file
unchanged, with two cells changed, and with the most rows one import may change (MAX_CHANGED_ROWS) —
each a preview, then its confirm — and the preview of a file changing every row (refused: over the limit).
Prints seconds, file sizes, this process's peak memory so far and a calibration figure (ms for a
fixed Python loop; this machine's speed varies by up to 40 %). The worker timeout in
deploy/gunicorn.conf.py is 30 s. A benchmark, not a test: it reports figures and asserts nothing.
"""

import argparse
import io
import os
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search import calibration, multiply_catalogue  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=5000)
    parser.add_argument("--database-url", default="", help="a PostgreSQL database to recreate (default: SQLite)")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="zhujing-bench-sheets-")
    if args.database_url:
        from bench.search import recreate_database

        recreate_database(args.database_url)
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["MEDIA_ROOT"] = folder
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from services import search_index
    from services.models import Service
    from zhujing_center.roles import ensure_editor_group
    from zhujing_center.spreadsheets import MAX_CHANGED_ROWS

    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with search_index.deferred():
        call_command("loaddata", "catalogue", verbosity=0)
    multiply_catalogue(args.services)
    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
        f"services: {Service.objects.count()} (filled in {time.perf_counter() - started:.0f} s)"
    )

    setup_test_environment()  # responses carry their template context (the preview's report and confirm form)
    editor = get_user_model().objects.create_user("bench-editor", password="bench-editor-password-1", is_staff=True)
    editor.groups.add(ensure_editor_group())
    client = Client()
    client.force_login(editor)

    export_url = reverse("admin:services_service_export")
    import_url = reverse("admin:services_service_import")
    confirm_url = reverse("admin:services_service_process_import")
    form = client.get(export_url).context["form"]
    formats = {str(label): value for value, label in form.fields["format"].choices if value != ""}
    columns = {name: "on" for name in form.fields if name.startswith("serviceresource_")}

    def timed(label: str, call):
        began = time.perf_counter()
        response = call()
        seconds = time.perf_counter() - began
        print(
            f"  {label:44} {seconds:6.2f} s   (status {response.status_code}, peak memory {peak_mb():.0f} MB,"
            f" cal. {calibration():.0f} ms)"
        )
        return response

    def import_file(label: str, content: bytes, fmt: str, confirm: bool = True):
        upload = io.BytesIO(content)
        upload.name = f"services.{fmt}"
        preview = timed(
            f"{label}: preview",
            lambda: client.post(import_url, {"import_file": upload, "format": formats[fmt], "resource": "0"}),
        )
        report = preview.context.get("report") if preview.context else None
        if report is not None:
            print(
                f"  {'':44} new {report.new}, changed {report.updated}, unchanged {report.unchanged}, "
                f"problems {report.error_count}{': ' + report.problems[0] if report.problems else ''}"
            )
        form = preview.context.get("confirm_form") if preview.context else None
        if confirm and form is not None:
            timed(f"{label}: confirm", lambda: client.post(confirm_url, form.initial))

    for fmt in ("xlsx", "csv"):
        print(f"{fmt}:")
        response = timed(
            f"export {args.services} services",
            lambda fmt=fmt: client.post(export_url, {"format": formats[fmt], "resource": "0", **columns}),
        )
        content = response.content
        size = f"file {len(content) / 1e6:.2f} MB"
        if fmt == "xlsx":
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                size += f", unpacked {sum(m.file_size for m in archive.infolist()) / 1e6:.1f} MB"
        print(f"  {'':44} {size}")
        import_file("unchanged", content, fmt)
        import_file("two cells changed", changed_copy(content, fmt, rows=2), fmt)
        import_file(f"{MAX_CHANGED_ROWS} rows changed", changed_copy(content, fmt, rows=MAX_CHANGED_ROWS), fmt)
        import_file("every row changed", changed_copy(content, fmt, rows=args.services), fmt, confirm=False)


def changed_copy(content: bytes, fmt: str, rows: int) -> bytes:
    """The same file with the 一句话简介 (summary) of its first ``rows`` rows changed."""
    mark = f"（{time.time():.0f}）"
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content))
        sheet = book.active
        column = [cell.value for cell in sheet[1]].index("一句话简介") + 1
        for row in range(2, min(sheet.max_row, rows + 1) + 1):
            cell = sheet.cell(row=row, column=column)
            cell.value = f"{cell.value}{mark}"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    import csv

    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    column = table[0].index("一句话简介")
    for row in table[1 : rows + 1]:
        row[column] = f"{row[column]}{mark}"
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(table)
    return out.getvalue().encode("utf-8-sig")


if __name__ == "__main__":
    main()
