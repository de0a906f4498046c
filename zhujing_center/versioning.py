"""The *content version*: one number that changes whenever staff change anything a public page shows.

It lives in the shared cache (Redis when REDIS_URL is set), so every app server sees an edit made
on any other. Cached pages (page_cache.py) and cached fragments (fragments.py) carry it in their
keys: bumping it retires all of them at once, without finding or deleting a single key.

The number is bumped as soon as a content model is saved, deleted or relinked, and once more when
the surrounding transaction commits: a page rendered by another request between the two (which
still reads the old rows) is stored under the first bump's number, and the second bump retires it.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest

VERSION_KEY = "content-version"
CONTENT_APPS = {"services", "venues", "activities", "heritage", "zhujing_center"}
REQUEST_ATTRIBUTE = "_content_version"


# What a release changes in rendered HTML: code, templates, translations. Not data, tests or tooling.
RELEASE_SUFFIXES = {".py", ".html", ".txt", ".mo"}
RELEASE_SKIP = {"tests", "bench", "deploy", "docs", "static", "staticfiles", "media", "node_modules", "__pycache__"}


def code_release(root: Path) -> str:
    """A digest of the files under ``root`` that shape rendered pages, so that cached pages and fragments
    made by an older release are never served by a newer one (they share Redis across a deploy)."""
    digest = hashlib.sha256()
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".") and not name.endswith(".egg-info") and name not in RELEASE_SKIP
        )
        for name in sorted(files):
            path = Path(folder, name)
            if path.suffix in RELEASE_SUFFIXES:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@functools.cache
def release() -> str:
    """This running code's release (worked out once per process, in a few milliseconds)."""
    return code_release(settings.BASE_DIR)


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def version_for(request: HttpRequest | None) -> int:
    """The content version, read once per request (so one page never mixes two versions)."""
    if request is None:
        return content_version()
    version = getattr(request, REQUEST_ATTRIBUTE, None)
    if version is None:
        version = content_version()
        setattr(request, REQUEST_ATTRIBUTE, version)
    return version


def bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the key expired or the cache was flushed: any new number retires the old keys
        cache.set(VERSION_KEY, 2, timeout=None)


def bump_content_version(**kwargs) -> None:
    """Signal receiver: a content model changed, every cached page and fragment is now out of date."""
    sender = kwargs.get("sender")
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in CONTENT_APPS:
        return
    bump()
    transaction.on_commit(bump, using=kwargs.get("using"))


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(bump_content_version, dispatch_uid=f"content-version-{signal!r}")
