"""Test settings: the real settings, with a fixed key, a fast hasher and a throw-away media folder."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="zhujing-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="zhujing-test-static-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

SECURE_SSL_REDIRECT = False
# The page cache stays on (PAGE_CACHE_SECONDS from the real settings): the tests run what production runs.

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not SQLite's shared in-memory database: concurrent requests (two editors saving at
    # once, the live server's threads) then take SQLite's real locks, as they do in production.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"zhujing-test-{os.getpid()}.sqlite3")
    }
