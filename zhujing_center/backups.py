"""Back up the whole site (database and uploaded files) to one dated archive, and restore it.

The archive holds ``data.json`` (every table that matters — the catalogue, rooms, activities,
the history of all edits, feedback, staff accounts and groups — as Django's portable JSON, so a
backup taken on SQLite restores into PostgreSQL and back) and ``media/`` (uploaded photos and
their renditions). Search grams are left out and rebuilt on restore.

An archive holds password hashes, two-factor secrets and residents' phone numbers, so it is created
readable by its owner only (0600, from the moment the file exists, whatever the umask), in a folder
made 0700 when this code creates it.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from . import bulk

# Rebuilt, regenerated or worthless after a restore.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
    "services.searchgram",
    "feedback.submissionwindow",  # rate-limit counts, only while the cache was down
]
DATA_NAME = "data.json"
MEDIA_NAME = "media"


def archive_name(now: dt.datetime | None = None) -> str:
    now = timezone.localtime(now or timezone.now())
    return f"zhujing-backup-{now:%Y%m%d-%H%M%S}.tar.gz"


ARCHIVE_MODE = 0o600
FOLDER_MODE = 0o700


def backup(directory: Path) -> Path:
    directory.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    target = directory / archive_name()
    data = io.StringIO()
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        *[f"--exclude={name}" for name in EXCLUDED],
        stdout=data,
        verbosity=0,
    )
    payload = data.getvalue().encode()
    # Created with its final mode (O_EXCL: never an existing file, nor one a symlink points to).
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, ARCHIVE_MODE)
    try:
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            info = tarfile.TarInfo(DATA_NAME)
            info.size = len(payload)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(payload))
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                archive.add(media, arcname=MEDIA_NAME)
    except BaseException:
        target.unlink(missing_ok=True)  # half an archive must not pass for a backup
        raise
    return target


def restore(path: Path) -> None:
    """Load an archive into a migrated database that holds no content yet, and put the files back."""
    with tempfile.TemporaryDirectory() as scratch:
        scratch_path = Path(scratch)
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(scratch_path, filter="data")
        data = scratch_path / DATA_NAME
        if not data.is_file():
            raise ValueError(f"{path} is not a backup made by this site (no {DATA_NAME})")
        # History records come from the archive itself: loading must not add new ones.
        with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic(), bulk.writes():
            call_command("loaddata", str(data), verbosity=0)
        media = scratch_path / MEDIA_NAME
        if media.is_dir():
            shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
